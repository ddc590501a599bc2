"""Narrow stand-ins for the agent and the importers, for tests whose subject is the Slack machinery itself
(failures injected mid-turn, a process killed mid-turn, attachments kept in shared storage) and for the ack
benchmark's background load. End-to-end tests drive the real `AgentService` (see agent_gateway.py).

They implement the same ports as production (`AgentGateway`, `FileActions`), write real files and report progress
through the real callback, and record every call so tests can prove exactly-once behaviour.
"""

from __future__ import annotations

import csv
import io
import re
import threading
import uuid
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from integrations.slack.agent_port import ApprovalInfo, TurnResult
from integrations.slack.file_port import blueprint_reply, ingest_reply

PNG_1PX = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005"
    "0101ff5ac3c1f50000000049454e44ae426082"
)


def variant_score(index: int) -> int:
    return 40 + (index * 37) % 57


class ScriptedAgent:
    """Answers like the agent: variants requests render files (optionally after an approval), others echo."""

    def __init__(self, *, approval_for_variants: bool = False, fail: Exception | None = None,
                 block: threading.Event | None = None) -> None:
        self.approval_for_variants = approval_for_variants
        self.fail = fail
        self.block = block
        self.chats: list[dict[str, Any]] = []
        self.resumes: list[dict[str, Any]] = []
        self.pending: dict[str, int] = {}
        self._lock = threading.Lock()

    def chat(self, runtime: Any, *, text: str, thread_id: str, user: str | None, channel: str | None,
             attachments: list[Path], progress: Any) -> TurnResult:
        with self._lock:
            self.chats.append({"workspace": runtime.workspace, "text": text, "thread_id": thread_id, "user": user,
                               "channel": channel, "attachments": [Path(a) for a in attachments],
                               "contents": [Path(a).read_bytes() for a in attachments]})
        if self.block is not None:
            self.block.wait(30)
        if self.fail is not None:
            raise self.fail
        if "variants" in text:
            match = re.search(r"\b(\d+)\b", text)
            count = int(match.group(1)) if match else 20
            if self.approval_for_variants:
                with self._lock:
                    approval_id = f"apr-{uuid.uuid4().hex[:8]}"
                    self.pending[thread_id] = count
                return TurnResult(
                    reply=f"I can make {count} variants of last week's winner.",
                    approval=ApprovalInfo(id=approval_id, thread_id=thread_id,
                                          summary=f"Render {count} variants of last week's winner",
                                          actions=["approve", "reject", "edit"], details={"count": count}),
                )
            return self.render(runtime, count, progress)
        return TurnResult(reply=f"Noted: {text}", attachments=[])

    def resume(self, runtime: Any, *, thread_id: str, approved: bool, count: int | None, note: str | None,
               progress: Any) -> TurnResult:
        with self._lock:
            self.resumes.append({"workspace": runtime.workspace, "thread_id": thread_id, "approved": approved,
                                 "count": count, "note": note})
        if not approved:
            return TurnResult(reply="Understood: nothing was rendered.")
        return self.render(runtime, count or self.pending.get(thread_id, 20), progress)

    def render(self, runtime: Any, count: int, progress: Any) -> TurnResult:
        out = Path(runtime.assets_dir) / f"variants-{uuid.uuid4().hex}"
        out.mkdir(parents=True)
        variants, files = [], []
        for index in range(1, count + 1):
            path = out / f"variant-{index:02d}.png"
            path.write_bytes(PNG_1PX + index.to_bytes(2, "big"))
            files.append(str(path))
            variants.append({"id": f"v{index:02d}", "hook": f"Hook number {index}", "headline": f"Headline {index}",
                             "score": variant_score(index), "assets": [str(path)]})
            if progress is not None:
                progress(SimpleNamespace(stage="rendering", done=index, total=count, message=None))
        sheet = out / "contact_sheet.png"
        sheet.write_bytes(PNG_1PX)
        table = out / "variants.csv"
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(["id", "hook", "score"])
        writer.writerows([v["id"], v["hook"], v["score"]] for v in variants)
        table.write_text(buffer.getvalue())
        return TurnResult(reply=f"Made {count} variants of last week's winner.",
                          attachments=[str(sheet), str(table), *files],
                          data={"source": "winner", "variants": variants, "contact_sheet": str(sheet)})


class RecordingFileActions:
    """Counts rows like an importer would and records exactly what it was handed."""

    def __init__(self) -> None:
        self.ingested: list[dict[str, Any]] = []
        self.extracted: list[dict[str, Any]] = []

    def ingest(self, runtime: Any, paths: list[Path]) -> TurnResult:
        rows = list(csv.DictReader(io.StringIO(paths[0].read_text())))
        self.ingested.append({"workspace": runtime.workspace, "paths": paths, "content": paths[0].read_bytes()})
        ads = len({r.get("Ad ID") or r.get("Ad name") for r in rows})
        return ingest_reply({"rows": len(rows), "ads": ads, "source": "meta", "currency": "EUR",
                             "date_start": "2026-11-16", "date_end": "2026-11-22", "warnings": []},
                            [p.name for p in paths])

    def extract(self, runtime: Any, path: Path) -> TurnResult:
        self.extracted.append({"workspace": runtime.workspace, "path": path})
        return blueprint_reply({"kind": "video", "duration_s": 12.0, "cuts_s": [1.0, 2.5], "pace": "fast"},
                               path.name)
