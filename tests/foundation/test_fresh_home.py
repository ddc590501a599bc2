"""Several processes opening a brand-new home at once all succeed: SQLite migrations run under a file lock."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

from tests.conftest import REPO_ROOT

CSV = ("Date,Ad ID,Ad name,Amount spent (USD),Impressions,Link clicks\n"
       "2026-11-01,A1,Spring hook,10,1000,12\n2026-11-02,A1,Spring hook,12,1100,13\n")


def _start(args: list[str], home: Path) -> subprocess.Popen[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("HOOKLINE_") or k.startswith("HOOKLINE_TEST")}
    env.update({"HOOKLINE_HOME": str(home), "PYTHONPATH": str(REPO_ROOT)})
    return subprocess.Popen([sys.executable, "-m", "integrations.cli", "--json", *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=env, cwd=str(REPO_ROOT))


def test_three_processes_on_a_fresh_home_all_succeed(tmp_path: Path) -> None:
    export = tmp_path / "ads.csv"
    export.write_text(CSV)
    for attempt in range(2):
        home = tmp_path / f"home-{attempt}"  # brand new: no folder, no database
        processes = [_start(["ingest", str(export)], home) for _ in range(2)] + [_start(["schedule", "list"], home)]
        outputs = [p.communicate(timeout=300) for p in processes]
        results = [(p.returncode, out, err) for p, (out, err) in zip(processes, outputs, strict=True)]
        for code, _out, stderr in results:
            assert code == 0, stderr
            assert "already exists" not in stderr
        assert json.loads(results[2][1])["schedules"] == []
        with sqlite3.connect(home / "hookline.db") as db:  # the same rows twice are one set of rows (upsert)
            assert db.execute("select count(*) from performance_daily").fetchone()[0] == 2
            heads = {row[0] for row in db.execute("select version_num from alembic_version")}
        assert heads and all(head for head in heads)
