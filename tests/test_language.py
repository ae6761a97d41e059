import pytest

from pipeline.language import LanguageDetector, detect_language

from .conftest import REPO, SAMPLES


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


def _corpus_texts(limit_per_language: int = 60) -> list[str]:
    from pipeline.corpus import load_postings
    from pipeline.normalize import normalize_text

    postings = load_postings(sorted((REPO / "corpus" / "postings").glob("*.jsonl")))
    by_language: dict[str, list[str]] = {}
    for posting in postings:
        by_language.setdefault(posting.lang, []).append(normalize_text(posting.full_text))
    return [text for texts in by_language.values() for text in texts[:limit_per_language]]


@pytest.mark.parametrize(("snippet_chars", "trials"), [(250, 1), (None, 7)])
def test_fast_detector_computes_langdetects_own_probabilities(snippet_chars, trials):
    from langdetect import DetectorFactory
    from langdetect.detector import Detector
    from langdetect.detector_factory import PROFILES_DIRECTORY
    from langdetect.lang_detect_exception import LangDetectException

    from pipeline.language import _Detector, _factory, _snippet

    reference = DetectorFactory()  # langdetect as shipped: profiles as lists, its own loops
    reference.load_profile(PROFILES_DIRECTORY)
    reference.set_seed(0)
    factories = {Detector: reference, _Detector: _factory(0)}

    def probabilities(kind, text):
        detector = kind(factories[kind])
        detector.n_trial = trials
        detector.append(text)
        try:
            return [(p.lang, p.prob) for p in detector.get_probabilities()]
        except LangDetectException as error:
            return str(error)

    extra = ["Wir suchen Kundenberater", "SHOUTING TITLE only", "Ça va, merci", "Москва", "東京都", "42", ""]
    for text in _corpus_texts() + extra:
        piece = _snippet(text, snippet_chars) if snippet_chars else text
        assert probabilities(_Detector, piece) == probabilities(Detector, piece), piece[:80]
