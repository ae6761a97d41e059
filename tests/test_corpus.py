import json

import pytest

from pipeline.artifact import read_card
from pipeline.corpus import (
    CorpusError,
    Record,
    corpus_hash,
    drop_duplicates,
    load_postings,
    load_sources,
    split_groups,
)

from .conftest import REPO

GOOD = {
    "id": "x-1",
    "lang": "en",
    "title": "Agent",
    "text": "Answer calls.",
    "channel": "voice",
    "office": "front",
}


def write_lines(path, lines):
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    return path


BAD_ROWS = [
    ("{not json", "invalid JSON"),
    ('["a list"]', "expected a JSON object"),
    (json.dumps({k: v for k, v in GOOD.items() if k != "office"}), "missing field(s) office"),
    (json.dumps(GOOD | {"id": "x-0"}), "duplicate id 'x-0'"),
    (json.dumps(GOOD | {"lang": "de"}), "unknown language 'de'"),
    (json.dumps(GOOD | {"channel": "phone"}), "channel 'phone' is not one of non-voice, voice"),
    (json.dumps(GOOD | {"office": "middle"}), "office 'middle' is not one of back, front"),
    (json.dumps(GOOD | {"text": " <p></p> "}), "empty text"),
    (json.dumps(GOOD | {"title": 7}), "field 'title' must be a string"),
]


@pytest.mark.parametrize(("line", "message"), BAD_ROWS)
def test_validation_names_file_line_and_fault(tmp_path, line, message):
    path = write_lines(tmp_path / "en.jsonl", [json.dumps(GOOD | {"id": "x-0"}), "", line])
    with pytest.raises(CorpusError) as caught:
        load_postings([path])
    assert str(caught.value).startswith(f"{path}:3: ")
    assert message in str(caught.value)


def test_valid_rows_load_as_records(tmp_path):
    path = write_lines(tmp_path / "en.jsonl", [json.dumps(GOOD)])
    assert load_postings([path]) == [Record(**GOOD, origin="posting")]


def record(ident, text):
    return Record(ident, "en", "Title", text, "voice", "front", "posting")


LONG = (
    "You will answer inbound calls from customers of a large bank, solve card issues and log every "
    "call in the CRM system. We offer a permanent contract, a modern office in the city centre, "
    "paid training during the first four weeks, private medical care, a sports card and a yearly "
    "bonus. Apply with your CV in English; we answer every application within ten working days."
)


def test_exact_and_near_duplicates_are_dropped_and_named():
    near = LONG.replace("large", "big")
    kept, exact, near_dups = drop_duplicates(
        [
            record("a", LONG),
            record("b", LONG.upper()),
            record("c", near),
            record("d", "Bookkeeping and payroll"),
        ]
    )
    assert [r.id for r in kept] == ["a", "d"]
    assert exact == ["b"] and near_dups == [("c", "a")]


def test_near_duplicates_share_a_split_group():
    variant = LONG.replace("bank", "telecom operator").replace("card", "SIM")
    groups = split_groups([record("a", LONG), record("b", variant), record("c", "Payroll and HR records")])
    assert groups[0] == groups[1] != groups[2]


def test_source_passages_follow_the_annotation_file():
    passages, unlabelled = load_sources(REPO / "corpus" / "sources")
    assert passages and unlabelled
    assert {p.lang for p in passages} == {"pl", "nl", "en", "id"}
    assert all(p.channel is not None or p.office is not None for p in passages)


def test_edited_article_is_caught_by_its_annotation(tmp_path):
    sources = tmp_path / "sources"
    sources.mkdir()
    for path in (REPO / "corpus" / "sources").iterdir():
        (sources / path.name).write_bytes(path.read_bytes())
    article = sources / "003_982d2f67ad8e69ca.txt"
    article.write_text("Changed opening\n" + article.read_text(encoding="utf-8"), encoding="utf-8")
    with pytest.raises(CorpusError, match="does not match passage 1 of 003_982d2f67ad8e69ca.txt"):
        load_sources(sources)


def test_committed_model_was_trained_on_the_committed_corpus():
    card = read_card(REPO / "models" / "bpo-tagger.joblib")
    assert card["corpus_sha256"] == corpus_hash(REPO / "corpus"), (
        "the corpus changed since the model was trained: run `make corpus train` and commit the model"
    )


def test_committed_corpus_meets_its_own_contract():
    postings = load_postings(sorted((REPO / "corpus" / "postings").glob("*.jsonl")))
    for language in ("pl", "nl", "en", "id"):
        mine = [p for p in postings if p.lang == language]
        assert len(mine) >= 300, language
        for channel in ("voice", "non-voice"):
            for office in ("front", "back"):
                share = sum(p.channel == channel and p.office == office for p in mine) / len(mine)
                assert share >= 0.15, (language, channel, office, share)
