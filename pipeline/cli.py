"""Command line: ``bpo-tagger {tag,corpus,train,evaluate,spark-tag}``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

DEFAULT_MODEL = Path("models/bpo-tagger.joblib")
CORPUS_DIR = Path("corpus")
BUILT_CORPUS = CORPUS_DIR / "build" / "corpus.jsonl"


def cmd_corpus(args: argparse.Namespace) -> int:
    from pipeline.corpus import build_corpus, corpus_hash, report_markdown, write_records

    build = build_corpus(args.corpus)
    write_records(build.records, args.out)
    report = report_markdown(build, corpus_hash(args.corpus))
    (args.corpus / "REPORT.md").write_text(report, encoding="utf-8")
    print(
        f"corpus: {len(build.records)} records -> {args.out}; dropped {len(build.exact_duplicates)} exact "
        f"and {len(build.near_duplicates)} near duplicates; {len(build.language_mismatches)} language "
        f"mismatches; {len(build.unlabelled_passages)} passages unlabelled; see {args.corpus / 'REPORT.md'}"
    )
    for record_id, lang, detected in build.language_mismatches:
        print(f"  language mismatch: {record_id} labelled {lang}, detected {detected}")
    return 0


def cmd_train(args: argparse.Namespace) -> int:
    from pipeline.corpus import corpus_hash, read_records
    from pipeline.metrics import format_table
    from pipeline.train import TrainingPlan, train

    if not args.built.is_file():
        raise SystemExit(f"error: {args.built} not found; run `make corpus` first")
    plan = TrainingPlan(seed=args.seed)
    if args.features:
        plan.feature_sets = tuple(args.features)
    plan.cues = not args.no_cues
    card = train(read_records(args.built), corpus_hash(args.corpus), args.out, plan)
    print(format_table(card["held_out_metrics"], "held-out split"))
    print(f"model -> {args.out} ({card['model_bytes']} bytes), card -> {args.out.with_suffix('.json')}")
    return 0


def cmd_evaluate(args: argparse.Namespace) -> int:
    from pipeline.api import Tagger
    from pipeline.corpus import read_records
    from pipeline.evaluate import evaluate, read_devset
    from pipeline.train import split

    tagger = Tagger.load(args.model)
    datasets = {"held-out": split(read_records(args.built))[1]}
    if args.devset.is_dir():
        datasets["devset"] = read_devset(args.devset)
    else:
        print(f"note: {args.devset} not found; scoring the held-out split only", file=sys.stderr)
    print(evaluate(tagger, datasets, args.reports))
    print(f"tables and confusion matrices -> {args.reports}/")
    return 0


def _fail(message: str) -> int:
    print(f"bpo-tagger: error: {message}", file=sys.stderr)
    return 2


def default_output(path: str) -> str:
    """``jobs.csv`` -> ``jobs.tagged.csv``; stdin -> stdout."""
    if path == "-":
        return "-"
    source = Path(path)
    return str(source.with_name(f"{source.stem}.tagged{source.suffix}"))


def tag_file(args: argparse.Namespace, show_progress: bool) -> tuple[object, str]:
    """Run a batch job as the options say; return its summary and the output path."""
    from pipeline.batch import ChunkSettings, choose_columns, resolve_model, run
    from pipeline.formats import Writer, detect_format, open_table

    in_format = detect_format(args.input, args.format)
    output = args.output or default_output(args.input)
    out_format = args.output_format or (
        in_format if output == "-" or args.output is None else detect_format(output, None)
    )
    model = resolve_model(args.model)
    table = open_table(args.input, in_format)
    columns, note = choose_columns(table.columns, args.text_column, args.title_column)
    if not args.quiet:
        print(f"bpo-tagger: {note}", file=sys.stderr)
    settings = ChunkSettings(model, columns, args.min_confidence, args.explain)
    summary = run(
        table,
        lambda names: Writer(output, out_format, names),
        settings,
        jobs=args.jobs,
        chunk_rows=args.chunk_rows,
        progress=show_progress,
    )
    return summary, output


def cmd_tag(args: argparse.Namespace) -> int:
    summary, output = tag_file(args, show_progress=sys.stderr.isatty() and not args.quiet)
    if not args.quiet:
        print(summary.table(), file=sys.stderr)
        if output != "-":
            print(f"output -> {output}", file=sys.stderr)
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    import csv

    args.output = str(Path(args.reports) / "demo-tagged.csv")
    Path(args.reports).mkdir(parents=True, exist_ok=True)
    summary, output = tag_file(args, show_progress=False)
    with open(output, encoding="utf-8", newline="") as stream:
        rows = list(csv.DictReader(stream))
    print(
        f"{'id':<6} {'title':<44} {'lang':<4} {'channel':<9} {'score':>5}  {'office':<6} {'score':>5}  error"
    )
    for row in rows:
        title = (row.get("title") or "").replace("\n", " ")
        title = title if len(title) <= 44 else title[:43] + "…"
        print(
            f"{row.get('id', ''):<6} {title:<44} {row['language']:<4} {row['channel']:<9} "
            f"{_score(row['channel_score']):>5}  {row['office']:<6} {_score(row['office_score']):>5}  "
            f"{row['error'][:60]}"
        )
    print()
    print(summary.table())
    print(f"\nfull output -> {output}")
    return 0


def _score(value: str) -> str:
    """A score from the output file, two decimals; empty for a row that was not tagged."""
    return f"{float(value):.2f}" if value else ""


def cmd_spark_tag(args: argparse.Namespace) -> int:
    import time

    from pipeline import spark as spark_tagging
    from pipeline.batch import choose_columns, resolve_model
    from pipeline.formats import detect_format

    fmt = detect_format(args.input, args.format)
    model = resolve_model(args.model)
    started = time.perf_counter()
    session = spark_tagging.session(args.master, args.batch_rows)
    try:
        frame = spark_tagging.read_input(session, args.input, fmt)
        columns, note = choose_columns(frame.columns, args.text_column, args.title_column)
        print(f"bpo-tagger: {note}", file=sys.stderr)
        tagged = spark_tagging.tag_dataframe(frame, columns.text, columns.title, model, args.min_confidence)
        tagged.write.mode("overwrite" if args.overwrite else "errorifexists").parquet(args.output)
        summary = spark_tagging.summarise(session.read.parquet(args.output))
    finally:
        session.stop()
    summary.seconds = time.perf_counter() - started
    print(summary.table(), file=sys.stderr)
    print(f"output -> {args.output} (Parquet)", file=sys.stderr)
    return 0


def _add_input_options(command: argparse.ArgumentParser) -> None:
    """What to read and how to judge it: shared by ``tag``, ``demo`` and ``spark-tag``."""
    command.add_argument("--format", choices=("csv", "tsv", "jsonl", "parquet"), help="input format")
    command.add_argument("--text-column", help="column with the description (default: guessed)")
    command.add_argument("--title-column", help="column with the job title (default: guessed)")
    command.add_argument(
        "--min-confidence", type=float, default=0.6, help="scores below this mark a row uncertain"
    )
    command.add_argument("--model", help="model file (default: the shipped model)")


def _add_tag_options(command: argparse.ArgumentParser) -> None:
    _add_input_options(command)
    command.add_argument("--output-format", choices=("csv", "tsv", "jsonl", "parquet"))
    command.add_argument(
        "--explain", type=int, nargs="?", const=5, default=0, metavar="K", help="add the top K terms per tag"
    )
    command.add_argument("--jobs", type=int, default=1, help="worker processes (output order is kept)")
    command.add_argument("--chunk-rows", type=int, default=1000, help="rows per chunk")
    command.add_argument("--quiet", action="store_true", help="no progress, no summary")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="bpo-tagger", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)

    tag = commands.add_parser("tag", help="tag a job-board export (CSV, TSV, JSONL, Parquet; - for stdio)")
    tag.add_argument("input", help="input file, or - for stdin")
    tag.add_argument("-o", "--output", help="output file, - for stdout (default: INPUT.tagged.EXT)")
    _add_tag_options(tag)
    tag.set_defaults(run=cmd_tag)

    demo = commands.add_parser("demo", help="tag the bundled sample and print the results")
    demo.add_argument("--input", default="examples/job_board.csv")
    demo.add_argument("--reports", default="reports")
    _add_tag_options(demo)
    demo.set_defaults(run=cmd_demo)

    spark = commands.add_parser(
        "spark-tag", help="tag CSV / JSONL / Parquet with Apache Spark, write Parquet"
    )
    spark.add_argument("input", help="input file or directory (any path Spark can read)")
    spark.add_argument("output", help="output Parquet directory")
    _add_input_options(spark)
    spark.add_argument("--master", default="local[2]", help="Spark master (default: local[2])")
    spark.add_argument("--batch-rows", type=int, default=2000, help="rows per Arrow batch")
    spark.add_argument("--overwrite", action="store_true", help="replace an existing output directory")
    spark.set_defaults(run=cmd_spark_tag)

    corpus = commands.add_parser("corpus", help="validate and build the labelled corpus")
    corpus.add_argument("--corpus", type=Path, default=CORPUS_DIR)
    corpus.add_argument("--out", type=Path, default=BUILT_CORPUS)
    corpus.set_defaults(run=cmd_corpus)

    train = commands.add_parser("train", help="train the model and write it with its card")
    train.add_argument("--corpus", type=Path, default=CORPUS_DIR)
    train.add_argument("--built", type=Path, default=BUILT_CORPUS)
    train.add_argument("--out", type=Path, default=DEFAULT_MODEL)
    train.add_argument("--seed", type=int, default=0)
    train.add_argument("--features", nargs="+", help="feature sets to compare (default: all)")
    train.add_argument("--no-cues", action="store_true", help="leave out the channel cue counts")
    train.set_defaults(run=cmd_train)

    evaluate = commands.add_parser("evaluate", help="score the model on held-out data and the devset")
    evaluate.add_argument("--model", type=Path, default=DEFAULT_MODEL)
    evaluate.add_argument("--built", type=Path, default=BUILT_CORPUS)
    evaluate.add_argument("--devset", type=Path, default=Path("../shared/devset"))
    evaluate.add_argument("--reports", type=Path, default=Path("reports"))
    evaluate.set_defaults(run=cmd_evaluate)
    return parser


def main(argv: list[str] | None = None) -> int:
    from pipeline.errors import CorpusError, InputError, ModelFileError

    args = build_parser().parse_args(argv)
    try:
        return args.run(args)
    except (InputError, ModelFileError, CorpusError) as error:
        return _fail(str(error))
    except BrokenPipeError:
        return 0
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
