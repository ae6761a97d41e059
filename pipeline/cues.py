"""Channel cues: how often a posting names phone work, written channels, or no phone at all.

TF-IDF rows are L2-normalised, so the one line "you answer customers' calls" in a
3,000-character posting full of perks weighs little. These counts do not fade with length:
they give the heads a signal that a long posting names phone work, and the heads learn from
the corpus how much that is worth (a company phone among the benefits is not phone work).

The patterns match the lemma stream that ``SpacyTokens`` produces: lowercase lemmas, stop
words removed but negations kept, title lemmas repeated with a ``t:`` prefix. Every cue is
matched in every language, because English jargon ("inbound", "voice account") runs
through Polish, Dutch and Indonesian postings.

Two columns are derived from those counts (``DERIVED_CUES``): phone work named alongside
written channels (a blended role, which the labelling guide calls voice), and whether phone
work is named at all beyond the asides. Team-written voice postings name the phone many
times; real ones often name it once, so the first mention gets a column of its own.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable

import numpy as np
from scipy import sparse
from sklearn.base import BaseEstimator, TransformerMixin

# cue -> language -> terms. A term is a regular expression for one whole lemma (or a short
# run of lemmas); "\w*" allows the forms a lookup table leaves unlemmatised.
CUE_TERMS: dict[str, dict[str, tuple[str, ...]]] = {
    "phone": {
        "en": (
            r"phone\w*",
            r"telephone\w*",
            r"call",
            r"calls",
            r"calling",
            r"caller\w*",
            r"voice",
            r"inbound",
            r"outbound",
            r"hotline\w*",
            r"headset",
            r"telesales",
            r"telemarket\w*",
            r"cold",
            r"callcent\w*",
            r"dial\w*",
        ),
        "nl": (
            r"telefo\w*",
            r"bellen",
            r"belt",
            r"gebeld",
            r"beller\w*",
            r"belscript\w*",
            r"klantcontactcent\w*",
            r"contactcent\w*",
            r"callcent\w*",
        ),
        "pl": (
            r"telefon\w*",
            r"dzwoni\w*",
            r"dzwon\w*",
            r"zadzwoni\w*",
            r"połączeni\w*",
            r"połącze\w*",
            r"infolini\w*",
            r"słuchawk\w*",
            r"rozmow\w*",
            r"telesprzeda\w*",
        ),
        "id": (
            r"telepon\w*",
            r"nelepon",
            r"menelepon",
            r"ditelepon",
            r"panggilan",
            r"telpon\w*",
            r"menelpon",
            r"telemarketing",
        ),
    },
    "written": {
        "en": (r"chat\w*", r"e-?mails?", r"mail", r"tickets?", r"ticketing", r"written", r"livechat"),
        "nl": (r"schriftelijk\w*", r"mailtje\w*"),
        "pl": (r"czat\w*", r"mailow\w*", r"pisemn\w*", r"zgłoszeni\w*"),
        "id": (r"tertulis", r"whatsapp", r"wa", r"dm", r"obrolan"),
    },
    "no_phone": {
        "en": (r"(?<!voice )non[ -]?voice", r"no (?:phone|call)\w*", r"without (?:phone|call)\w*"),
        "nl": (r"geen telefo\w*", r"zonder telefo\w*", r"geen (?:bellen|belwerk)"),
        "pl": (r"bez telefon\w*", r"bez dzwoni\w*", r"bez połącze\w*", r"bez rozmów\w*", r"bez infolinii"),
        "id": (r"tanpa (?:telepon|telpon|panggilan)\w*", r"tidak (?:ada )?(?:telepon|telpon)\w*"),
    },
    "phone_aside": {
        "en": (
            r"(?:company|mobile|work) phone",
            r"phone allowance",
            r"phone interview\w*",
            r"phone screen\w*",
            r"phone reimbursement",
        ),
        "nl": (
            r"telefoon zaak",
            r"mobiele telefoon",
            r"bedrijfstelefoon",
            r"telefonisch\w* (?:interview|sollicitatie)\w*",
        ),
        "pl": (r"telefon służbowy", r"telefon komórkowy", r"laptop telefon\w*", r"rozmow\w* kwalifikacyj\w*"),
        "id": (r"interview telepon", r"pulsa"),
    },
}


# derived cue -> value from the term counts (keyed by cue name); the column holds it as is.
DERIVED_CUES: dict[str, Callable[[dict[str, int]], float]] = {
    "blended": lambda n: math.log1p(min(n["phone"], n["written"])),
    "phone_named": lambda n: float(n["phone"] > n["phone_aside"]),
}


def _any_term(terms: list[str]) -> str:
    """One of the terms, in a title (``t:``) or not."""
    return rf"(?:t:)?(?:{'|'.join(f'(?:{term})' for term in terms)})"


def _whole_token(terms: list[str]) -> re.Pattern[str]:
    return re.compile(_any_term(terms))


def _phrase(terms: list[str]) -> re.Pattern[str] | None:
    if not terms:
        return None
    return re.compile(rf"(?<!\S){_any_term(terms)}(?!\S)")


class _Cue:
    """One cue's terms: one-lemma terms matched token by token, phrases by a regex scan."""

    def __init__(self, terms: list[str]) -> None:
        self.token = _whole_token([t for t in terms if " " not in t])
        self.phrase = _phrase([t for t in terms if " " in t])


