"""Batch tagging: stream an export in chunks, tag them (optionally in worker processes), keep order."""

from __future__ import annotations

import sys
import time
from collections import Counter, deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pipeline.formats import InputError, Row, Table, Writer
from pipeline.shipped import default_model_path

if TYPE_CHECKING:  # the parent of worker processes never loads the model, nor spaCy
    from pipeline.api import Prediction, Tagger

TAG_COLUMNS = (
    "language", "language_score", "channel", "channel_score",
    "office", "office_score", "uncertain", "error",
)  # fmt: skip
EXPLAIN_COLUMNS = ("channel_terms", "office_terms")
TEXT_CANDIDATES = ("description", "text", "body", "job_description", "content", "posting", "details")
TITLE_CANDIDATES = ("title", "job_title", "jobtitle", "position", "role", "name")


@dataclass
class Columns:
    """Which input columns hold the text to tag."""

    text: str | None
    title: str | None


def choose_columns(available: list[str], text: str | None, title: str | None) -> tuple[Columns, str]:
    """Resolve the text and title columns; return them and a note saying which were used."""
    lowered = {name.lower(): name for name in available}
    for given in (text, title):
        if given is not None and given not in available:
            raise InputError(f"column {given!r} not found; the input has: {', '.join(available)}")
    chosen_text = text or next((lowered[c] for c in TEXT_CANDIDATES if c in lowered), None)
    chosen_title = title or next((lowered[c] for c in TITLE_CANDIDATES if c in lowered), None)
    if chosen_text is None and chosen_title is None:
        raise InputError(
            "no text column found (looked for "
            f"{', '.join(TEXT_CANDIDATES + TITLE_CANDIDATES)}); the input has: {', '.join(available)}. "
            "Name one with --text-column"
        )
    note = f"tagging text column {chosen_text!r}" + (
        f" with title column {chosen_title!r}" if chosen_title else ""
    )
    return Columns(chosen_text, chosen_title), note


def posting_text(values: dict[str, Any], columns: Columns) -> object:
    """Title and description joined as the model expects them (title on the first line)."""
    parts = [values.get(name) for name in (columns.title, columns.text) if name]
    present = [part for part in parts if part not in (None, "")]
    if any(not isinstance(part, str) for part in present):
        return next(part for part in present if not isinstance(part, str))
    return "\n".join(present)


@dataclass
class ChunkSettings:
    """What each worker needs to tag a chunk: model, columns and options."""

    model_path: str
    columns: Columns
    min_confidence: float = 0.6
    explain: int = 0


_worker_taggers: dict[str, Tagger] = {}


def _tagger(model_path: str) -> Tagger:
    """One loaded model per process (worker processes keep theirs between chunks)."""
    if model_path not in _worker_taggers:
        from pipeline.api import Tagger

        _worker_taggers[model_path] = Tagger.load(model_path)
    return _worker_taggers[model_path]


def tag_texts(texts: list[object], settings: ChunkSettings) -> list[dict[str, Any]]:
    """The tag columns for a chunk of posting texts (None: nothing to tag), in order.

    This is what a worker process runs: only the texts travel to it and only the tags
    travel back, so the rest of each row never crosses a process boundary.
    """
    tagger = _tagger(settings.model_path)
    predictions = tagger.predict_many(texts)
    explanations = _explanations(tagger, texts, predictions, settings.explain)
    tags = []
    for prediction, terms in zip(predictions, explanations):
        result = prediction_tags(prediction, settings.min_confidence)
        if settings.explain:
            result.update(terms)
        tags.append(result)
    return tags


def prediction_tags(prediction: Prediction, min_confidence: float) -> dict[str, Any]:
    """The ``TAG_COLUMNS`` of one prediction, as the batch CLI and Spark both write them."""
    error = prediction.error or ""
    scores = (prediction.channel_score, prediction.office_score)
    return {
        "language": prediction.language,
        "language_score": prediction.language_score,
        "channel": prediction.channel,
        "channel_score": prediction.channel_score,
        "office": prediction.office,
        "office_score": prediction.office_score,
        "uncertain": None if error else not prediction.supported or min(scores) < min_confidence,
        "error": error,
    }


def chunk_texts(rows: list[Row], columns: Columns) -> list[object]:
    """The text to tag of every row; None for a row that could not be parsed."""
    return [posting_text(row.values, columns) if row.problem is None else None for row in rows]


