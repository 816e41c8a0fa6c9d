"""Benchmarks: extraction, loads on every core, loads that scale, and the server time of every page.

- extract: words/s of extraction alone (the spaCy pipelines, one process).
- jobs: a full load of N real articles (default 1,000) with --jobs 1 and --jobs 2: articles/s,
  words/s and the speed-up. Article i is corpus article i mod k (../shared/corpus, else seeds/)
  with its paragraphs rotated by i // k and its own title, so every file has its own hash.
- scale: storing and resolving varied synthetic articles (bench/synthetic.py: their own names,
  places and dates; not copies) through `archive load --extractions`, at 1k, 10k and 50k
  articles: articles/s, resolution candidates scored per person, and the no-op reload of the
  largest.
- worst case: one file of 1,000,000 quote marks, whose parts must each load within the
  per-article time budget (archive.limits.ARTICLE_SECONDS).
- pages: the corpus loaded 20 times over, and a one-million-statement archive
  (bench/million.py, built in minutes): the server time of every page of the browsing
  experience (in process, no browser) against a 300 ms budget.

`make bench` runs them all (about half an hour on 2 cores); --only picks some. Prints
figures; asserts nothing.
"""
from __future__ import annotations

import argparse
import asyncio
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from archive import ingest, limits, pipeline, publish, resolve, workers  # noqa: E402
from archive.extract import extract_article  # noqa: E402

SECTIONS = ("extract", "jobs", "scale", "worst", "pages", "million")


def source_articles():
    corpus = ROOT.parent / "shared" / "corpus"
    folder = corpus if corpus.exists() else ROOT / "seeds"
    arts = []
    for path in ingest.find_files([folder]):
        arts.extend(a for a in ingest.iter_articles(path) if not isinstance(a, Exception))
    return folder, arts


def bench_extract(arts, rounds: int) -> None:
    """On the same texts, in one run: words/s of extraction (the cascade), of a full load into a new
    archive, and of the statistical pipeline (en_core_web_sm, every component) over every sentence."""
    import spacy

    from archive import nlp

    full = spacy.load(nlp.MODEL)
    for a in arts:  # one untimed pass of each: models, gazetteers and caches loaded, as in a long load
        extract_article(a)
    list(full.pipe(a.body for a in arts))
    words = sum(len(a.body.split()) for a in arts) * rounds
    files = list(dict.fromkeys(Path(a.path.split("#")[0]) for a in arts))
    wall = {"extract": 0.0, "model": 0.0, "load": 0.0}
    cpu = dict(wall)

    def timed(key, work):
        w0, c0 = time.perf_counter(), time.process_time()
        work()
        wall[key] += time.perf_counter() - w0
        cpu[key] += time.process_time() - c0

    for _ in range(rounds):  # the three alternate, so a busy spell of the machine falls on each
        timed("extract", lambda: [extract_article(a) for a in arts])
        timed("model", lambda: list(full.pipe(a.body for a in arts)))
        with tempfile.TemporaryDirectory() as tmp:
            timed("load", lambda: pipeline.load_files(Path(tmp) / "bench.db", files))
    rate = {k: words / v for k, v in wall.items()}
    cpu_rate = {k: words / v for k, v in cpu.items()}
    print(f"extract: {len(arts) * rounds} articles, {words:,} words: {rate['extract']:,.0f} words/s "
          f"({cpu_rate['extract']:,.0f} per CPU second)")
    print(f"load (extract + resolve + store, new archive): {rate['load']:,.0f} words/s")
    print(f"statistical pipeline over every sentence (en_core_web_sm, all components): {rate['model']:,.0f} words/s "
          f"({cpu_rate['model']:,.0f} per CPU second)")
    print(f"extraction / full statistical pipeline: {rate['extract'] / rate['model']:.2f}x wall-clock, "
          f"{cpu_rate['extract'] / cpu_rate['model']:.2f}x CPU time")


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


