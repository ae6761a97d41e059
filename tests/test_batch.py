import csv
import json
import subprocess
import sys

import pytest

from pipeline import batch
from pipeline.cli import main

from .conftest import REPO, SAMPLES

MODEL = str(REPO / "models" / "bpo-tagger.joblib")
POSTINGS = [(f"r{i}", key, text) for i, (key, text) in enumerate(sorted(SAMPLES.items()))]


def write_csv(path, rows, delimiter=",", bom=False):
    with open(path, "w", encoding="utf-8-sig" if bom else "utf-8", newline="") as stream:
        writer = csv.writer(stream, delimiter=delimiter)
        writer.writerow(["id", "job_title", "description"])
        writer.writerows(rows)


def sample_rows(copies=1):
    rows = []
    for n in range(copies):
        for ident, _, text in POSTINGS:
            title, body = text.split("\n", 1)
            rows.append([f"{ident}-{n}", title, body])
    return rows


def read_output(path):
    if str(path).endswith(".jsonl"):
        return [json.loads(line) for line in open(path, encoding="utf-8")]
    if str(path).endswith(".parquet"):
        import pyarrow.parquet as pq

        return pq.read_table(path).to_pylist()
    delimiter = "\t" if str(path).endswith(".tsv") else ","
    with open(path, encoding="utf-8", errors="surrogateescape", newline="") as stream:
        return list(csv.DictReader(stream, delimiter=delimiter))


def tag(*args):
    return main(["tag", *map(str, args), "--model", MODEL, "--quiet"])


@pytest.mark.parametrize("fmt", ["csv", "tsv", "jsonl", "parquet"])
def test_every_format_keeps_row_count_order_and_columns(tmp_path, fmt):
    rows = sample_rows(copies=3)
    source = tmp_path / f"in.{fmt}"
    if fmt in ("csv", "tsv"):
        write_csv(source, rows, delimiter="," if fmt == "csv" else "\t")
    elif fmt == "jsonl":
        source.write_text(
            "".join(json.dumps(dict(zip(["id", "job_title", "description"], r))) + "\n" for r in rows)
        )
    else:
        import pyarrow as pa
        import pyarrow.parquet as pq

        pq.write_table(
            pa.table({k: [r[i] for r in rows] for i, k in enumerate(["id", "job_title", "description"])}),
            source,
        )
    out = tmp_path / f"out.{fmt}"
    assert tag(source, "-o", out, "--chunk-rows", "5") == 0
    tagged = read_output(out)
    assert [row["id"] for row in tagged] == [r[0] for r in rows]
    assert [row["description"] for row in tagged] == [r[2] for r in rows]
    by_id = {row["id"]: row for row in tagged}
    for ident, (language, channel, office), _ in POSTINGS:
        row = by_id[f"{ident}-0"]
        assert (row["language"], row["channel"], row["office"]) == (language, channel, office)
        assert row["error"] in ("", None)


def test_european_csv_with_bom_semicolons_and_multiline_fields(tmp_path):
    rows = [["a", "Konsultant infolinii", "Odbierasz połączenia od klientów;\nrozmawiasz przez telefon."]]
    rows += sample_rows()
    source = tmp_path / "export.csv"
    write_csv(source, rows, delimiter=";", bom=True)
    out = tmp_path / "out.csv"
    assert tag(source, "-o", out) == 0
    tagged = read_output(out)
    assert list(tagged[0])[:3] == ["id", "job_title", "description"]
    assert tagged[0]["description"] == rows[0][2] and tagged[0]["channel"] == "voice"
    assert len(tagged) == len(rows)


def test_bad_rows_are_kept_with_their_error_and_the_run_goes_on(tmp_path):
    source = tmp_path / "messy.csv"
    good = sample_rows()[0]
    body = (
        (
            "id,job_title,description\n"
            f'{good[0]},{good[1]},"{good[2]}"\n'
            "e1,,\n"
            "e2,,<p> </p>\n"
            "e3,Too,many,fields,here\n"
        ).encode()
        + b"e4,Latin-1,caf\xe9 na telefonie\n"
        + f'{good[0]}b,{good[1]},"{good[2]}"\n'.encode()
    )
    source.write_bytes(body)
    out = tmp_path / "out.csv"
    assert tag(source, "-o", out) == 0
    tagged = read_output(out)
    assert len(tagged) == 6
    errors = [row["error"] for row in tagged]
    assert errors[0] == "" and errors[-1] == ""
    assert "empty text" in errors[1] and "empty text" in errors[2]
    assert "expected 3 fields, found 5" in errors[3] and "Too,many,fields,here" in errors[3]
    assert "undecodable bytes" in errors[4]
    assert out.read_bytes().count(b"caf\xe9") == 1  # the original bytes come back unchanged