CUES: dict[str, _Cue] = {
    cue: _Cue([term for terms in by_language.values() for term in terms])
    for cue, by_language in CUE_TERMS.items()
}
TOKEN_CACHE_SIZE = 100_000  # cached lemmas per process, then the cache restarts
_token_cues: dict[str, tuple[int, ...]] = {}


def _cues_of_token(token: str) -> tuple[int, ...]:
    hits = _token_cues.get(token)
    if hits is None:
        if len(_token_cues) >= TOKEN_CACHE_SIZE:
            _token_cues.clear()
        hits = _token_cues[token] = tuple(
            int(cue.token.fullmatch(token) is not None) for cue in CUES.values()
        )
    return hits


def count_cues(text: str) -> list[int]:
    """How often each cue occurs in a lemma stream (whole lemmas and whole phrases only)."""
    counts = [0] * len(CUES)
    for token in text.split():
        hits = _token_cues.get(token) or _cues_of_token(token)
        if any(hits):
            counts = [count + hit for count, hit in zip(counts, hits)]
    for index, cue in enumerate(CUES.values()):
        if cue.phrase is not None:
            counts[index] += len(cue.phrase.findall(text))
    return counts


def cue_values(text: str) -> list[float]:
    """One row of cue columns: ``log(1 + count)`` per cue in ``CUE_TERMS``, then ``DERIVED_CUES``."""
    counts = count_cues(text)
    named = dict(zip(CUES, counts))
    return [math.log1p(count) for count in counts] + [
        derive(named) for derive in DERIVED_CUES.values()
    ]


class ChannelCues(TransformerMixin, BaseEstimator):
    """Per text, ``scale`` times the cue columns of :func:`cue_values`: a few dense columns.

    Parameters
    ----------
    scale : weight of the cue columns beside the TF-IDF columns.
    """

    def __init__(self, scale: float = 1.0) -> None:
        self.scale = scale

    def fit(self, texts: Iterable[str], y: object = None) -> ChannelCues:
        return self

    def __sklearn_is_fitted__(self) -> bool:
        return True

    def transform(self, texts: Iterable[str]) -> sparse.csr_matrix:
        width = len(CUES) + len(DERIVED_CUES)
        values = np.asarray([cue_values(text) for text in texts], dtype=np.float32).reshape(-1, width)
        return sparse.csr_matrix(self.scale * values)

    def get_feature_names_out(self, input_features: object = None) -> np.ndarray:
        return np.array([f"cue:{cue}" for cue in [*CUES, *DERIVED_CUES]], dtype=object)