def bench_jobs(arts, n: int, jobs_list=(1, 2), rounds: int = 2) -> None:
    """A full load of n real articles into an empty archive with each number of jobs, in alternating
    rounds (the machine is shared: the best round of each is the one least disturbed)."""
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        src = tmp / "articles"
        src.mkdir()
        build_corpus(arts, n, src)
        files = pipeline.find_files([src])
        words = sum(len(a.body.split()) for f in files for a in ingest.iter_articles(f) if not isinstance(a, Exception))
        extract_article(arts[0])  # the pipelines loaded before the timing (workers fork with them)
        best = {}
        for round_ in range(rounds):
            for jobs in jobs_list:
                db_path = tmp / f"jobs{jobs}-{round_}.db"
                t0 = time.perf_counter()
                summary = pipeline.load_files(db_path, files, jobs=jobs)
                dt = time.perf_counter() - t0
                best[jobs] = min(best.get(jobs, dt), dt)
                print(f"load --jobs {jobs} (round {round_ + 1}): {n} articles in {dt:.1f} s = {n / dt:.1f} articles/s, "
                      f"{words / dt:,.0f} words/s ({summary.describe()})", flush=True)
                if round_ < rounds - 1:
                    db_path.unlink()
        print("best rounds: " + ", ".join(f"--jobs {j} {n / s:.1f} articles/s ({best[jobs_list[0]] / s:.2f}x)"
                                          for j, s in best.items()) + f" (machine: {workers.cores()} cores)")
        t0 = time.perf_counter()
        pipeline.load_files(tmp / f"jobs{jobs_list[-1]}-{rounds - 1}.db", files, jobs=jobs_list[-1])
        print(f"reload (all unchanged): {n} articles in {time.perf_counter() - t0:.1f} s")


def bench_scale(sizes) -> None:
    """Storing and resolving varied synthetic articles at each size, into an empty archive."""
    import synthetic

    scored = {"people": 0, "candidates": 0}
    real = resolve._candidates

    def counted(db, keys):
        found = real(db, keys)
        scored["people"] += 1
        scored["candidates"] += len(found)
        return found

    resolve._candidates = counted
    try:
        for n in sizes:
            with tempfile.TemporaryDirectory() as tmp:
                tmp = Path(tmp)
                paths = synthetic.write(tmp / "extractions", n)
                scored.update(people=0, candidates=0)
                t0 = time.perf_counter()
                summary = pipeline.load_extractions(tmp / "scale.db", paths)
                dt = time.perf_counter() - t0
                print(f"scale {n:>6,} articles: stored in {dt:6.1f} s = {n / dt:5.0f} articles/s, "
                      f"{scored['candidates'] / max(1, scored['people']):.2f} candidates scored per person "
                      f"({summary.describe()})", flush=True)
                t0 = time.perf_counter()
                pipeline.load_extractions(tmp / "scale.db", paths)
                noop = time.perf_counter() - t0
                print(f"scale {n:>6,} articles: no-op reload in {noop:.1f} s; summary tables rebuilt in "
                      f"{_rebuild_seconds(tmp / 'scale.db'):.1f} s (once per load that changed something); "
                      f"database {(tmp / 'scale.db').stat().st_size / 1e6:.0f} MB", flush=True)
    finally:
        resolve._candidates = real


def _rebuild_seconds(db_path: Path) -> float:
    """How long the end-of-load rebuild of the summary tables takes on this archive."""
    from archive import store, summaries

    with store.writing(db_path) as db:
        t0 = time.perf_counter()
        with store.transaction(db):
            summaries.rebuild(db, store.now())
        return time.perf_counter() - t0


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


PAGE_BUDGET_MS = 300
PAGE_RUNS = 5
# Pages of the archive, with the ids they need found by SQL in the benchmark database.
PAGES = [
    "/", "/-/map", "/-/map?country=US", "/-/map?person={person}&from=2000&to=2015",
    "/-/timeline", "/-/timeline?person={person}", "/-/timeline?country=CN&from=2004&to=2005",
    "/-/meets", "/-/meets?max=5&from=2004&to=2018", "/-/meets?view=people",
    "/-/meets?view=people&max=5&from=2004&to=2018", "/-/meets?country=US",
    "/-/search?q=Lavrov", "/-/search?q=Lavrov+NATO", "/-/search?q=Iraq+OR+Iran", "/-/search?q=China&kind=meetings",
    "/-/search?q=%22unbalanced", "/-/review", "/-/article/{article}",
    "/archive/people/{person}", "/archive/countries/US", "/archive/meetings/{meeting}",
    "/archive/statements/{statement}", "/archive/places/{place}", "/archive/organisations/{organisation}",
    "/archive/articles/{article}", "/archive/articles", "/archive/meeting_rows", "/archive/statement_rows",
    "/archive/statement_rows?_search=trade", "/archive/statement_rows?_search=trade+sanctions",
    "/archive/statement_rows?_search=zzzunknown", "/archive/statement_rows?speaker_country=US",
    "/archive/meeting_rows?host_country=FR", "/archive/people", "/archive/meetings",
]
IDS_SQL = {
    "person": "select id from people order by mention_count desc limit 1",
    "meeting": "select id from meeting_rows order by country_count desc limit 1",
    "statement": "select id from statement_rows where speaker_id is not null limit 1",
    "place": "select place_id from meeting_rows where place_id is not null limit 1",
    "organisation": "select organisation_id from statements where organisation_id is not null limit 1",
    "article": "select article_id from meeting_rows order by country_count desc limit 1",
}


