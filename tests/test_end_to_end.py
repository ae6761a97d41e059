"""Train a small model from scratch, save it, load it, tag with it."""

import random

import pytest

from pipeline.api import Tagger
from pipeline.corpus import load_postings
from pipeline.train import TrainingPlan, train

from .conftest import REPO, SAMPLES


@pytest.mark.slow
def test_train_then_predict_on_a_small_corpus(tmp_path):
    postings = load_postings(sorted((REPO / "corpus" / "postings").glob("*.jsonl")))
    rng = random.Random(0)
    small = []
    for language in ("en", "nl", "id"):  # Polish lemma tables take ~30 s to load: left out here
        mine = [p for p in postings if p.lang == language]
        small += rng.sample(mine, 60)
    plan = TrainingPlan(feature_sets=("words",), c_values=(10.0,), folds=2)
    out = tmp_path / "small.joblib"
    card = train(small, "test-corpus", out, plan)
    assert card["corpus_sha256"] == "test-corpus" and out.is_file()
    assert card["selection"]["chosen"]["features"] == "words"
    again = train(
        small,
        "test-corpus",
        tmp_path / "again.joblib",
        TrainingPlan(feature_sets=("words",), c_values=(10.0,), folds=2),
    )
    assert again["held_out_metrics"] == card["held_out_metrics"]  # same corpus, same metrics

    tagger = Tagger.load(out)
    for language in ("en", "nl", "id"):
        for channel, office in (("voice", "front"), ("non-voice", "back")):
            prediction = tagger.predict(SAMPLES[(language, channel, office)])
            assert (prediction.channel, prediction.office) == (channel, office), language
