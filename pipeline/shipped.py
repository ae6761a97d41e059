"""Where the model shipped with the package lives (light: no scikit-learn or spaCy import)."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

MODEL_FILENAME = "bpo-tagger.joblib"


def default_model_path() -> Path:
    """The model shipped inside the package (``models/`` in a checkout)."""
    shipped = Path(str(resources.files("pipeline.models") / MODEL_FILENAME))
    if shipped.is_file():
        return shipped
    return Path(__file__).resolve().parent.parent / "models" / MODEL_FILENAME
