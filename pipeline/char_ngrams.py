"""Character n-gram counts inside word boundaries, each word's n-grams worked out once.

The counts are those of ``CountVectorizer(analyzer="char_wb", lowercase=False)``: every
word padded with a space on each side, n-grams of every length in ``ngram_range``, a word
shorter than n counted once, the vocabulary sorted and cut at ``min_df`` documents. The
vectorizer does that per document in Python, n-gram by n-gram; here the vocabulary indices
of every distinct lemma are computed once per process and reused, since the same lemmas
recur posting after posting. A test checks the counts against scikit-learn's.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

import numpy as np
from scipy import sparse
from sklearn.base import BaseEstimator, TransformerMixin

WORD_CACHE_SIZE = 100_000  # cached words per process, then the cache restarts


def word_ngrams(word: str, ngram_range: tuple[int, int]) -> list[str]:
    """The char_wb n-grams of one word, in scikit-learn's order."""
    padded = f" {word} "
    size = len(padded)
    grams = []
    for n in range(ngram_range[0], ngram_range[1] + 1):
        grams.append(padded[:n])
        offset = 0
        while offset + n < size:
            offset += 1
            grams.append(padded[offset : offset + n])
        if offset == 0:  # a word shorter than n is counted once
            break
    return grams


class CharNgramCounts(TransformerMixin, BaseEstimator):
    """Counts of character n-grams inside word boundaries (feed it to a ``TfidfTransformer``).

    Parameters
    ----------
    ngram_range : smallest and largest n.
    min_df : keep n-grams that occur in at least this many training texts.
    dtype : dtype of the count matrix.
    """

    def __init__(
        self, ngram_range: tuple[int, int] = (3, 5), min_df: int = 2, dtype: type = np.float32
    ) -> None:
        self.ngram_range = ngram_range
        self.min_df = min_df
        self.dtype = dtype

    def fit(self, texts: Iterable[str], y: object = None) -> CharNgramCounts:
        document_frequency: Counter[str] = Counter()
        for text in texts:
            document_frequency.update({gram for word in text.split() for gram in self._grams(word)})
        kept = sorted(gram for gram, count in document_frequency.items() if count >= self.min_df)
        self.vocabulary_: dict[str, int] = {gram: index for index, gram in enumerate(kept)}
        self.__dict__.pop("_index_cache", None)
        return self

    def transform(self, texts: Iterable[str]) -> sparse.csr_matrix:
        cache = self.__dict__.setdefault("_index_cache", {})
        indices: list[int] = []
        indptr = [0]
        for text in texts:
            for word in text.split():
                known = cache.get(word)
                if known is None:
                    known = [self.vocabulary_[g] for g in self._grams(word) if g in self.vocabulary_]
                    if len(cache) >= WORD_CACHE_SIZE:
                        cache.clear()
                    cache[word] = known
                indices.extend(known)
            indptr.append(len(indices))
        counts = sparse.csr_matrix(
            (np.ones(len(indices), dtype=self.dtype), np.asarray(indices, dtype=np.int32), indptr),
            shape=(len(indptr) - 1, len(self.vocabulary_)),
        )
        counts.sum_duplicates()  # repeated n-grams become counts, indices sorted
        return counts

    def get_feature_names_out(self, input_features: object = None) -> np.ndarray:
        names = np.empty(len(self.vocabulary_), dtype=object)
        for gram, index in self.vocabulary_.items():
            names[index] = gram
        return names

    def _grams(self, word: str) -> list[str]:
        return word_ngrams(word, self.ngram_range)

    def __getstate__(self) -> dict:
        state = super().__getstate__()
        state.pop("_index_cache", None)  # a per-process speed-up, not part of the model
        return state
