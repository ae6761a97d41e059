"""bpo-tagger: tag job postings as voice / non-voice and front / back office.

>>> from pipeline import predict
>>> predict("Konsultant infolinii: odbierasz połączenia od klientów banku.").channel
'voice'
"""

from __future__ import annotations

from typing import TYPE_CHECKING

__all__ = ["Prediction", "Tagger", "explain", "predict", "predict_many"]
__version__ = "0.1.0"

if TYPE_CHECKING:
    from pipeline.api import Prediction, Tagger, explain, predict, predict_many


def __getattr__(name: str) -> object:
    """The API on first use: importing a light module (formats, batch) loads no model stack."""
    if name in __all__:
        from pipeline import api

        return getattr(api, name)
    raise AttributeError(f"module 'pipeline' has no attribute {name!r}")
