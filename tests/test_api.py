from concurrent.futures import ThreadPoolExecutor

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import pipeline
from pipeline import Prediction, Tagger, predict, predict_many

from .conftest import REPO, SAMPLES


@pytest.mark.parametrize("key", sorted(SAMPLES))
def test_shipped_model_tags_clear_postings_in_each_language(key):
    language, channel, office = key
    prediction = predict(SAMPLES[key])
    assert (prediction.language, prediction.channel, prediction.office) == key
    assert prediction.supported
    assert 0.5 <= prediction.channel_score <= 1.0 and 0.5 <= prediction.office_score <= 1.0


def test_prediction_to_dict_has_every_field():
    fields = predict(SAMPLES[("en", "voice", "front")]).to_dict()
    assert set(fields) == {
        "language", "language_score", "supported", "channel", "channel_score",
        "office", "office_score", "error",
    }  # fmt: skip
    assert fields["error"] is None


def test_unsupported_language_is_tagged_but_marked_unsupported():
    prediction = predict("Wir suchen Callcenter-Agenten für eingehende Anrufe von Kunden in Berlin.")
    assert prediction.language == "de" and prediction.supported is False
    assert prediction.channel in ("voice", "non-voice")


BAD_INPUTS = [
    (None, "no text"),
    (42, "got int"),
    (b"bytes", "got bytes"),
    ("", "empty text"),
    ("   \n\t ", "empty text"),
    ("<p> </p>", "empty text"),
]


def test_predict_many_keeps_order_and_marks_untaggable_inputs():
    inputs = [SAMPLES[("en", "voice", "front")]] + [bad for bad, _ in BAD_INPUTS]
    inputs.append(SAMPLES[("pl", "non-voice", "back")])
    results = predict_many(inputs)
    assert len(results) == len(inputs)
    assert results[0].channel == "voice" and results[-1].office == "back"
    for result, (_, reason) in zip(results[1:-1], BAD_INPUTS):
        assert reason in result.error and result.channel is None and result.language is None


@pytest.mark.parametrize(("bad", "reason"), BAD_INPUTS)
def test_predict_raises_value_error_with_the_same_message(bad, reason):
    with pytest.raises(ValueError, match=reason):
        predict(bad)


def test_explain_names_the_terms_behind_each_tag():
    explanation = pipeline.explain(SAMPLES[("en", "voice", "front")], k=3)
    assert set(explanation) == {"channel", "office"}
    assert 1 <= len(explanation["channel"]) <= 3
    terms = " ".join(term for term, _ in explanation["channel"])
    assert "call" in terms or "cue:phone" in terms  # the phone cue or a phone lemma
    weights = [weight for _, weight in explanation["channel"]]
    assert weights == sorted(weights, reverse=True) and all(w > 0 for w in weights)


def test_tagger_load_takes_another_model_path(tagger):
    other = Tagger.load(REPO / "models" / "bpo-tagger.joblib")
    text = SAMPLES[("id", "voice", "front")]
    assert other.predict(text) == tagger.predict(text)


def test_default_model_is_safe_to_share_between_threads():
    texts = [SAMPLES[key] for key in sorted(SAMPLES)] * 4
    expected = [predict(text) for text in texts]
    with ThreadPoolExecutor(max_workers=4) as pool:
        assert list(pool.map(predict, texts)) == expected


anything = st.one_of(
    st.none(),
    st.binary(max_size=50),
    st.integers(),
    st.text(max_size=300),
    st.text(alphabet=st.characters(categories=["Cc", "Cf", "Zs", "Zl"]), max_size=50),
    st.builds(lambda s, n: s * n, st.text(min_size=1, max_size=20), st.integers(1000, 5000)),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(anything, max_size=6))
def test_predict_many_returns_one_result_per_item_and_never_raises(items):
    results = predict_many(items)
    assert len(results) == len(items)
    for item, result in zip(items, results):
        assert isinstance(result, Prediction)
        assert (result.error is None) == (result.channel is not None)
        if not isinstance(item, str):
            assert result.error
