"""Brand DNA benchmark: ingest throughput and query latency of `brand_search` vs a bare Chroma query, 100k chunks.

What is measured (printed as one JSON document; progress on stderr):
1. ingest: `brand_add` end to end (read files, chunk, de-duplicate, embed with the real MiniLM model, journal, Chroma
   add, SQL rows, profile merge) on `--ingest-chunks` passages of generated brand material -> chunks/s, plus the
   share of that time spent embedding;
2. fill: the same collection is filled to `--chunks` records. Embedding 100k passages takes ~10+ minutes on two
   cores, so the extra records reuse the real embeddings of step 1 with Gaussian noise (re-normalised; cosine
   ~0.9 to their source) and carry generated text and the same metadata -> Chroma add throughput;
3. queries: `--queries` natural brand questions, each run through `brand_search(runtime, q, k=5)` and through a
   bare `collection.query(query_texts=[q], n_results=5)` (Chroma embeds with the same registered MiniLM function),
   interleaved (alternating which goes first) in the same process -> p50/p95 of each and the ratio; the same for
   a kind-filtered query (`kinds=["script"]` vs `where={"kind": "script"}`) and, for information, `brand_context`
   (MMR over 20 candidates) against the bare top-5 query.

Run by hand: `python bench/brand_search.py [--chunks 100000] [--ingest-chunks 2000] [--queries 200]`.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")

PRODUCTS = ["oat latte", "mushroom coffee", "cold brew", "chai blend", "cocoa mix", "matcha tin", "decaf roast",
            "travel mug", "starter kit", "refill pouch", "gift box", "espresso pods"]
AUDIENCES = ["remote workers", "night-shift nurses", "students", "new parents", "runners", "designers",
             "small-business owners", "commuters", "teachers", "gamers"]
BENEFITS = ["smooth energy", "no afternoon crash", "real coffee taste", "three simple ingredients", "less caffeine",
            "organic beans", "flexible subscription", "free shipping", "recyclable tins", "a calmer morning"]
TONES = ["warm", "witty", "grounded", "plain-spoken", "playful", "confident", "calm", "direct", "kind", "curious"]
KIND_SECTIONS = {
    "voice": ["Voice and tone", "How we sound", "Personality"],
    "guideline": ["Typography", "Logo use", "Photography", "Formatting", "Calls to action", "Languages"],
    "value_prop": ["Value propositions", "Why customers buy", "Key benefits"],
    "banned": ["Claims we never make", "Words to avoid"],
    "palette": ["Colour palette", "Secondary colours"],
    "script": ["Winning scripts", "Top ads last quarter"],
    "audience": ["Who we talk to", "Personas"],
}
QUESTIONS = [
    "What colours can we use in an ad?", "Which words are we not allowed to say?", "How should our copy sound?",
    "Who is our target customer?", "Which font should headlines use?", "Show me ads that worked well",
    "What call to action should I put on the button?", "Can we say the coffee cures anxiety?",
    "Which languages do we publish in?", "Why should someone buy from us?", "Where is the logo file?",
    "Can customers cancel their subscription?", "Is sarcasm okay in an ad?", "What background colour should I use?",
    "What claims are banned?", "What is our tone of voice?", "Give me a hook for students",
    "How do we talk about caffeine?", "What did our best video ad say?", "Which benefits do we lead with?",
]


def _sentence(rng: random.Random) -> str:
    patterns = [
        "Our {p} gives {a} {b}, every single morning.",
        "Lead with {b} when you talk to {a} about the {p}.",
        "We sound {t} and {t2}: never preachy, never loud, always about {b}.",
        "For {a}, the {p} means {b} without the hype.",
        "Show the {p} in daylight, with {b} in the first three seconds.",
        "Hook: \"{A} deserve {b}.\" Body: the {p} delivers it. CTA: Try your first {p}.",
        "Never promise more than {b}; {a} read labels and compare prices.",
        "Colour {n}: #{h} for {p} packaging aimed at {a}.",
    ]
    return rng.choice(patterns).format(
        p=rng.choice(PRODUCTS), a=rng.choice(AUDIENCES), A=rng.choice(AUDIENCES).capitalize(),
        b=rng.choice(BENEFITS), t=rng.choice(TONES), t2=rng.choice(TONES), n=rng.randint(1, 999),
        h=f"{rng.randint(0, 0xFFFFFF):06X}",
    )


def _paragraph(rng: random.Random, serial: int) -> str:
    return " ".join(_sentence(rng) for _ in range(rng.randint(2, 4))) + f" (ref {serial})"


def _document(rng: random.Random, index: int, sections: int) -> str:
    lines = [f"# Brand book {index}", ""]
    for section in range(sections):
        kind = rng.choice(list(KIND_SECTIONS))
        lines += [f"## {rng.choice(KIND_SECTIONS[kind])} {index}.{section}", _paragraph(rng, index * 1000 + section),
                  ""]
    return "\n".join(lines)


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def _timed_pairs(wrapper, bare, queries: list[str]) -> tuple[list[float], list[float]]:  # type: ignore[no-untyped-def]
    wrapped_ms, bare_ms = [], []
    for index, query in enumerate(queries):
        order = [(wrapper, wrapped_ms), (bare, bare_ms)]
        if index % 2:
            order.reverse()
        for function, sink in order:
            started = time.perf_counter()
            function(query)
            sink.append((time.perf_counter() - started) * 1000)
    return wrapped_ms, bare_ms


def _summary(wrapped: list[float], bare: list[float]) -> dict[str, float]:
    return {
        "wrapper_p50_ms": round(statistics.median(wrapped), 3), "wrapper_p95_ms": round(_pct(wrapped, 0.95), 3),
        "bare_p50_ms": round(statistics.median(bare), 3), "bare_p95_ms": round(_pct(bare, 0.95), 3),
        "p50_ratio": round(statistics.median(wrapped) / statistics.median(bare), 4),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--chunks", type=int, default=100_000, help="records in the collection for the queries")
    parser.add_argument("--ingest-chunks", type=int, default=2_000, help="passages ingested end to end")
    parser.add_argument("--queries", type=int, default=200, help="timed queries per variant")
    parser.add_argument("--home", type=Path, default=None, help="keep the store here (default: a temp folder)")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()

    import numpy as np

    from tools.brand.api import brand_add, brand_context, brand_search
    from tools.brand.store import WORKSPACE_KEY, brand_collection
    from tools.core.runtime import build_runtime
    from tools.core.settings import Settings

    def log(message: str) -> None:
        print(f"[brand bench] {message}", file=sys.stderr, flush=True)

    temp = None
    home = args.home
    if home is None:
        temp = tempfile.mkdtemp(prefix="hookline-brand-bench-")
        home = Path(temp)
    rng = random.Random(args.seed)
    runtime = build_runtime(Settings(home=home, _env_file=None), "bench")
    try:
        # 1. ingest end to end
        sections_per_doc = 20
        docs = max(1, args.ingest_chunks // sections_per_doc)
        folder = home / "material"
        folder.mkdir(parents=True, exist_ok=True)
        paths = []
        for index in range(docs):
            path = folder / f"brand_{index:04d}.md"
            path.write_text(_document(rng, index, sections_per_doc))
            paths.append(path)
        log("loading the embedding model")
        runtime.vectors.embed(["warm-up"])  # model load is once per process, not part of throughput
        log(f"ingesting {docs} documents")
        embed_seconds = [0.0]
        plain_embed = runtime.vectors.embed

        def timed_embed(texts: list[str]):  # type: ignore[no-untyped-def]
            begun = time.perf_counter()
            vectors = plain_embed(texts)
            embed_seconds[0] += time.perf_counter() - begun
            return vectors

        runtime.vectors.embed = timed_embed  # type: ignore[method-assign]
        started = time.perf_counter()
        added = brand_add(runtime, paths)
        ingest_s = time.perf_counter() - started
        runtime.vectors.embed = plain_embed  # type: ignore[method-assign]
        collection = brand_collection(runtime, create=False)
        got = collection.get(include=["embeddings", "metadatas"])

        # 2. fill to --chunks with reused real embeddings
        base = np.asarray(got["embeddings"], dtype=np.float32)
        metadatas = got["metadatas"]
        to_add = max(0, args.chunks - added.added)
        log(f"filling the collection with {to_add} more records (reused embeddings)")
        batch = min(5000, int(runtime.vectors.client.get_max_batch_size()))
        fill_started = time.perf_counter()
        noise_rng = np.random.default_rng(args.seed)
        for start in range(0, to_add, batch):
            size = min(batch, to_add - start)
            source = noise_rng.integers(0, len(base), size)
            vectors = base[source] + noise_rng.normal(0, 0.5 / np.sqrt(base.shape[1]), (size, base.shape[1]))
            vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
            ids = [f"fill-{start + i}" for i in range(size)]
            documents = [f"{metadatas[s]['heading']}\n{_paragraph(rng, 10_000_000 + start + i)}"
                         for i, s in enumerate(source)]
            metas = [{**metadatas[s], "source": f"fill_{(start + i) // 20:05d}.md", "position": (start + i) % 20}
                     for i, s in enumerate(source)]
            collection.add(ids=ids, embeddings=vectors.astype(np.float32), documents=documents, metadatas=metas)
            if (start // batch) % 4 == 0:
                log(f"  {start + size}/{to_add}")
        fill_s = time.perf_counter() - fill_started
        total = collection.count()
        assert all(m[WORKSPACE_KEY] == "bench" for m in metadatas)

        # 3. queries, interleaved, same collection, same process
        queries = [QUESTIONS[i % len(QUESTIONS)] for i in range(args.queries)]
        log("warming up")
        for query in QUESTIONS:
            brand_search(runtime, query, k=5)
            collection.query(query_texts=[query], n_results=5)
        log(f"timing {args.queries} queries per variant")
        plain = _summary(*_timed_pairs(
            lambda q: brand_search(runtime, q, k=5),
            lambda q: collection.query(query_texts=[q], n_results=5), queries))
        filtered = _summary(*_timed_pairs(
            lambda q: brand_search(runtime, q, k=5, kinds=["script"]),
            lambda q: collection.query(query_texts=[q], n_results=5, where={"kind": "script"}), queries))
        mmr = _summary(*_timed_pairs(
            lambda q: brand_context(runtime, q, k=5),
            lambda q: collection.query(query_texts=[q], n_results=5), queries[: max(20, args.queries // 4)]))
        started = time.perf_counter()
        for query in queries:
            runtime.vectors.embed([query])
        embed_query_ms = (time.perf_counter() - started) * 1000 / len(queries)

        result = {
            "benchmark": "brand_search",
            "collection_records": total,
            "embedding_model": "all-MiniLM-L6-v2 (bundled, CPU)",
            "cpu_count": os.cpu_count(),
            "ingest": {
                "chunks": added.added, "documents": docs, "seconds": round(ingest_s, 2),
                "chunks_per_s": round(added.added / ingest_s, 1),
                "embedding_seconds": round(embed_seconds[0], 2),
                "embedding_share": round(embed_seconds[0] / ingest_s, 3),
                "note": "brand_add end to end, model already loaded; passages are embedded with their section "
                        "label plus the label alone (tools/brand/embedding_text.py)",
            },
            "fill": {"records": to_add, "seconds": round(fill_s, 2),
                     "records_per_s": round(to_add / fill_s, 1) if fill_s else None,
                     "note": "Chroma add only, with reused real embeddings plus noise"},
            "query_k5": plain,
            "query_k5_kind_filter": filtered,
            "context_mmr_k5_vs_bare_k5": mmr,
            "embed_one_query_ms": round(embed_query_ms, 3),
            "target": "query p50 <= 1.2 x bare Chroma query on the same collection",
            "target_met": plain["p50_ratio"] <= 1.2 and filtered["p50_ratio"] <= 1.2,
        }
        print(json.dumps(result, indent=2))
    finally:
        if temp is not None:
            shutil.rmtree(temp, ignore_errors=True)


if __name__ == "__main__":
    main()
