"""Language detection with langdetect: deterministic, and fast on long postings."""

from __future__ import annotations

import threading
from collections.abc import Iterable
from typing import NamedTuple

from langdetect import DetectorFactory
from langdetect.detector_factory import PROFILES_DIRECTORY
from langdetect.lang_detect_exception import LangDetectException
from sklearn.base import BaseEstimator, TransformerMixin

SUPPORTED_LANGUAGES: tuple[str, ...] = ("pl", "nl", "en", "id")
UNKNOWN = "unknown"

_factories: dict[int, DetectorFactory] = {}
_factories_lock = threading.Lock()


class LanguageGuess(NamedTuple):
    """A detected language: ISO 639-1 code (or ``unknown``) and its probability."""

    code: str
    score: float


class DetectedText(NamedTuple):
    """A normalised text with the language detected for it."""

    text: str
    language: str
    language_score: float


def _factory(seed: int) -> DetectorFactory:
    """One langdetect factory per seed, profiles loaded once per process."""
    with _factories_lock:
        if seed not in _factories:
            factory = DetectorFactory()
            factory.load_profile(PROFILES_DIRECTORY)
            factory.set_seed(seed)
            _factories[seed] = factory
        return _factories[seed]


def _snippet(text: str, size: int) -> str:
    """Up to ``size`` characters from the body of a posting, skipping a title line.

    A title is often an English job title inside a Polish, Dutch or Indonesian posting,
    so the body says more about the language than the first line does.
    """
    first_break = text.find("\n")
    body = text[first_break + 1 :] if 0 <= first_break < len(text) - size else text
    if len(body) <= size:
        return body
    cut = body.rfind(" ", 0, size)
    return body[: cut if cut > size // 2 else size]


class LanguageDetector(TransformerMixin, BaseEstimator):
    """Detect the language of texts with langdetect, seeded so results repeat.

    Parameters
    ----------
    snippet_chars : how many characters of the body feed the fast first pass.
    n_trials : langdetect trials in the fast pass (langdetect's default is 7).
    confident_score : a fast-pass probability at or above this is accepted; below it the
        full text is detected with langdetect's defaults.
    seed : seed for langdetect's sampling.
    """

    def __init__(
        self,
        snippet_chars: int = 400,
        n_trials: int = 2,
        confident_score: float = 0.995,
        seed: int = 0,
    ) -> None:
        self.snippet_chars = snippet_chars
        self.n_trials = n_trials
        self.confident_score = confident_score
        self.seed = seed

    def fit(self, texts: Iterable[str], y: object = None) -> LanguageDetector:
        return self

    def __sklearn_is_fitted__(self) -> bool:
        return True  # stateless: nothing to learn

    def transform(self, texts: Iterable[str]) -> list[DetectedText]:
        return [DetectedText(text, *self.detect(text)) for text in texts]

    def detect(self, text: str) -> LanguageGuess:
        """Return the language of one normalised text; ``unknown`` when nothing is detectable."""
        if len(text) > self.snippet_chars:
            guess = self._langdetect(_snippet(text, self.snippet_chars), self.n_trials)
            if guess.score >= self.confident_score:
                return guess
        return self._langdetect(text, 7)

    def _langdetect(self, text: str, n_trials: int) -> LanguageGuess:
        detector = _factory(self.seed).create()
        detector.n_trial = n_trials
        detector.append(text)
        try:
            best = detector.get_probabilities()
        except LangDetectException:
            return LanguageGuess(UNKNOWN, 0.0)
        if not best:
            return LanguageGuess(UNKNOWN, 0.0)
        return LanguageGuess(best[0].lang, round(float(best[0].prob), 4))


def detect_language(text: str) -> LanguageGuess:
    """Detect the language of one text with the default settings."""
    return _default_detector.detect(text)


_default_detector = LanguageDetector()
