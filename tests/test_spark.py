"""Spark in local mode: same rows, same columns, same tags as predict_many."""

import pytest

pytest.importorskip("pyspark")

from pipeline import predict_many  # noqa: E402
from pipeline.cli import main  # noqa: E402
from pipeline.spark import session, tag_dataframe  # noqa: E402

from .conftest import REPO, SAMPLES  # noqa: E402

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def spark():
    spark = session("local[2]", batch_rows=3)
    spark.sparkContext.setLogLevel("ERROR")
    yield spark
    spark.stop()


def rows():
    data = [
        (i, text.split("\n")[0], text.split("\n", 1)[1], f"city{i}")
        for i, text in enumerate(SAMPLES.values())
    ]
    data += [(100, None, None, "x"), (101, "", "   ", "y"), (102, None, "<p></p>", "z")]
    return data


def test_tag_dataframe_keeps_rows_columns_and_matches_predict_many(spark):
    source = spark.createDataFrame(
        rows(), "id int, title string, description string, city string"
    ).repartition(3)
    tagged = tag_dataframe(source, text_col="description", title_col="title").collect()
    assert len(tagged) == len(rows())
    assert tagged[0].__fields__[:4] == ["id", "title", "description", "city"]
    by_id = {row["id"]: row for row in tagged}
    expected = predict_many(
        ["\n".join(p for p in (t, d) if p) if (t or d) else None for _, t, d, _ in rows()]
    )
    for (ident, title, description, city), prediction in zip(rows(), expected):
        row = by_id[ident]
        assert (row["title"], row["description"], row["city"]) == (title, description, city)
        assert row["channel"] == prediction.channel and row["office"] == prediction.office
        assert row["language"] == prediction.language and row["channel_score"] == prediction.channel_score
        assert (row["error"] != "") == (prediction.error is not None)
        assert (row["uncertain"] is None) == (prediction.error is not None)
    assert {by_id[i]["error"] != "" for i in (100, 101, 102)} == {True}


def test_missing_column_lists_the_columns(spark):
    source = spark.createDataFrame(rows(), "id int, title string, description string, city string")
    with pytest.raises(ValueError, match="column 'body' not found.*id, title, description, city"):
        tag_dataframe(source, text_col="body")


def test_spark_tag_cli_writes_parquet_with_every_row(tmp_path, spark, capsys):
    import pyarrow.parquet as pq

    out = tmp_path / "tagged"
    assert main(["spark-tag", str(REPO / "examples" / "job_board.csv"), str(out)]) == 0
    table = pq.read_table(out).to_pandas()
    with open(REPO / "examples" / "job_board.csv", encoding="utf-8", newline="") as stream:
        import csv

        source = list(csv.DictReader(stream))
    assert len(table) == len(source)
    assert sorted(table["id"].astype(int)) == sorted(int(r["id"]) for r in source)
    assert "rows" in capsys.readouterr().err
