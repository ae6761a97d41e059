"""Text normalisation: job-board HTML to clean plain text."""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Iterable

from selectolax.lexbor import LexborHTMLParser
from sklearn.base import BaseEstimator, TransformerMixin

_TAG = re.compile(r"<\s*/?\s*[a-zA-Z][^<>]*>")
_BLOCK_TAGS = re.compile(r"<\s*(?:br|/p|/div|/li|li|/h[1-6]|/tr|/ul|/ol)\b[^<>]*>", re.I)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b-\u200f\u2028\u2029\ufeff]")
_SPACES = re.compile(r"[^\S\n]+")
_NEWLINES = re.compile(r"\s*\n\s*")


def html_to_text(markup: str) -> str:
    """Return the visible text of an HTML fragment, with block elements on their own lines."""
    marked = _BLOCK_TAGS.sub(lambda m: "\n" + m.group(0), markup)
    tree = LexborHTMLParser(marked)
    for node in tree.css("script, style, noscript"):
        node.decompose()
    return tree.text(separator=" ") if tree.body is not None else ""


def normalize_text(raw: str) -> str:
    """Clean one posting: HTML to text, entities decoded, Unicode NFC, whitespace collapsed.

    Line breaks are kept (one per line) because titles and bullet lists carry meaning;
    every other run of white space becomes one space.
    """
    text = html_to_text(raw) if _TAG.search(raw) else html.unescape(raw)
    text = unicodedata.normalize("NFC", text)
    text = _CONTROL.sub(" ", text.replace("\r\n", "\n").replace("\r", "\n"))
    text = _SPACES.sub(" ", text)
    return _NEWLINES.sub("\n", text).strip()


class TextNormalizer(TransformerMixin, BaseEstimator):
    """Scikit-learn step applying :func:`normalize_text` to each text."""

    def fit(self, texts: Iterable[str], y: object = None) -> TextNormalizer:
        return self

    def __sklearn_is_fitted__(self) -> bool:
        return True  # stateless: nothing to learn

    def transform(self, texts: Iterable[str]) -> list[str]:
        return [normalize_text(text) for text in texts]
