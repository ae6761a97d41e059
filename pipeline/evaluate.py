"""Evaluation: score tables per language and axis, and confusion-matrix pictures."""

from __future__ import annotations

import json
from pathlib import Path

from pipeline.api import Tagger
from pipeline.corpus import Record
from pipeline.metrics import format_table, score_table
from pipeline.model import AXES, LABELS


def read_devset(devset_dir: Path) -> list[Record]:
    """The labelled real postings (``text`` already holds title + description)."""
    records = []
    for path in sorted(devset_dir.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                row = json.loads(line)
                records.append(
                    Record(row["id"], row["lang"], "", row["text"], row["channel"], row["office"], "devset")
                )
    return records


def score(tagger: Tagger, records: list[Record]) -> tuple[list[dict], dict[str, list]]:
    """Score table and the guesses per axis for labelled records."""
    predictions = tagger.predict_many([r.full_text for r in records])
    truth = {axis: [getattr(r, axis) for r in records] for axis in AXES}
    guess = {axis: [getattr(p, axis) for p in predictions] for axis in AXES}
    return score_table([r.lang for r in records], truth, guess), {"truth": truth, "guess": guess}


def save_confusion_pictures(name: str, truth: dict, guess: dict, reports: Path) -> list[Path]:
    """One PNG per axis: the confusion matrix over all languages."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from sklearn.metrics import ConfusionMatrixDisplay

    paths = []
    for axis in AXES:
        pairs = [(t, g or "none") for t, g in zip(truth[axis], guess[axis]) if t is not None]
        if not pairs:
            continue
        y_true, y_pred = zip(*pairs)
        figure, axes = plt.subplots(figsize=(4, 3.6))
        ConfusionMatrixDisplay.from_predictions(
            y_true, y_pred, labels=list(LABELS[axis]), ax=axes, colorbar=False, cmap="Blues"
        )
        axes.set_title(f"{name}: {axis}")
        figure.tight_layout()
        path = reports / f"confusion-{name}-{axis}.png"
        figure.savefig(path, dpi=110)
        plt.close(figure)
        paths.append(path)
    return paths


def evaluate(tagger: Tagger, datasets: dict[str, list[Record]], reports: Path) -> str:
    """Score every dataset, write tables and pictures to ``reports``; return the tables as text."""
    reports.mkdir(parents=True, exist_ok=True)
    text, tables = [], {}
    for name, records in datasets.items():
        rows, outcome = score(tagger, records)
        tables[name] = rows
        text.append(format_table(rows, f"{name} ({len(records)} texts)"))
        save_confusion_pictures(name, outcome["truth"], outcome["guess"], reports)
    body = "\n".join(text)
    (reports / "evaluation.md").write_text("# Evaluation\n\nWritten by `make evaluate`.\n\n" + body)
    (reports / "evaluation.json").write_text(json.dumps(tables, indent=2) + "\n")
    return body
