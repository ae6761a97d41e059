"""The trainable model: a scikit-learn Pipeline from raw text to two logistic-regression heads."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
from scipy import sparse
from sklearn.base import BaseEstimator, ClassifierMixin, clone
from sklearn.feature_extraction.text import TfidfTransformer, TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import FeatureUnion, Pipeline

from pipeline.char_ngrams import CharNgramCounts
from pipeline.cues import ChannelCues
from pipeline.language import LanguageDetector
from pipeline.normalize import TextNormalizer
from pipeline.tokens import SpacyTokens

AXES: tuple[str, ...] = ("channel", "office")
LABELS: dict[str, tuple[str, str]] = {
    "channel": ("non-voice", "voice"),
    "office": ("back", "front"),
}


def word_features(min_df: int = 2) -> TfidfVectorizer:
    """Lemma unigrams and bigrams."""
    return TfidfVectorizer(
        analyzer="word",
        token_pattern=r"\S+",
        lowercase=False,
        ngram_range=(1, 2),
        min_df=min_df,
        sublinear_tf=True,
        dtype=np.float32,
    )


def char_features(min_df: int = 2) -> Pipeline:
    """Character 3- to 5-grams inside lemma boundaries (typos, compounds, inflections)."""
    return Pipeline(
        [
            ("counts", CharNgramCounts(ngram_range=(3, 5), min_df=min_df, dtype=np.float32)),
            ("tfidf", TfidfTransformer(sublinear_tf=True)),
        ]
    )


# Feature set name -> the named TF-IDF blocks it puts side by side.
FEATURE_SETS: dict[str, Callable[[int], list[tuple[str, BaseEstimator]]]] = {
    "words": lambda min_df: [("words", word_features(min_df))],
    "chars": lambda min_df: [("chars", char_features(min_df))],
    "union": lambda min_df: [("words", word_features(min_df)), ("chars", char_features(min_df))],
}


class FeatureBlocks(FeatureUnion):
    """A ``FeatureUnion`` whose ``transform`` runs its blocks in this process, one after another.

    scikit-learn's ``FeatureUnion`` sends every block through joblib even when ``n_jobs`` is
    None: about half a millisecond a call, which ``predict()`` on one posting pays every
    time. Fitting, parameters and columns are the parent's; the output is the same matrix.
    """

    def transform(self, X, **params):  # noqa: N803 (scikit-learn names)
        if params or self.n_jobs not in (None, 1) or self.transformer_weights:
            return super().transform(X, **params)
        blocks = [block.transform(X) for _, block, _ in self._iter()]
        return sparse.hstack(blocks, format="csr")


def feature_union(features: str = "union", min_df: int = 2, cues: bool = True) -> FeatureBlocks:
    """The TF-IDF blocks of a feature set, plus the length-independent channel cues."""
    if features not in FEATURE_SETS:
        raise ValueError(f"unknown feature set {features!r}; choose one of {sorted(FEATURE_SETS)}")
    blocks: list[tuple[str, object]] = list(FEATURE_SETS[features](min_df))
    if cues:
        blocks.append(("cues", ChannelCues()))
    return FeatureBlocks(blocks)


class AxisHeads(ClassifierMixin, BaseEstimator):
    """One clone of ``estimator`` per axis, each fitted on the rows labelled on that axis.

    ``Y`` has one column per axis; ``None`` marks a row without a label on that axis (an
    article passage that describes only one side), so it is left out of that head only.
    """

    def __init__(self, estimator: BaseEstimator | None = None, axes: Sequence[str] = AXES) -> None:
        self.estimator = estimator
        self.axes = axes

    def fit(self, X, Y) -> AxisHeads:  # noqa: N803 (scikit-learn names)
        Y = np.asarray(Y, dtype=object)
        if Y.ndim != 2 or Y.shape[1] != len(self.axes):
            raise ValueError(f"Y must have one column per axis {tuple(self.axes)}, got {Y.shape}")
        base = self.estimator if self.estimator is not None else LogisticRegression()
        self.estimators_ = []
        for column in range(len(self.axes)):
            labelled = np.array([label is not None for label in Y[:, column]])
            head = clone(base).fit(X[labelled], Y[labelled, column].astype(str))
            self.estimators_.append(head)
        self.classes_ = [head.classes_ for head in self.estimators_]
        return self

    def predict_proba(self, X) -> list[np.ndarray]:  # noqa: N803
        """One (n_samples, 2) probability array per axis, columns in ``classes_`` order."""
        return [head.predict_proba(X) for head in self.estimators_]

    def predict(self, X) -> np.ndarray:  # noqa: N803
        return np.column_stack([head.predict(X) for head in self.estimators_])

    def score(self, X, Y) -> float:  # noqa: N803
        """Mean accuracy over axes (rows unlabelled on an axis are skipped)."""
        Y = np.asarray(Y, dtype=object)
        predicted = self.predict(X)
        scores = []
        for column in range(len(self.axes)):
            labelled = np.array([label is not None for label in Y[:, column]])
            scores.append(float(np.mean(predicted[labelled, column] == Y[labelled, column])))
        return float(np.mean(scores))


def build_model(
    features: str = "union",
    C: float = 10.0,
    min_df: int = 2,
    seed: int = 0,
    cues: bool = True,
) -> Pipeline:
    """The full pipeline: normalise, detect language, spaCy lemmas, TF-IDF (+ cues), two LR heads."""
    features_step = feature_union(features, min_df, cues)
    head = LogisticRegression(C=C, class_weight="balanced", max_iter=5000, random_state=seed)
    return Pipeline(
        [
            ("normalize", TextNormalizer()),
            ("language", LanguageDetector(seed=seed)),
            ("tokens", SpacyTokens()),
            ("features", features_step),
            ("heads", AxisHeads(head, axes=AXES)),
        ]
    )


# Index that splits the pipeline: steps before it produce DetectedText, steps from it classify.
CLASSIFY_FROM = 2