def bench_pages(arts, copies: int) -> None:
    """Load the source articles ``copies`` times over and time every page in process."""
    n = len(arts) * copies
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        src = tmp / "articles"
        src.mkdir()
        build_corpus(arts, n, src)
        db_path = tmp / "archive.db"  # metadata.yml describes the database "archive"
        t0 = time.perf_counter()
        pipeline.load_files(db_path, pipeline.find_files([src]), jobs=workers.cores())
        print(f"pages: {len(arts)} articles x {copies} = {n} loaded in {time.perf_counter() - t0:.1f} s")
        asyncio.run(_time_pages(db_path))


def bench_million(articles: int) -> None:
    """Build the one-million-statement archive (bench/million.py) and time every page."""
    import million

    with tempfile.TemporaryDirectory() as tmp:
        db_path = Path(tmp) / "archive.db"
        times = million.build(db_path, articles)
        print("million: built in " + ", ".join(f"{step} {s:.0f} s" for step, s in times.items())
              + f"; {db_path.stat().st_size / 1e9:.1f} GB", flush=True)
        asyncio.run(_time_pages(db_path))
        bare = million.load_more(db_path, articles, 10, review_list=False)
        print(f"million: 10 new articles loaded in {bare:.1f} s without the review list, "
              f"{million.load_more(db_path, articles + 10, 10):.1f} s with it", flush=True)


async def _time_pages(db_path: Path) -> None:
    import sqlite3

    import yaml
    from datasette.app import Datasette

    conn = sqlite3.connect(db_path)
    ids = {key: (conn.execute(sql).fetchone() or [1])[0] for key, sql in IDS_SQL.items()}
    counts = conn.execute("select (select count(*) from statement_rows), (select count(*) from meeting_rows), "
                          "(select count(*) from people)").fetchone()
    conn.close()
    print(f"pages: {counts[0]} statements, {counts[1]} meetings, {counts[2]} people; "
          f"median and slowest of {PAGE_RUNS} runs after one warm-up")
    metadata = yaml.safe_load((ROOT / "metadata.yml").read_text(encoding="utf-8"))
    ds = Datasette([str(db_path)], metadata=metadata, settings=publish.settings())  # as `archive serve`
    await ds.invoke_startup()
    slowest = 0.0
    for template in PAGES:
        path = template.format(**ids)
        response = await ds.client.get(path)  # warm-up: caches, the first query plans
        times = []
        for _ in range(PAGE_RUNS):
            t0 = time.perf_counter()
            response = await ds.client.get(path)
            times.append((time.perf_counter() - t0) * 1000)
        slowest = max(slowest, max(times))
        flag = "" if max(times) < PAGE_BUDGET_MS and response.status_code == 200 else "  <-- over budget or failed"
        print(f"  {statistics.median(times):6.0f} ms  (max {max(times):4.0f})  {response.status_code}  {path}{flag}")
    print(f"pages: slowest {slowest:.0f} ms (budget {PAGE_BUDGET_MS} ms)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--only", nargs="+", choices=SECTIONS, default=list(SECTIONS), help="sections to run")
    parser.add_argument("--articles", type=int, default=1000, help="real articles in the --jobs benchmark")
    parser.add_argument("--jobs-rounds", type=int, default=2, help="alternating rounds of --jobs 1 and 2")
    parser.add_argument("--rounds", type=int, default=3, help="passes over the source articles for extraction")
    parser.add_argument("--scale", type=int, nargs="+", default=[1000, 10_000, 50_000],
                        help="sizes of the synthetic archives of the scale benchmark")
    parser.add_argument("--copies", type=int, default=20, help="times the source articles are loaded for pages")
    parser.add_argument("--million-articles", type=int, default=50_000,
                        help="synthetic articles of the million-statement archive (20 statements each)")
    args = parser.parse_args()
    folder, arts = source_articles()
    print(f"source: {len(arts)} real articles from {folder}")
    if "extract" in args.only:
        bench_extract(arts, args.rounds)
    if "jobs" in args.only:
        bench_jobs(arts, args.articles, rounds=args.jobs_rounds)
    if "scale" in args.only:
        bench_scale(args.scale)
    if "worst" in args.only:
        bench_worst_case()
    if "pages" in args.only:
        bench_pages(arts, args.copies)
    if "million" in args.only:
        bench_million(args.million_articles)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory (this process): {peak:.0f} MB")


if __name__ == "__main__":
    main()
