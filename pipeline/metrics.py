"""Scores per language and axis: n, accuracy, macro-F1."""

from __future__ import annotations

from collections.abc import Sequence

from sklearn.metrics import accuracy_score, f1_score

from pipeline.model import AXES, LABELS


def score_table(
    languages: Sequence[str], truth: dict[str, Sequence[str | None]], guess: dict[str, Sequence[str | None]]
) -> list[dict]:
    """One row per (language, axis) with n, accuracy and macro-F1, plus an ``all`` row per axis.

    Rows whose true label is None (unlabelled on that axis) are skipped; a missing guess
    (an input that could not be tagged) counts as wrong.
    """
    rows = []
    for language in [*sorted(set(languages)), "all"]:
        for axis in AXES:
            pairs = [
                (t, g if g is not None else "none")
                for lang, t, g in zip(languages, truth[axis], guess[axis])
                if t is not None and (language == "all" or lang == language)
            ]
            if not pairs:
                continue
            y_true, y_pred = zip(*pairs)
            rows.append(
                {
                    "language": language,
                    "axis": axis,
                    "n": len(pairs),
                    "accuracy": round(accuracy_score(y_true, y_pred), 4),
                    "macro_f1": round(
                        f1_score(y_true, y_pred, average="macro", labels=list(LABELS[axis]), zero_division=0),
                        4,
                    ),
                }
            )
    return rows


def mean_macro_f1(rows: list[dict]) -> float:
    """Mean macro-F1 over the per-language cells (the ``all`` rows left out)."""
    cells = [row["macro_f1"] for row in rows if row["language"] != "all"]
    return sum(cells) / len(cells) if cells else 0.0


def format_table(rows: list[dict], title: str) -> str:
    """A Markdown table: one line per language, n / accuracy / macro-F1 per axis."""
    head = (
        f"### {title}\n\n| lang | "
        + " | ".join(f"{axis} n | {axis} acc | {axis} macro-F1" for axis in AXES)
        + " |\n|---|"
        + "---:|" * (3 * len(AXES))
        + "\n"
    )
    by_language: dict[str, dict[str, dict]] = {}
    for row in rows:
        by_language.setdefault(row["language"], {})[row["axis"]] = row
    lines = []
    for language, cells in by_language.items():
        parts = []
        for axis in AXES:
            cell = cells.get(axis)
            parts += (
                [str(cell["n"]), f"{cell['accuracy']:.3f}", f"{cell['macro_f1']:.3f}"] if cell else ["-"] * 3
            )
        lines.append(f"| {language} | " + " | ".join(parts) + " |")
    return head + "\n".join(lines) + "\n"
