"""bpo-tagger: tag job postings as voice / non-voice and front / back office.

>>> from pipeline import predict
>>> predict("Konsultant infolinii: odbierasz połączenia od klientów banku.").channel
'voice'
"""

from pipeline.api import Prediction, Tagger, explain, predict, predict_many

__all__ = ["Prediction", "Tagger", "explain", "predict", "predict_many"]
__version__ = "0.1.0"
