"""Language-aware text processing with spaCy: tokens, stop words and lemmas."""

from __future__ import annotations

import functools
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import spacy
from sklearn.base import BaseEstimator, TransformerMixin
from spacy.language import Language
from spacy.lookups import load_lookups

from pipeline.language import SUPPORTED_LANGUAGES, DetectedText

FALLBACK_LANGUAGE = "xx"  # spaCy's multilingual tokenizer, for every other language
TITLE_MAX_CHARS = 150  # a first line longer than this is body text, not a job title
CHUNK_CACHE_SIZE = 100_000  # cached chunks per language and process, then the cache restarts


@dataclass(frozen=True)
class LanguageResources:
    """Per-language facts: which spacy-lookups-data tables hold lemmas, which words negate."""

    lemma_tables: tuple[str, ...]
    negations: frozenset[str]


# Looked up by language code, as spaCy does in spacy/lang/*/: data, not if-chains.
# Negations are kept although spaCy lists them as stop words: "no calls" is not "calls".
LANGUAGE_RESOURCES: dict[str, LanguageResources] = {
    "en": LanguageResources(("lemma_lookup",), frozenset({"no", "not", "never", "without"})),
    "nl": LanguageResources(("lemma_lookup",), frozenset({"geen", "niet", "nooit", "zonder"})),
    "id": LanguageResources(("lemma_lookup",), frozenset({"tidak", "tanpa", "bukan", "tak"})),
    # Polish has only per-part-of-speech tables; merged whole they take ~1.6 GB, so
    # SpacyTokens.fit keeps just the forms whose lemma occurs in the training texts.
    "pl": LanguageResources(
        ("lemma_lookup_noun", "lemma_lookup_verb", "lemma_lookup_adj", "lemma_lookup_adv"),
        frozenset({"nie", "bez", "nigdy", "żadnych", "żadnego"}),
    ),
}

_blank_lock = threading.Lock()


@functools.cache
def _blank_cached(code: str) -> Language:
    return spacy.blank(code)


def blank_pipeline(code: str) -> Language:
    """The tokenizer-only spaCy pipeline for a language, built once per process."""
    with _blank_lock:
        return _blank_cached(code if code in LANGUAGE_RESOURCES else FALLBACK_LANGUAGE)


def load_lemma_table(code: str) -> dict[int, str]:
    """The whole lemma lookup of a language, keyed by spaCy string hash (heavy for pl)."""
    merged: dict[int, str] = {}
    tables = LANGUAGE_RESOURCES[code].lemma_tables
    lookups = load_lookups(code, list(tables))
    for name in tables:  # first table wins: nouns before verbs before adjectives
        for key, lemma in lookups.get_table(name).items():
            merged.setdefault(key, lemma.lower())
    return merged


class SpacyTokens(TransformerMixin, BaseEstimator):
    """Turn detected texts into space-joined lowercase lemmas, language by language.

    Parameters
    ----------
    lemmatize : replace forms by lemmas from spacy-lookups-data where a table exists.
    remove_stop_words : drop spaCy's stop words of the language (negations are kept).
    title_features : also emit the lemmas of a first line that looks like a title (short,
        followed by more text) as separate ``t:lemma`` features, so that a job title is not
        drowned by the company boilerplate of a long posting.
    max_chars : process at most this many characters of a text (a posting is far shorter;
        the cap keeps a runaway input from stalling a batch). None: all.

    Attributes
    ----------
    lemma_tables_ : per language, the lookup restricted to forms whose lemma occurs in
        the training texts (spaCy string hash -> lemma); unseen lemmas could never match a
        learned feature, so the rest of the table is dead weight.
    """

    def __init__(
        self,
        lemmatize: bool = True,
        remove_stop_words: bool = True,
        title_features: bool = True,
        max_chars: int | None = 50_000,
    ) -> None:
        self.lemmatize = lemmatize
        self.remove_stop_words = remove_stop_words
        self.title_features = title_features
        self.max_chars = max_chars

    def fit(self, documents: Sequence[DetectedText], y: object = None) -> SpacyTokens:
        self.lemma_tables_: dict[str, dict[int, str]] = {}
        if not self.lemmatize:
            return self
        for code in LANGUAGE_RESOURCES:
            texts = [doc.text for doc in documents if doc.language == code]
            if texts:
                self.lemma_tables_[code] = self._restricted_table(code, texts)
        return self

    def _restricted_table(self, code: str, texts: list[str]) -> dict[int, str]:
        nlp = blank_pipeline(code)
        table = load_lemma_table(code)
        seen_lemmas = {table.get(token.lower, token.lower_) for doc in nlp.pipe(texts) for token in doc}
        return {key: lemma for key, lemma in table.items() if lemma in seen_lemmas}

    def transform(self, documents: Iterable[DetectedText]) -> list[str]:
        return [self.process(doc.text, doc.language) for doc in documents]

    def process(self, text: str, language: str) -> str:
        """Lemmas of one text, lowercase, without punctuation, numbers or stop words."""
        lemmas = self._lemmas(text[: self.max_chars] if self.max_chars else text, language)
        title_end = text.find("\n")
        if self.title_features and 0 < title_end <= TITLE_MAX_CHARS:
            lemmas += " " + " ".join(
                "t:" + lemma for lemma in self._lemmas(text[:title_end], language).split()
            )
        return lemmas

    def _lemmas(self, text: str, language: str) -> str:
        """Lemmas of a text, one whitespace-separated chunk at a time, through a cache.

        spaCy's tokenizer splits on white space first and treats every chunk on its own, so
        the lemmas of a chunk can be cached: words repeat across postings, and a cached chunk
        skips the tokenizer's prefix, suffix and infix searches. The cache is emptied when it
        reaches ``CHUNK_CACHE_SIZE`` entries, so memory stays flat on any input.
        """
        cache = self._chunk_cache(language)
        kept: list[str] = []
        for chunk in text.split():
            lemmas = cache.get(chunk)
            if lemmas is None:
                lemmas = self._chunk_lemmas(chunk, language)
                if len(cache) >= CHUNK_CACHE_SIZE:
                    cache.clear()
                cache[chunk] = lemmas
            kept.extend(lemmas)
        return " ".join(kept)

    def _chunk_lemmas(self, chunk: str, language: str) -> tuple[str, ...]:
        nlp = blank_pipeline(language)
        stop_words = _stop_words(language) if self.remove_stop_words else frozenset()
        lemmas = getattr(self, "lemma_tables_", {}).get(language, {})
        kept = []
        for token in nlp.make_doc(chunk):
            if token.is_punct or token.is_space or token.like_num:
                continue
            form = token.lower_
            if form in stop_words:
                continue
            kept.append(lemmas.get(token.lower, form))
        return tuple(kept)

    def _chunk_cache(self, language: str) -> dict[str, tuple[str, ...]]:
        caches = self.__dict__.setdefault("_chunk_caches", {})
        return caches.setdefault(language, {})

    def __getstate__(self) -> dict:
        state = super().__getstate__()
        state.pop("_chunk_caches", None)  # a per-process speed-up, not part of the model
        return state


@functools.cache
def _stop_words(language: str) -> frozenset[str]:
    resources = LANGUAGE_RESOURCES.get(language)
    if resources is None:
        return frozenset()
    return frozenset(blank_pipeline(language).Defaults.stop_words) - resources.negations


__all__ = ["SUPPORTED_LANGUAGES", "LANGUAGE_RESOURCES", "SpacyTokens", "blank_pipeline"]
