"""Benchmarks: extraction speed, full-load speed and peak memory.

The load benchmark builds N articles (default 5,000) from the real articles in
../shared/corpus (falling back to seeds/): article i is corpus article i mod k
with its paragraphs rotated by i // k and a distinct title, so every file has a
different hash and realistic prose. Then the worst case: one file of 1,000,000 quote
marks, which split into parts must each load within the per-article time budget
(archive.limits.ARTICLE_SECONDS). Prints figures; asserts nothing.
"""
from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from archive import ingest, limits, pipeline  # noqa: E402
from archive.extract import extract_article  # noqa: E402


def source_articles():
    corpus = ROOT.parent / "shared" / "corpus"
    folder = corpus if corpus.exists() else ROOT / "seeds"
    arts = []
    for path in ingest.find_files([folder]):
        arts.extend(a for a in ingest.iter_articles(path) if not isinstance(a, Exception))
    return folder, arts


def bench_extract(arts, rounds: int) -> None:
    extract_article(arts[0])  # build the pipeline and gazetteers once, outside the timing
    words = sum(len(a.body.split()) for a in arts) * rounds
    t0 = time.perf_counter()
    for _ in range(rounds):
        for a in arts:
            extract_article(a)
    dt = time.perf_counter() - t0
    print(f"extract: {len(arts) * rounds} articles, {words:,} words in {dt:.1f} s "
          f"= {words / dt:,.0f} words/s, {len(arts) * rounds / dt:.1f} articles/s")


def build_corpus(arts, n: int, out: Path) -> None:
    for i in range(n):
        a = arts[i % len(arts)]
        paras = [p for p in a.body.split("\n\n") if p.strip()]
        r = (i // len(arts)) % max(1, len(paras))
        body = "\n\n".join(paras[r:] + paras[:r])
        front = f"---\ntitle: {a.title or a.name} (copy {i})\n"
        if a.published:
            front += f"published: {a.published}\n"
        (out / f"bench_{i:05d}.txt").write_text(front + "---\n" + body + "\n", encoding="utf-8")


def bench_load(arts, n: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        src = tmp / "articles"
        src.mkdir()
        build_corpus(arts, n, src)
        files = pipeline.find_files([src])
        t0 = time.perf_counter()
        summary = pipeline.load_files(tmp / "bench.db", files)
        dt = time.perf_counter() - t0
        print(f"load: {n} articles in {dt:.1f} s = {n / dt:.1f} articles/s ({summary.describe()})")
        t0 = time.perf_counter()
        summary = pipeline.load_files(tmp / "bench.db", files)
        dt = time.perf_counter() - t0
        print(f"reload (all unchanged): {n} articles in {dt:.1f} s = {n / dt:.1f} articles/s")
        size = (tmp / "bench.db").stat().st_size
        print(f"database: {size / 1e6:.1f} MB")


def bench_worst_case(chars: int = 1_000_000) -> None:
    """A quote storm: spaCy's tokenizer once took minutes for 50,000 quote marks."""
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        (tmp / "storm.txt").write_text('"' * chars, encoding="utf-8")
        parts = sum(1 for _ in ingest.iter_articles(tmp / "storm.txt"))
        t0 = time.perf_counter()
        summary = pipeline.load_files(tmp / "storm.db", [tmp / "storm.txt"])
        dt = time.perf_counter() - t0
        print(f"worst case (quote storm, {chars:,} characters): {parts} parts in {dt:.1f} s "
              f"= {dt / parts:.1f} s per article, budget {limits.ARTICLE_SECONDS} s ({summary.describe()})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=5000, help="articles in the load benchmark")
    parser.add_argument("--rounds", type=int, default=3, help="passes over the source articles for extraction")
    args = parser.parse_args()
    folder, arts = source_articles()
    print(f"source: {len(arts)} real articles from {folder}")
    bench_extract(arts, args.rounds)
    bench_load(arts, args.articles)
    bench_worst_case()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory: {peak:.0f} MB")


if __name__ == "__main__":
    main()
