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


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="bpo-tagger", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)

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
    train.set_defaults(run=cmd_train)

    evaluate = commands.add_parser("evaluate", help="score the model on held-out data and the devset")
    evaluate.add_argument("--model", type=Path, default=DEFAULT_MODEL)
    evaluate.add_argument("--built", type=Path, default=BUILT_CORPUS)
    evaluate.add_argument("--devset", type=Path, default=Path("../shared/devset"))
    evaluate.add_argument("--reports", type=Path, default=Path("reports"))
    evaluate.set_defaults(run=cmd_evaluate)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.run(args)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