def merge(rows: list[Row], tags: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Output rows: every input column, then the tags; a parse problem wins over a tag error."""
    out = []
    for row, tag in zip(rows, tags, strict=True):
        if row.problem is not None:
            tag = {**tag, "error": row.problem, "uncertain": None}
        out.append({**row.values, **tag})
    return out


def tag_chunk(rows: list[Row], settings: ChunkSettings) -> list[dict[str, Any]]:
    """Tag one chunk of rows; return the output rows (input columns + tags) in the same order."""
    return merge(rows, tag_texts(chunk_texts(rows, settings.columns), settings))


def _explanations(tagger: Tagger, texts: list, predictions: list, k: int) -> list[dict[str, str]]:
    empty = {name: "" for name in EXPLAIN_COLUMNS}
    if not k:
        return [empty] * len(texts)
    found = []
    for text, prediction in zip(texts, predictions):
        if prediction.error:
            found.append(empty)
            continue
        terms = tagger.explain(text, k)
        found.append({f"{axis}_terms": "; ".join(term for term, _ in terms[axis]) for axis in terms})
    return found


def chunks(rows: Iterable[Row], size: int) -> Iterator[list[Row]]:
    iterator = iter(rows)
    while chunk := list(islice(iterator, size)):
        yield chunk


@dataclass
class Summary:
    """Counts gathered while tagging, printed at the end of a run."""

    rows: int = 0
    errors: int = 0
    uncertain: int = 0
    languages: Counter = field(default_factory=Counter)
    combinations: Counter = field(default_factory=Counter)
    seconds: float = 0.0

    def add(self, tagged: list[dict[str, Any]]) -> None:
        for row in tagged:
            self.rows += 1
            if row["error"]:
                self.errors += 1
                continue
            self.uncertain += bool(row["uncertain"])
            self.languages[row["language"]] += 1
            self.combinations[(row["channel"], row["office"])] += 1

    def table(self) -> str:
        rate = self.rows / self.seconds if self.seconds else 0.0
        lines = [
            f"rows        {self.rows:>10,}   ({rate:,.0f} rows/s over {self.seconds:.1f} s)",
            f"errors      {self.errors:>10,}",
            f"uncertain   {self.uncertain:>10,}",
            "language    " + "  ".join(f"{lang} {n:,}" for lang, n in self.languages.most_common()),
            "",
            f"{'':12}{'front':>10}{'back':>10}",
        ]
        for channel in ("voice", "non-voice"):
            front = self.combinations[(channel, "front")]
            back = self.combinations[(channel, "back")]
            lines.append(f"{channel:12}{front:>10,}{back:>10,}")
        return "\n".join(lines)


def run(
    table: Table,
    writer_factory,
    settings: ChunkSettings,
    jobs: int = 1,
    chunk_rows: int = 1000,
    progress: bool = False,
) -> Summary:
    """Tag every row of ``table`` and write it; rows come out in input order."""
    summary = Summary()
    started = time.perf_counter()
    extra = TAG_COLUMNS + (EXPLAIN_COLUMNS if settings.explain else ())
    columns = [c for c in table.columns if c not in extra]
    writer: Writer = writer_factory([*columns, *extra])
    bar = _progress_bar(table, progress)
    try:
        for tagged in _tagged_chunks(table, settings, jobs, chunk_rows):
            writer.write(tagged)
            summary.add(tagged)
            if bar is not None:
                _advance(bar, table, summary.rows, time.perf_counter() - started)
        writer.commit()
    except BaseException:
        writer.abort()
        raise
    finally:
        if bar is not None:
            bar.close()
    summary.seconds = time.perf_counter() - started
    return summary


def _tagged_chunks(table: Table, settings: ChunkSettings, jobs: int, chunk_rows: int):
    if jobs <= 1:
        for chunk in chunks(table.rows, chunk_rows):
            yield tag_chunk(chunk, settings)
        return
    from joblib import Parallel, delayed

    waiting: deque[list[Row]] = deque()  # chunks sent out, in order; at most pre_dispatch of them

    def tasks():
        for chunk in chunks(table.rows, chunk_rows):
            waiting.append(chunk)
            yield delayed(tag_texts)(chunk_texts(chunk, settings.columns), settings)

    parallel = Parallel(n_jobs=jobs, return_as="generator", pre_dispatch="2*n_jobs")
    for tags in parallel(tasks()):  # results come back in submission order
        yield merge(waiting.popleft(), tags)


def _progress_bar(table: Table, enabled: bool):
    if not enabled:
        return None
    from tqdm import tqdm

    if table.size_bytes and table.position is not None:  # time left from the bytes read
        return tqdm(total=table.size_bytes, unit="B", unit_scale=True, file=sys.stderr, dynamic_ncols=True)
    return tqdm(unit=" rows", file=sys.stderr, dynamic_ncols=True)


def _advance(bar, table: Table, rows: int, seconds: float) -> None:
    rate = f"{rows:,} rows, {rows / max(seconds, 1e-9):,.0f} rows/s"
    if bar.total:
        bar.n = min(table.position() or bar.n, bar.total)
        bar.set_postfix_str(rate)  # refreshes the bar
    else:
        bar.update(rows - bar.n)
        bar.set_postfix_str(rate)


def resolve_model(path: str | None) -> str:
    model = Path(path) if path else default_model_path()
    if not model.is_file():
        raise InputError(f"model file {model} not found; run `make train` or pass --model")
    return str(model)
