"""The embedded API: predict(), predict_many(), explain() and the Tagger behind them."""

from __future__ import annotations

import threading
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import numpy as np
from sklearn import config_context

from pipeline.artifact import load_model
from pipeline.language import SUPPORTED_LANGUAGES, DetectedText
from pipeline.model import AXES, CLASSIFY_FROM
from pipeline.shipped import default_model_path


@dataclass(frozen=True)
class Prediction:
    """The tags of one posting. ``error`` is set (and the tags are None) when it could not be tagged."""

    language: str | None = None
    language_score: float | None = None
    supported: bool = False
    channel: str | None = None
    channel_score: float | None = None
    office: str | None = None
    office_score: float | None = None
    error: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def why_untaggable(text: object) -> str | None:
    """The reason an input cannot be tagged before it is cleaned, or None."""
    if text is None:
        return "no text (None)"
    if isinstance(text, bytes | bytearray):
        return "expected text (str), got bytes: decode it first"
    if not isinstance(text, str):
        return f"expected text (str), got {type(text).__name__}"
    return None


class Tagger:
    """A loaded model. Thread-safe: one Tagger can serve many threads."""

    def __init__(self, model: Any, card: dict[str, Any] | None = None) -> None:
        self.model = model
        self.card = card or {}
        self._feature_names: np.ndarray | None = None

    @classmethod
    def load(cls, path: str | Path | None = None) -> Tagger:
        """Load and verify a model file (default: the model shipped with the package)."""
        model, card = load_model(Path(path) if path is not None else default_model_path())
        return cls(model, card)

    def _clean(self, texts: Sequence[object]) -> tuple[list[str | None], list[str | None]]:
        normalize = self.model.steps[0][1]
        cleaned: list[str | None] = []
        errors: list[str | None] = []
        for text in texts:
            reason = why_untaggable(text)
            clean = None if reason else normalize.transform([text])[0]
            if reason is None and not clean:
                reason = "empty text after cleaning (no words to tag)"
            cleaned.append(None if reason else clean)
            errors.append(reason)
        return cleaned, errors

    def predict_many(self, texts: Iterable[object]) -> list[Prediction]:
        """One Prediction per input, in order; untaggable inputs get one with ``error`` set."""
        texts = list(texts)
        cleaned, errors = self._clean(texts)
        detect = self.model.steps[1][1]
        valid = [i for i, clean in enumerate(cleaned) if clean is not None]
        documents = detect.transform([cleaned[i] for i in valid])
        probabilities = self._probabilities(documents) if valid else []
        predictions = [Prediction(error=error) for error in errors]
        for row, (i, document) in enumerate(zip(valid, documents)):
            predictions[i] = self._prediction(document, [p[row] for p in probabilities])
        return predictions

    def _probabilities(self, documents: list[DetectedText]) -> list[np.ndarray]:
        """The heads' probabilities. The model's own steps build every matrix the heads see
        (finite, of the fitted width), so scikit-learn's per-call input and parameter checks
        are skipped: about 0.4 ms of a one-posting ``predict()``."""
        with config_context(assume_finite=True, skip_parameter_validation=True):
            return self.model[CLASSIFY_FROM:].predict_proba(documents)

    def _prediction(self, document: DetectedText, axis_probabilities: list[np.ndarray]) -> Prediction:
        heads = self.model.steps[-1][1]
        tags: dict[str, Any] = {}
        for axis, classes, probability in zip(AXES, heads.classes_, axis_probabilities):
            best = int(np.argmax(probability))
            tags[axis] = str(classes[best])
            tags[f"{axis}_score"] = round(float(probability[best]), 4)
        return Prediction(
            language=document.language,
            language_score=document.language_score,
            supported=document.language in SUPPORTED_LANGUAGES,
            **tags,
        )

    def predict(self, text: str) -> Prediction:
        """Tag one posting; raises ValueError when it cannot be tagged."""
        prediction = self.predict_many([text])[0]
        if prediction.error:
            raise ValueError(prediction.error)
        return prediction

    def explain(self, text: str, k: int = 5) -> dict[str, list[tuple[str, float]]]:
        """Per axis, the k terms that pushed the decision most (coefficient x feature value)."""
        prediction = self.predict(text)
        document = DetectedText(self.model.steps[0][1].transform([text])[0], prediction.language, 0.0)
        features = self.model[CLASSIFY_FROM:-1].transform([document])
        names = self._names()
        heads = self.model.steps[-1][1]
        explanation: dict[str, list[tuple[str, float]]] = {}
        for axis, head in zip(AXES, heads.estimators_):
            row = features[0].tocsr() if hasattr(features, "tocsr") else features[0]
            sign = 1.0 if getattr(prediction, axis) == head.classes_[1] else -1.0
            contributions = sign * row.multiply(head.coef_[0]).toarray().ravel()
            top = np.argsort(-contributions)[:k]
            explanation[axis] = [
                (str(names[i]), round(float(contributions[i]), 4)) for i in top if contributions[i] > 0
            ]
        return explanation

    def _names(self) -> np.ndarray:
        if self._feature_names is None:
            self._feature_names = self.model.steps[-2][1].get_feature_names_out()
        return self._feature_names


_default: Tagger | None = None
_default_lock = threading.Lock()


def default_tagger() -> Tagger:
    """The shipped model, loaded once on first use."""
    global _default
    if _default is None:
        with _default_lock:
            if _default is None:
                _default = Tagger.load()
    return _default


def predict(text: str) -> Prediction:
    """Tag one posting with the default model."""
    return default_tagger().predict(text)


def predict_many(texts: Iterable[object]) -> list[Prediction]:
    """Tag many postings with the default model; one Prediction per input, in order."""
    return default_tagger().predict_many(texts)


def explain(text: str, k: int = 5) -> dict[str, list[tuple[str, float]]]:
    """The k terms behind each tag of one posting, with the default model."""
    return default_tagger().explain(text, k)
