"""Evaluation: brand books of different shapes → parsed profile vs expected, and `variants --from winner -n 20` quality.

For every book (`<stem>.md|.txt` with `<stem>.expected.yaml` beside it) a fresh workspace gets the same export with
no ad copy (the simulator's Meta export with the Headline, Body and CTA columns removed), then the book. It reports,
per book: each profile field's expected values found / missing / extra, and for the variants: count, distinct hooks
and hook+headline pairs, the copy oracle's complaints (tests/creator/copy_oracle.py: preposition + verb, doubled
words, repeated sentences, banned terms, false quotes), "Watch…" hooks on a static source, distinct scores and warnings.

    python bench/creator_books.py [--books tests/creator/books/frozen] [--n 20] [--out report.json]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path[:] = [str(ROOT)] + [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")

FIELD_MAP = {"brand_name": "name", "ctas": "cta_preferences"}
LIST_FIELDS = ("tone", "voice_rules", "banned_words", "banned_claims", "ctas", "value_props", "product_facts",
               "unusable_sections")


def norm(text: Any) -> str:
    return " ".join(re.sub(r"[^\w%$#&/+-]+", " ", str(text).casefold()).split())


def no_copy_export(folder: Path) -> Path:
    """The simulator's Meta export without any ad copy columns (a winner whose copy we do not know)."""
    import pandas as pd

    from tools.simulator import SimConfig, simulate_account
    from tools.simulator.config import DATA_DIR

    path = simulate_account(SimConfig(brand_file=DATA_DIR / "brand_mossbrew.yaml", n_creatives=60, weeks=6)
                            ).write(folder / "export_full.csv")
    frame = pd.read_csv(path)
    frame = frame.drop(columns=[c for c in ("Headline", "Body", "Call to action type") if c in frame])
    out = folder / "export_no_copy.csv"
    frame.to_csv(out, index=False)
    return out


def compare_profile(profile: dict[str, Any], expected: dict[str, Any]) -> dict[str, Any]:
    report: dict[str, Any] = {}
    name = profile.get("name")
    report["brand_name"] = {"expected": expected.get("brand_name"), "got": name,
                            "ok": norm(name or "") == norm(expected.get("brand_name") or "")}
    for field in LIST_FIELDS:
        want = [str(v) for v in expected.get(field) or []]
        got_raw = profile.get(FIELD_MAP.get(field, field))
        if got_raw is None:
            report[field] = {"missing_field": True, "expected": len(want)}
            continue
        got = [str(v) for v in got_raw]
        got_n = {norm(v) for v in got}
        want_n = {norm(v) for v in want}
        report[field] = {"expected": len(want), "found": sum(norm(v) in got_n for v in want),
                         "missing": [v for v in want if norm(v) not in got_n],
                         "extra": [v for v in got if norm(v) not in want_n]}
    for field, keys in (("proof", ("kind", "text", "attribution")), ("offers", ("text", "condition"))):
        want = expected.get(field) or []
        got_raw = profile.get(field)
        if got_raw is None:
            report[field] = {"missing_field": True, "expected": len(want)}
            continue
        got_text = {norm(g.get("text")): g for g in got_raw}
        found, partial, missing = 0, [], []
        for item in want:
            match = got_text.get(norm(item["text"]))
            if match is None:
                missing.append(item["text"])
                continue
            wrong = [k for k in keys if k != "text" and item.get(k) and norm(item[k]) != norm(match.get(k) or "")]
            if wrong:
                partial.append({"text": item["text"], "wrong": {k: match.get(k) for k in wrong}})
            else:
                found += 1
        extra = [g.get("text") for g in got_raw if norm(g.get("text")) not in {norm(w["text"]) for w in want}]
        report[field] = {"expected": len(want), "found": found, "partial": partial, "missing": missing,
                         "extra": extra}
    want = expected.get("palette") or []
    got = {str(c["hex"]).upper(): c for c in profile.get("palette") or []}
    wrong = []
    found = 0
    for colour in want:
        match = got.get(colour["hex"].upper())
        ok = match is not None and norm(match.get("name") or "") == norm(colour.get("name") or "") and (
            not colour.get("role") or norm(match.get("role") or "") == norm(colour["role"]))
        found += ok
        if not ok:
            wrong.append({"expected": colour, "got": match})
    report["palette"] = {"expected": len(want), "found": found, "wrong": wrong,
                         "extra": [h for h in got if h not in {c["hex"].upper() for c in want}]}
    totals = [(v.get("found", 0), v.get("expected", 0)) for k, v in report.items() if k != "brand_name"]
    report["summary"] = {"found": sum(f for f, _ in totals) + report["brand_name"]["ok"],
                         "expected": sum(e for _, e in totals) + 1}
    return report


