"""Benchmark: throughput per stage and end to end, memory, model load, predict() latency.

    python bench/run.py --rows 50000        (make bench N=50000)

Prints a table and writes bench/results.json. Timing only: nothing here asserts a speed.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

import psutil

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from pipeline.api import Tagger, default_model_path  # noqa: E402
from pipeline.corpus import load_postings  # noqa: E402
from pipeline.evaluate import read_devset  # noqa: E402
from pipeline.model import CLASSIFY_FROM  # noqa: E402


def synthetic_board(postings: list, rows: int, path: Path, seed: int = 0) -> float:
    """Resample corpus postings (longer ones more often, ~1,500 characters on average), shuffled."""
    rng = random.Random(seed)
    weights = [len(p.full_text) for p in postings]
    total = 0
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(["id", "title", "description"])
        for index, posting in enumerate(rng.choices(postings, weights=weights, k=rows)):
            writer.writerow([index, posting.title, posting.text])
            total += len(posting.full_text)
    return total / rows


def rate(function, items) -> float:
    started = time.perf_counter()
    for item in items:
        function(item)
    return len(items) / (time.perf_counter() - started)


def stage_rates(tagger: Tagger, texts: list[str]) -> dict[str, float]:
    from langdetect import DetectorFactory, detect

    DetectorFactory.seed = 0
    normalize, language, tokens = (tagger.model.steps[i][1] for i in range(3))
    clean = normalize.transform(texts)
    documents = language.transform(clean)
    processed = tokens.transform(documents)
    tail = tagger.model[CLASSIFY_FROM + 1 :]
    started = time.perf_counter()
    tail.predict(processed)
    vectorise = len(texts) / (time.perf_counter() - started)
    plain = [None] * len(clean)
    started = time.perf_counter()
    for i, text in enumerate(clean):
        plain[i] = detect(text)
    plain_rate = len(clean) / (time.perf_counter() - started)
    ours = rate(language.detect, clean)
    disagree = sum(p != d.language for p, d in zip(plain, documents)) / len(clean)
    return {
        "normalise": rate(lambda t: normalize.transform([t]), texts),
        "language (project)": ours,
        "language (plain langdetect.detect)": plain_rate,
        "spaCy processing": rate(lambda d: tokens.process(d.text, d.language), documents),
        "vectorise + predict": vectorise,
        "language disagreement share (sample)": disagree,
    }


def agreement_on_labelled_texts(tagger: Tagger, texts: list[str]) -> float:
    from langdetect import DetectorFactory, detect
    from langdetect.lang_detect_exception import LangDetectException

    DetectorFactory.seed = 0
    normalize, language = tagger.model.steps[0][1], tagger.model.steps[1][1]
    agree = 0
    for text in normalize.transform(texts):
        try:
            plain = detect(text)
        except LangDetectException:
            plain = "unknown"
        agree += plain == language.detect(text).code
    return agree / len(texts)


def end_to_end(board: Path, jobs: int) -> dict[str, float]:
    """Run the batch CLI in a child process; sample the RSS of its whole process tree."""
    out = board.with_suffix(f".jobs{jobs}.csv")
    command = [
        sys.executable,
        "-m",
        "pipeline",
        "tag",
        str(board),
        "-o",
        str(out),
        "--jobs",
        str(jobs),
        "--quiet",
    ]
    started = time.perf_counter()
    child = psutil.Popen(command, cwd=REPO)
    peak_rss = peak_pss = 0
    while child.poll() is None:
        try:
            tree = [child, *child.children(recursive=True)]
            peak_rss = max(peak_rss, sum(p.memory_info().rss for p in tree if p.is_running()))
            # PSS shares the pages processes have in common (libraries, copy-on-write) among them
            peak_pss = max(peak_pss, sum(p.memory_full_info().pss for p in tree if p.is_running()))
        except (psutil.Error, AttributeError):
            pass
        time.sleep(0.5)
    seconds = time.perf_counter() - started
    if child.returncode != 0:
        raise SystemExit(f"batch run failed with exit code {child.returncode}")
    with open(out, encoding="utf-8", newline="") as stream:
        rows = sum(1 for _ in csv.reader(stream)) - 1
    out.unlink()
    return {
        "rows": rows,
        "seconds": seconds,
        "postings_per_s": rows / seconds,
        "peak_rss_mib": peak_rss / 2**20,
        "peak_pss_mib": peak_pss / 2**20,
    }


def latency(tagger: Tagger, texts: list[str]) -> dict[str, float]:
    timings = []
    for text in texts:
        started = time.perf_counter()
        tagger.predict(text)
        timings.append((time.perf_counter() - started) * 1000)
    timings.sort()
    return {"p50_ms": statistics.median(timings), "p99_ms": timings[int(len(timings) * 0.99) - 1]}


def spark_end_to_end(board: Path, master: str) -> dict[str, float]:
    """Run ``spark-tag`` in a child process: start-up, CSV read, tagging, Parquet write, summary."""
    out = board.with_suffix(".spark.parquet")
    command = [sys.executable, "-m", "pipeline", "spark-tag", str(board), str(out)]
    started = time.perf_counter()
    child = subprocess.run(
        [*command, "--master", master, "--overwrite"], cwd=REPO, capture_output=True, text=True
    )
    seconds = time.perf_counter() - started
    if child.returncode != 0:
        raise SystemExit(f"spark-tag failed with exit code {child.returncode}: {child.stderr[-2000:]}")
    import pyarrow.parquet as pq

    rows = pq.ParquetDataset(out).read(columns=["error"]).num_rows
    shutil.rmtree(out)
    return {"rows": rows, "seconds": seconds, "postings_per_s": rows / seconds}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=50_000, help="rows in the synthetic job board")
    parser.add_argument("--sample", type=int, default=2000, help="postings for the per-stage figures")
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    parser.add_argument(
        "--spark", default="local[2]", help="Spark master for the spark-tag line; 'none' to skip it"
    )
    parser.add_argument("--out", type=Path, default=REPO / "bench" / "results.json")
    args = parser.parse_args()

    postings = load_postings(sorted((REPO / "corpus" / "postings").glob("*.jsonl")))
    board = REPO / "bench" / "data" / f"board-{args.rows}.csv"
    mean_length = synthetic_board(postings, args.rows, board)

    started = time.perf_counter()
    tagger = Tagger.load(default_model_path())
    load_seconds = time.perf_counter() - started
    sample = [p.full_text for p in random.Random(1).choices(postings, k=min(args.sample, args.rows))]
    warm = time.perf_counter()
    tagger.predict_many(["warm up " + t for t in sample[:50]])
    warm_seconds = time.perf_counter() - warm

    stages = stage_rates(tagger, sample)
    labelled = [p.full_text for p in postings]
    devset = REPO.parent / "shared" / "devset"
    if devset.is_dir():
        labelled += [r.full_text for r in read_devset(devset)]
    agreement = agreement_on_labelled_texts(tagger, labelled)
    runs = {f"jobs {jobs}": end_to_end(board, jobs) for jobs in args.jobs}
    spark = None
    if args.spark != "none":
        tiny = board.with_name("board-spark-100.csv")
        synthetic_board(postings, 100, tiny, seed=1)
        fixed = spark_end_to_end(tiny, args.spark)["seconds"]  # start-up, planning, writing
        spark = spark_end_to_end(board, args.spark)
        spark["fixed_seconds_100_rows"] = fixed
        spark["marginal_postings_per_s"] = (spark["rows"] - 100) / max(spark["seconds"] - fixed, 1e-9)
    single = latency(tagger, sample[:300])
    best = max(run["postings_per_s"] for run in runs.values())
    plain = stages["language (plain langdetect.detect)"]
    results = {
        "rows": args.rows,
        "mean_chars": round(mean_length),
        "model_load_s": load_seconds,
        "first_predictions_warm_up_s": warm_seconds,
        "stages_postings_per_s": stages,
        "language_agreement_corpus_and_devset": agreement,
        "end_to_end": runs,
        "spark_tag": spark and {"master": args.spark, **spark},
        "predict_latency": single,
        "ratio_end_to_end_over_plain_langdetect": best / plain,
        "ratio_project_language_over_plain_langdetect": stages["language (project)"] / plain,
    }
    args.out.write_text(json.dumps(results, indent=2) + "\n")
    print(f"synthetic job board: {args.rows:,} rows, mean {mean_length:,.0f} characters")
    print(
        f"{'model load':40s} {load_seconds:10.3f} s   (first 50 predictions incl. spaCy set-up: {warm_seconds:.2f} s)"
    )
    for name, value in stages.items():
        unit = "" if "share" in name else " postings/s"
        print(f"{name:40s} {value:10,.3f}{unit}" if "share" in name else f"{name:40s} {value:10,.0f}{unit}")
    for name, run in runs.items():
        print(
            f"{'end to end, batch CLI ' + name:40s} {run['postings_per_s']:10,.0f} postings/s   "
            f"peak memory of the process tree: RSS {run['peak_rss_mib']:,.0f} MiB, "
            f"PSS {run['peak_pss_mib']:,.0f} MiB"
        )
    if spark:
        print(
            f"{'end to end, spark-tag ' + args.spark:40s} {spark['postings_per_s']:10,.0f} postings/s   "
            f"({spark['seconds']:.1f} s in all; 100 rows take {spark['fixed_seconds_100_rows']:.1f} s, "
            f"beyond that {spark['marginal_postings_per_s']:,.0f} postings/s)"
        )
    print(f"{'predict() latency':40s} p50 {single['p50_ms']:.2f} ms   p99 {single['p99_ms']:.2f} ms")
    print(
        f"{'end to end / plain langdetect':40s} {results['ratio_end_to_end_over_plain_langdetect']:10.2f} x"
    )
    print(
        f"{'project language / plain langdetect':40s} {results['ratio_project_language_over_plain_langdetect']:10.2f} x"
    )
    print(f"{'language agreement (corpus + devset)':40s} {agreement:10.4f}  ({len(labelled)} texts)")
    print(f"results -> {args.out}")


if __name__ == "__main__":
    main()
