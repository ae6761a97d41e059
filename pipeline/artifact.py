"""Model files: save a model with its card, verify both before loading.

A joblib file is code: loading one runs whatever it holds. ``load_model`` therefore
unpickles only a file whose SHA-256 matches the card written beside it by ``save_model``,
and only under the scikit-learn release series it was trained with.
"""

from __future__ import annotations

import hashlib
import json
import platform
from importlib import metadata
from pathlib import Path
from typing import Any

import joblib
import sklearn

from pipeline.errors import ModelFileError  # noqa: F401 (raised here, importable from here)

CARD_SUFFIX = ".json"
VERSIONED_PACKAGES = ("scikit-learn", "spacy", "spacy-lookups-data", "langdetect", "joblib", "numpy")


def card_path(model_path: Path) -> Path:
    """The card that describes ``model_path`` (``x.joblib`` -> ``x.json``)."""
    return model_path.with_suffix(CARD_SUFFIX)


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def library_versions() -> dict[str, str]:
    versions = {"python": platform.python_version()}
    for package in VERSIONED_PACKAGES:
        try:
            versions[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            versions[package] = "not installed"
    return versions


def save_model(model: Any, path: Path, card: dict[str, Any]) -> dict[str, Any]:
    """Write ``model`` to ``path`` with joblib and its card beside it; return the card."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    joblib.dump(model, path, compress=3)
    full_card = {
        **card,
        "model_file": path.name,
        "model_sha256": sha256_of(path),
        "model_bytes": path.stat().st_size,
        "library_versions": library_versions(),
    }
    card_path(path).write_text(json.dumps(full_card, indent=2, ensure_ascii=False) + "\n")
    return full_card


def read_card(path: Path) -> dict[str, Any]:
    """The card of a model file, or ModelFileError saying what is wrong."""
    path = Path(path)
    if not path.is_file():
        raise ModelFileError(f"model file {path} not found; run `make train` to build it")
    card_file = card_path(path)
    if not card_file.is_file():
        raise ModelFileError(
            f"model card {card_file} not found beside {path}; a model is loaded only with the "
            "card that vouches for it. Run `make train` to rebuild both"
        )
    try:
        return json.loads(card_file.read_text(encoding="utf-8"))
    except json.JSONDecodeError as error:
        raise ModelFileError(f"model card {card_file} is not valid JSON: {error}") from error


def _release_series(version: str) -> str:
    return ".".join(version.split(".")[:2])


def verify_model_file(path: Path) -> dict[str, Any]:
    """Check the file's SHA-256 and scikit-learn version against its card; return the card."""
    path = Path(path)
    card = read_card(path)
    expected, actual = card.get("model_sha256"), sha256_of(path)
    if expected != actual:
        raise ModelFileError(
            f"model file {path} does not match its card {card_path(path)}: SHA-256 is "
            f"{actual}, the card says {expected}. The file was changed or replaced; "
            "refusing to load it. Run `make train` to rebuild it"
        )
    trained_with = card.get("library_versions", {}).get("scikit-learn", "unknown")
    if _release_series(trained_with) != _release_series(sklearn.__version__):
        raise ModelFileError(
            f"model file {path} was trained with scikit-learn {trained_with}, but "
            f"{sklearn.__version__} is installed. Install scikit-learn=={trained_with} "
            "or run `make train` to rebuild the model with this version"
        )
    return card


def load_model(path: Path) -> tuple[Any, dict[str, Any]]:
    """Verify, then load, a model file; return the model and its card."""
    card = verify_model_file(path)
    return joblib.load(path), card
