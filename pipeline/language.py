"""Language detection with langdetect: deterministic, and fast on long postings."""

from __future__ import annotations

import functools
import json
import os
import threading
from collections.abc import Iterable
from typing import NamedTuple

import numpy as np
from langdetect import DetectorFactory
from langdetect.detector import Detector
from langdetect.detector_factory import PROFILES_DIRECTORY
from langdetect.lang_detect_exception import ErrorCode, LangDetectException
from langdetect.utils.ngram import NGram
from sklearn.base import BaseEstimator, TransformerMixin

SUPPORTED_LANGUAGES: tuple[str, ...] = ("pl", "nl", "en", "id")
UNKNOWN = "unknown"

_factories: dict[int, DetectorFactory] = {}
_factories_lock = threading.Lock()


_normalized_chars: dict[str, str] = {}


def _normalized(ch: str) -> str:
    """langdetect's per-character normalisation, remembered (a pure function of ``ch``)."""
    normal = _normalized_chars.get(ch)
    if normal is None:
        normal = _normalized_chars[ch] = NGram.normalize(ch)
    return normal


class _Profiles(NamedTuple):
    """langdetect's profiles as one matrix: n-gram -> row, one column per language."""

    languages: list[str]
    rows: dict[str, int]
    matrix: np.ndarray


def _load_profiles(directory: str = PROFILES_DIRECTORY) -> _Profiles:
    """Read langdetect's profile files as ``DetectorFactory.load_profile`` does, into a matrix.

    langdetect keeps a Python list of 55 floats per n-gram (about 60 MiB, and more after a
    conversion, since freed floats leave the heap fragmented); a float64 matrix holds the
    same numbers, computed by the same expression, in 36 MiB. Files are read in the same
    order as langdetect reads them, so the columns are its language order. They are read
    twice on purpose: the first pass sizes the matrix, the second fills it in place, so no
    per-file copy of the numbers is held meanwhile (one pass measured 0.12 s faster but
    3-4 MiB larger per process, and every worker pays that).
    """
    names = [n for n in os.listdir(directory) if not n.startswith(".")]
    names = [n for n in names if os.path.isfile(os.path.join(directory, n))]
    languages = []
    rows: dict[str, int] = {}
    for name in names:
        with open(os.path.join(directory, name), encoding="utf-8") as stream:
            data = json.load(stream)
        for gram in data["freq"]:
            rows.setdefault(gram, len(rows))
        languages.append(data["name"])
    matrix = np.zeros((len(rows), len(names)), dtype=np.float64)
    for column, name in enumerate(names):
        with open(os.path.join(directory, name), encoding="utf-8") as stream:
            data = json.load(stream)
        n_words = data["n_words"]
        for gram, count in data["freq"].items():
            if 1 <= len(gram) <= 3:
                matrix[rows[gram], column] = 1.0 * count / n_words[len(gram) - 1]
    return _Profiles(languages, rows, matrix)


class _Detector(Detector):
    """langdetect's Detector, the same computation without its per-character and per-language loops.

    ``Detector._extract_ngrams`` drives an ``NGram`` object one method call per character,
    and every sampled n-gram updates 55 language probabilities in a Python loop: together
    nearly all of the detection time. Here the n-grams are extracted in one loop and the
    update is one array operation. Same profiles, same seeded sampling, same arithmetic in
    the same order (element-wise products, a left-to-right sum), so the same probabilities:
    a test compares both detectors on the corpus.
    """

    def __init__(self, factory: DetectorFactory) -> None:
        super().__init__(factory)
        self.profiles: _Profiles = factory.profiles

    def _detect_block(self) -> None:
        rows, matrix = self.profiles.rows, self.profiles.matrix
        self.cleaning_text()
        ngrams = self._extract_ngrams()
        if not ngrams:
            raise LangDetectException(ErrorCode.CantDetectError, "No features in text.")
        self.random.seed(self.seed)
        langprob = np.zeros(len(self.langlist))
        for _ in range(self.n_trial):
            prob = np.array(self._init_probability(), dtype=np.float64)
            alpha = self.alpha + self.random.gauss(0.0, 1.0) * self.ALPHA_WIDTH
            weight = alpha / self.BASE_FREQ
            i = 0
            while True:
                prob *= weight + matrix[rows[self.random.choice(ngrams)]]
                if i % 5 == 0:
                    prob /= sum(prob.tolist())  # Python's sum: the order langdetect adds in
                    if prob.max() > self.CONV_THRESHOLD or i >= self.ITERATION_LIMIT:
                        break
                i += 1
            langprob += prob / self.n_trial
        self.langprob = langprob.tolist()

    def _extract_ngrams(self) -> list[str]:
        known = self.word_lang_prob_map
        result: list[str] = []
        grams, capital_word = " ", False
        for raw in self.text:
            ch = _normalized_chars.get(raw) or _normalized(raw)
            last = grams[-1]
            if last == " ":
                grams, capital_word = " ", False
                if ch == " ":
                    continue
            elif len(grams) >= NGram.N_GRAM:
                grams = grams[1:]
            grams += ch
            if ch.isupper():
                if last.isupper():
                    capital_word = True
            else:
                capital_word = False
            if capital_word:
                continue
            if ch != " " and ch in known:
                result.append(ch)
            for n in (2, 3):
                if len(grams) < n:
                    break
                gram = grams[-n:]
                if gram in known:
                    result.append(gram)
        return result


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
    """One langdetect factory per seed, its profiles loaded once per process (as a matrix)."""
    with _factories_lock:
        if seed not in _factories:
            profiles = _profiles()
            factory = DetectorFactory()
            factory.langlist = profiles.languages
            factory.word_lang_prob_map = profiles.rows  # what Detector reads to test membership
            factory.profiles = profiles
            factory.set_seed(seed)
            _factories[seed] = factory
        return _factories[seed]


@functools.cache
def _profiles() -> _Profiles:
    return _load_profiles()


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
        snippet_chars: int = 250,
        n_trials: int = 1,
        confident_score: float = 0.99,
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
        detector = _Detector(_factory(self.seed))
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
