"""Tag job postings held in Spark: a pandas-vectorised ``mapInPandas`` over Arrow batches.

Needs the ``spark`` extra: ``pip install 'bpo-tagger[spark]'``.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from pipeline.api import Tagger, default_model_path
from pipeline.artifact import card_path, verify_model_file
from pipeline.batch import TAG_COLUMNS, Columns, Summary, posting_text, prediction_tags

if TYPE_CHECKING:
    import pandas as pd
    from pyspark.sql import DataFrame, SparkSession

_executor_taggers: dict[str, Tagger] = {}


def _tag_fields():
    from pyspark.sql.types import BooleanType, DoubleType, StringType, StructField

    types = {"language_score": DoubleType(), "channel_score": DoubleType(), "office_score": DoubleType()}
    types["uncertain"] = BooleanType()
    return [StructField(name, types.get(name, StringType()), True) for name in TAG_COLUMNS]


def _executor_tagger(model_file: str) -> Tagger:
    """The model, loaded and verified once per Python worker process."""
    from pyspark import SparkFiles

    if model_file not in _executor_taggers:
        _executor_taggers[model_file] = Tagger.load(SparkFiles.get(model_file))
    return _executor_taggers[model_file]


def tag_frame(batch: pd.DataFrame, tagger: Tagger, columns: Columns, min_confidence: float) -> pd.DataFrame:
    """Add the tag columns to one pandas batch (rows kept, in order)."""
    names = [name for name in (columns.title, columns.text) if name]
    texts = [
        posting_text({name: _plain(value) for name, value in zip(names, values)}, columns)
        for values in zip(*(batch[name] for name in names))
    ]
    tags = [prediction_tags(p, min_confidence) for p in tagger.predict_many(texts)]
    out = batch.copy()
    for name in TAG_COLUMNS:
        out[name] = [row[name] for row in tags]
    return out


def _plain(value: object) -> object:
    """pandas' missing values (None, NaN, NA) become None."""
    try:
        import pandas as pd

        return None if value is None or (not isinstance(value, str) and pd.isna(value)) else value
    except (TypeError, ValueError):
        return value


def tag_dataframe(
    df: DataFrame,
    text_col: str = "description",
    title_col: str | None = None,
    model_path: str | Path | None = None,
    min_confidence: float = 0.6,
) -> DataFrame:
    """Return ``df`` with language, channel and office tags added to every row.

    The model file (and its card) is verified on the driver, shipped to the executors with
    ``SparkContext.addFile`` and loaded once per Python worker.
    """
    for name in (text_col, title_col):
        if name is not None and name not in df.columns:
            raise ValueError(f"column {name!r} not found; the DataFrame has: {', '.join(df.columns)}")
    model = Path(model_path) if model_path is not None else default_model_path()
    verify_model_file(model)
    context = df.sparkSession.sparkContext
    context.addFile(str(model))
    context.addFile(str(card_path(model)))
    model_file, columns = model.name, Columns(text_col, title_col)

    def tag_batches(batches: Iterator[pd.DataFrame]) -> Iterator[pd.DataFrame]:
        tagger = _executor_tagger(model_file)
        for batch in batches:
            yield tag_frame(batch, tagger, columns, min_confidence)

    from pyspark.sql.types import StructType

    kept = [field for field in df.schema.fields if field.name not in TAG_COLUMNS]
    return df.select(*[f.name for f in kept]).mapInPandas(tag_batches, StructType(kept + _tag_fields()))


def summarise(tagged: DataFrame) -> Summary:
    """The same summary the batch CLI prints, computed by Spark."""
    from pyspark.sql import functions as F

    summary = Summary()
    for row in (
        tagged.groupBy("language", "channel", "office", "uncertain", (F.col("error") != "").alias("failed"))
        .count()
        .collect()
    ):
        summary.rows += row["count"]
        if row["failed"]:
            summary.errors += row["count"]
            continue
        summary.uncertain += row["count"] if row["uncertain"] else 0
        summary.languages[row["language"]] += row["count"]
        summary.combinations[(row["channel"], row["office"])] += row["count"]
    return summary


READERS = {
    "csv": lambda reader, path: reader.options(header=True, multiLine=True, escape='"').csv(path),
    "tsv": lambda reader, path: reader.options(header=True, multiLine=True, escape='"', sep="\t").csv(path),
    "jsonl": lambda reader, path: reader.json(path),
    "parquet": lambda reader, path: reader.parquet(path),
}


def read_input(spark: SparkSession, path: str, fmt: str) -> DataFrame:
    return READERS[fmt](spark.read, path)


def session(master: str, batch_rows: int = 2000) -> SparkSession:
    """A local or cluster session with Arrow batches sized for tagging.

    In local mode the Python workers run this interpreter, so they import this package;
    on a cluster, install bpo-tagger on the executors (see the README).
    """
    from pyspark.sql import SparkSession

    if master.startswith("local"):
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    return (
        SparkSession.builder.master(master)
        .appName("bpo-tagger")
        .config("spark.sql.execution.arrow.maxRecordsPerBatch", str(batch_rows))
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .getOrCreate()
    )