def evaluate_variants(doc: dict[str, Any], expected: dict[str, Any], static_source: bool) -> dict[str, Any]:
    from tests.creator.copy_oracle import variant_problems

    variants = doc["variants"]
    banned = [*expected.get("banned_words", []), *expected.get("banned_claims", [])]
    quotes = [p["text"] for p in expected.get("proof", []) if p.get("kind") in ("quote", "press")]
    problems: dict[str, list[str]] = {}
    for v in variants:
        for problem in variant_problems(v["hook"], v["headline"], v["body"], v["cta"], banned=banned,
                                        real_quotes=quotes):
            kind = re.sub(r"^\w+: ", "", problem).split(" '")[0]
            problems.setdefault(kind, []).append(f"{problem} [{v['hook']} | {v['headline']} | {v['body']}]")
    watch = [v["hook"] for v in variants if static_source and re.match(r"(?i)(watch|see)\b", v["hook"])]
    scores = [v["score"] for v in variants]
    return {
        "variants": len(variants),
        "distinct_hooks": len({v["hook"].casefold() for v in variants}),
        "distinct_hook_headline": len({(v["hook"].casefold(), v["headline"].casefold()) for v in variants}),
        "distinct_scores": len(set(scores)),
        "score_range": [min(scores), max(scores)] if scores and None not in scores else None,
        "problem_counts": {k: len(v) for k, v in problems.items()},
        "problems": {k: v[:4] for k, v in problems.items()},
        "watch_hooks_on_static": watch,
        "warnings": doc.get("warnings", []),
        "evidence": (variants[0].get("predicted") or {}).get("basis") if variants else None,
        "sample": [{k: v[k] for k in ("hook", "headline", "body", "cta", "score")} for v in variants[:20]],
    }


def run_book(book: Path, export: Path, home: Path, n: int) -> dict[str, Any]:
    import yaml

    from tools.brand.api import brand_add, brand_profile
    from tools.core.errors import HooklineError
    from tools.core.runtime import build_runtime
    from tools.core.settings import Settings
    from tools.creator.api import generate_variants, summarise
    from tools.ingest.api import ingest_files

    expected_file = book.with_name(book.stem + ".expected.yaml")
    expected = yaml.safe_load(expected_file.read_text(encoding="utf-8")) if expected_file.exists() else {}
    runtime = build_runtime(Settings(home=home, _env_file=None), re.sub(r"[^a-z0-9]+", "-", book.stem.lower()))
    ingest_files(runtime, [export])
    brand_add(runtime, [book])
    profile = brand_profile(runtime).model_dump(mode="json")
    out: dict[str, Any] = {"book": book.name,
                           "profile": compare_profile(profile, expected) if expected else {"parsed": profile}}
    started = time.perf_counter()
    try:
        result = generate_variants(runtime, n=n, formats=["1x1"], out_dir=home / f"variants-{book.stem}")
    except HooklineError as exc:
        out["variants"] = {"variants": 0, "error": f"{exc.__class__.__name__}: {exc}"}
        return out
    doc = summarise(result)
    kind = (result.variants[0].attributes.get("kind") if result.variants else None) or ""
    out["variants"] = evaluate_variants(doc, expected, static_source=kind.lower() in ("image", "static", ""))
    out["variants"]["source_kind"] = kind
    out["variants"]["seconds"] = round(time.perf_counter() - started, 2)
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--books", nargs="+", default=[str(ROOT / "tests" / "creator" / "books" / "frozen")])
    parser.add_argument("--n", type=int, default=20)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    home = Path(tempfile.mkdtemp(prefix="hookline-books-"))
    export = no_copy_export(home)
    books = [Path(f) for f in args.books if Path(f).is_file()] + sorted(
        p for folder in args.books if Path(folder).is_dir() for p in Path(folder).iterdir()
        if p.suffix in (".md", ".txt") and p.with_name(p.stem + ".expected.yaml").exists())
    results = [run_book(book, export, home, args.n) for book in books]
    report = {"books": results, "load_average": os.getloadavg(), "cpu_count": os.cpu_count()}
    text = json.dumps(report, indent=2, ensure_ascii=False)
    if args.out:
        args.out.write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