def test_malformed_jsonl_line_is_kept(tmp_path):
    source = tmp_path / "in.jsonl"
    source.write_text('{"description": "Answer calls from customers"}\n{broken\n[1, 2]\n')
    out = tmp_path / "out.jsonl"
    assert tag(source, "-o", out) == 0
    tagged = read_output(out)
    assert len(tagged) == 3
    assert tagged[0]["error"] == "" and "malformed JSON on line 2" in tagged[1]["error"]
    assert "{broken" in tagged[1]["error"] and "not a JSON object" in tagged[2]["error"]


def test_two_jobs_give_the_same_output_as_one(tmp_path):
    source = tmp_path / "in.csv"
    write_csv(source, sample_rows(copies=6))
    one, two = tmp_path / "one.csv", tmp_path / "two.csv"
    assert tag(source, "-o", one, "--jobs", "1", "--chunk-rows", "7") == 0
    assert tag(source, "-o", two, "--jobs", "2", "--chunk-rows", "7") == 0
    assert one.read_bytes() == two.read_bytes()


def test_missing_column_fails_with_the_columns_that_exist(tmp_path, capsys):
    source = tmp_path / "in.csv"
    write_csv(source, sample_rows())
    assert tag(source, "-o", tmp_path / "o.csv", "--text-column", "body") == 2
    message = capsys.readouterr().err
    assert "column 'body' not found" in message and "id, job_title, description" in message
    assert not (tmp_path / "o.csv").exists()


def test_no_usable_column_is_a_clear_error(tmp_path, capsys):
    source = tmp_path / "in.csv"
    source.write_text("a,b\n1,2\n")
    assert tag(source, "-o", tmp_path / "o.csv") == 2
    assert "no text column found" in capsys.readouterr().err


def test_unreadable_input_and_missing_model_are_fatal(tmp_path, capsys):
    assert tag(tmp_path / "absent.csv") == 2
    assert "input file" in capsys.readouterr().err
    source = tmp_path / "in.csv"
    write_csv(source, sample_rows())
    assert main(["tag", str(source), "--model", str(tmp_path / "none.joblib"), "--quiet"]) == 2
    assert "none.joblib not found" in capsys.readouterr().err


def test_interrupted_run_leaves_no_output_file(tmp_path, monkeypatch):
    source = tmp_path / "in.csv"
    write_csv(source, sample_rows(copies=5))
    calls = []
    real = batch.tag_chunk

    def interrupted(rows, settings):
        calls.append(1)
        if len(calls) == 2:
            raise KeyboardInterrupt
        return real(rows, settings)

    monkeypatch.setattr(batch, "tag_chunk", interrupted)
    out = tmp_path / "out.csv"
    assert tag(source, "-o", out, "--chunk-rows", "4") == 130
    assert list(tmp_path.iterdir()) == [source]


def test_explain_adds_the_terms_behind_each_tag(tmp_path):
    source = tmp_path / "in.csv"
    write_csv(source, sample_rows())
    out = tmp_path / "out.csv"
    assert tag(source, "-o", out, "--explain", "3") == 0
    tagged = read_output(out)
    assert all(row["channel_terms"] and row["office_terms"] for row in tagged)
    assert all(len(row["channel_terms"].split("; ")) <= 3 for row in tagged)


def test_stdin_to_stdout_with_summary_on_stderr(tmp_path):
    source = tmp_path / "in.csv"
    write_csv(source, sample_rows())
    result = subprocess.run(
        [sys.executable, "-m", "pipeline", "tag", "-", "-o", "-", "--format", "csv", "--model", MODEL],
        input=source.read_bytes(), capture_output=True, check=True,
    )  # fmt: skip
    lines = result.stdout.decode().splitlines()
    assert len(lines) == 1 + len(POSTINGS)
    assert "rows" in result.stderr.decode() and "front" in result.stderr.decode()


def test_uncertain_follows_min_confidence(tmp_path):
    source = tmp_path / "in.csv"
    write_csv(source, sample_rows())
    strict, loose = tmp_path / "s.csv", tmp_path / "l.csv"
    assert tag(source, "-o", strict, "--min-confidence", "1.01") == 0
    assert tag(source, "-o", loose, "--min-confidence", "0.0") == 0
    assert {row["uncertain"] for row in read_output(strict)} == {"true"}
    assert {row["uncertain"] for row in read_output(loose)} == {"false"}


def test_the_batch_parent_process_does_not_load_the_model_stack(tmp_path):
    # with --jobs N the parent only reads, dispatches and writes; spaCy lives in the workers
    sample, out = REPO / "examples" / "job_board.csv", tmp_path / "out.csv"
    code = (
        "import sys; from pipeline.cli import main; "
        f"main(['tag', {str(sample)!r}, '-o', {str(out)!r}, '--jobs', '2', '--quiet']); "
        "print('spacy' in sys.modules, 'sklearn' in sys.modules)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.split() == ["False", "False"]
    assert out.is_file()
