import pytest

from pipeline.language import LanguageDetector, detect_language

from .conftest import SAMPLES


@pytest.mark.parametrize("key", sorted(SAMPLES))
def test_detects_each_supported_language(key):
    assert detect_language(SAMPLES[key]).code == key[0]


def test_detection_is_deterministic():
    text = "Wir suchen Mitarbeiter für unseren Kundenservice am Telefon."
    assert {detect_language(text) for _ in range(5)} == {detect_language(text)}


def test_unsupported_language_is_still_named():
    guess = detect_language("Nous recherchons un conseiller clientèle pour notre centre d'appels à Lyon.")
    assert guess.code == "fr"
    assert 0.5 < guess.score <= 1.0


@pytest.mark.parametrize("text", ["", "12345 67", "!!! ??? ..."])
def test_nothing_to_detect_gives_unknown(text):
    assert detect_language(text) == ("unknown", 0.0)


def test_fast_pass_agrees_with_full_detection_on_long_text():
    body = SAMPLES[("pl", "voice", "front")] * 20
    fast = LanguageDetector(snippet_chars=300, n_trials=1, confident_score=0.99)
    full = LanguageDetector(snippet_chars=10**9)
    assert fast.detect(body).code == full.detect(body).code == "pl"


def test_english_title_does_not_decide_the_language_of_a_polish_posting():
    text = (
        "Customer Service Agent with German\n"
        + "Odbierasz połączenia od klientów sklepu internetowego. " * 12
    )
    assert detect_language(text).code == "pl"
