"""The labelled corpus: validate team postings, ingest annotated article passages, report.

Raw sources under ``corpus/`` are never edited by code; ``build_corpus`` reads them and
returns the records the model trains on.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path

from pipeline.errors import CorpusError  # noqa: F401 (raised here, importable from here)
from pipeline.language import SUPPORTED_LANGUAGES, LanguageDetector
from pipeline.model import LABELS
from pipeline.normalize import normalize_text

POSTING_FIELDS = ("id", "lang", "title", "text", "channel", "office")
NEAR_DUPLICATE = 0.8  # Jaccard of word 5-shingles at which two postings count as one
SAME_GROUP = 0.5  # ...at which they must fall on the same side of the held-out split
HELD_OUT_PERCENT = 20


@dataclass(frozen=True)
class Record:
    """One labelled training text. ``channel`` or ``office`` is None when a passage is silent."""

    id: str
    lang: str
    title: str
    text: str
    channel: str | None
    office: str | None
    origin: str  # "posting" or "source"

    @property
    def full_text(self) -> str:
        """Title and body, as the model sees a posting."""
        return f"{self.title}\n{self.text}" if self.title else self.text


@dataclass
class CorpusBuild:
    """What ``build_corpus`` produced and what it dropped or flagged on the way."""

    records: list[Record]
    exact_duplicates: list[str] = field(default_factory=list)
    near_duplicates: list[tuple[str, str]] = field(default_factory=list)
    language_mismatches: list[tuple[str, str, str]] = field(default_factory=list)
    unlabelled_passages: list[tuple[str, str]] = field(default_factory=list)


def _check_row(row: object, where: str, seen_ids: dict[str, str]) -> Record:
    if not isinstance(row, dict):
        raise CorpusError(f"{where}: expected a JSON object, got {type(row).__name__}")
    missing = [name for name in POSTING_FIELDS if name not in row]
    if missing:
        raise CorpusError(f"{where}: missing field(s) {', '.join(missing)}")
    for name in POSTING_FIELDS:
        if not isinstance(row[name], str):
            raise CorpusError(f"{where}: field {name!r} must be a string, got {row[name]!r}")
    if row["id"] in seen_ids:
        raise CorpusError(f"{where}: duplicate id {row['id']!r} (first at {seen_ids[row['id']]})")
    if row["lang"] not in SUPPORTED_LANGUAGES:
        raise CorpusError(
            f"{where}: unknown language {row['lang']!r}; use one of {', '.join(SUPPORTED_LANGUAGES)}"
        )
    for axis, allowed in LABELS.items():
        if row[axis] not in allowed:
            raise CorpusError(f"{where}: {axis} {row[axis]!r} is not one of {', '.join(allowed)}")
    if not normalize_text(row["text"]):
        raise CorpusError(f"{where}: empty text")
    seen_ids[row["id"]] = where
    return Record(**{name: row[name] for name in POSTING_FIELDS}, origin="posting")


def load_postings(paths: Iterable[Path]) -> list[Record]:
    """Read and validate posting files; the first bad row raises CorpusError ``file:line: why``."""
    records: list[Record] = []
    seen_ids: dict[str, str] = {}
    for path in paths:
        with open(path, encoding="utf-8") as stream:
            for number, line in enumerate(stream, start=1):
                if not line.strip():
                    continue
                where = f"{path}:{number}"
                try:
                    row = json.loads(line)
                except json.JSONDecodeError as error:
                    raise CorpusError(
                        f"{where}: invalid JSON ({error.msg} at column {error.colno})"
                    ) from None
                records.append(_check_row(row, where, seen_ids))
    return records


def _passages(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def load_sources(sources_dir: Path) -> tuple[list[Record], list[tuple[str, str]]]:
    """Passages of the source articles labelled by ``annotations.jsonl``.

    Returns the labelled passages and (passage id, opening) of those labelled on no axis.
    """
    manifest = json.loads((sources_dir / "manifest.json").read_text(encoding="utf-8"))
    annotations_path = sources_dir / "annotations.jsonl"
    annotations: dict[tuple[str, int], dict] = {}
    for number, line in enumerate(annotations_path.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip():
            note = json.loads(line)
            annotations[(note["source"], note["passage"])] = note | {"where": f"{annotations_path}:{number}"}
    records, unlabelled = [], []
    for article in manifest["articles"]:
        passages = _passages((sources_dir / article["file"]).read_text(encoding="utf-8"))
        for index, passage in enumerate(passages, start=1):
            passage_id = f"{Path(article['file']).stem}#{index}"
            note = annotations.get((article["file"], index))
            if note is None:
                raise CorpusError(
                    f"{annotations_path}: passage {index} of {article['file']} has no annotation"
                )
            if not passage.startswith(note["opening"]):
                raise CorpusError(
                    f"{note['where']}: opening {note['opening']!r} does not match passage {index} "
                    f"of {article['file']} ({passage[:40]!r}); was the article edited?"
                )
            channel, office = note.get("channel"), note.get("office")
            for axis, value in (("channel", channel), ("office", office)):
                if value is not None and value not in LABELS[axis]:
                    raise CorpusError(f"{note['where']}: {axis} {value!r} is not one of {LABELS[axis]}")
            if channel is None and office is None:
                unlabelled.append((passage_id, passage[:60]))
                continue
            records.append(Record(passage_id, article["language"], "", passage, channel, office, "source"))
    return records, unlabelled


_WORD = re.compile(r"\w+")


def shingles(text: str, size: int = 5) -> frozenset[str]:
    """Word n-grams of a normalised, lowercased text (the whole text when it is shorter)."""
    words = _WORD.findall(normalize_text(text).lower())
    if len(words) <= size:
        return frozenset([" ".join(words)])
    return frozenset(" ".join(words[i : i + size]) for i in range(len(words) - size + 1))


def similar_pairs(texts: list[str], threshold: float) -> list[tuple[int, int, float]]:
    """Index pairs (i < j) whose shingle Jaccard similarity is at least ``threshold``."""
    sets = [shingles(text) for text in texts]
    postings: dict[str, list[int]] = {}
    for index, shingle_set in enumerate(sets):
        for shingle in shingle_set:
            postings.setdefault(shingle, []).append(index)
    shared: Counter[tuple[int, int]] = Counter()
    for members in postings.values():
        if len(members) > 200:  # boilerplate shingle; real near-duplicates share rarer ones
            continue
        for a_pos, a in enumerate(members):
            for b in members[a_pos + 1 :]:
                shared[(a, b)] += 1
    pairs = []
    for (a, b), common in shared.items():
        jaccard = common / (len(sets[a]) + len(sets[b]) - common)
        if jaccard >= threshold:
            pairs.append((a, b, jaccard))
    return pairs


def drop_duplicates(records: list[Record]) -> tuple[list[Record], list[str], list[tuple[str, str]]]:
    """Drop exact and near-duplicate postings (the later one goes); report what went."""
    kept, exact, seen = [], [], {}
    for record in records:
        key = normalize_text(record.full_text).lower()
        if key in seen:
            exact.append(record.id)
            continue
        seen[key] = record.id
        kept.append(record)
    dropped: dict[int, str] = {}
    for a, b, _ in similar_pairs([r.full_text for r in kept], NEAR_DUPLICATE):
        if a not in dropped and b not in dropped:
            dropped[b] = kept[a].id
    near = [(kept[b].id, original) for b, original in sorted(dropped.items())]
    return [r for i, r in enumerate(kept) if i not in dropped], exact, near


def split_groups(records: list[Record]) -> list[str]:
    """A group id per record: near-duplicates (Jaccard >= SAME_GROUP) share one group."""
    parent = list(range(len(records)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for a, b, _ in similar_pairs([r.full_text for r in records], SAME_GROUP):
        parent[root(b)] = root(a)
    return [records[root(i)].id for i in range(len(records))]


def is_held_out(group: str) -> bool:
    """Stable assignment of a group to the held-out split (unchanged as the corpus grows)."""
    return int(hashlib.sha256(group.encode()).hexdigest(), 16) % 100 < HELD_OUT_PERCENT


def corpus_files(corpus_dir: Path) -> list[Path]:
    """Every file the corpus is built from, in a fixed order."""
    files = sorted((corpus_dir / "postings").glob("*.jsonl")) + sorted((corpus_dir / "sources").iterdir())
    return [path for path in files if path.is_file() and path.suffix in {".jsonl", ".json", ".txt"}]


def corpus_hash(corpus_dir: Path) -> str:
    """SHA-256 over the corpus sources: names and bytes of every file."""
    digest = hashlib.sha256()
    for path in corpus_files(corpus_dir):
        digest.update(path.relative_to(corpus_dir).as_posix().encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


def build_corpus(corpus_dir: Path, detector: LanguageDetector | None = None) -> CorpusBuild:
    """Validate, ingest and de-duplicate the corpus; flag postings in another language."""
    postings = load_postings(sorted((corpus_dir / "postings").glob("*.jsonl")))
    passages, unlabelled = load_sources(corpus_dir / "sources")
    records, exact, near = drop_duplicates(postings + passages)
    detector = detector or LanguageDetector()
    mismatches = []
    for record in records:
        detected = detector.detect(normalize_text(record.full_text)).code
        if detected != record.lang:
            mismatches.append((record.id, record.lang, detected))
    return CorpusBuild(records, exact, near, mismatches, unlabelled)


def write_records(records: list[Record], path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8") as stream:
        for record in records:
            stream.write(json.dumps(asdict(record), ensure_ascii=False) + "\n")


def read_records(path: Path) -> list[Record]:
    with open(path, encoding="utf-8") as stream:
        return [Record(**json.loads(line)) for line in stream if line.strip()]


LENGTH_BANDS = ((0, 300), (300, 1000), (1000, 2000), (2000, 3000), (3000, None))


def _band(length: int) -> str:
    for low, high in LENGTH_BANDS:
        if high is None or length < high:
            return f"{low}+" if high is None else f"{low}-{high - 1}"
    raise AssertionError("unreachable")


def report_markdown(build: CorpusBuild, corpus_digest: str) -> str:
    """The corpus report: counts, lengths, duplicates, language mismatches, silent passages."""
    records = build.records
    postings = [r for r in records if r.origin == "posting"]
    lines = ["# Corpus report", "", "Written by `make corpus`; do not edit by hand.", ""]
    lines += [f"Corpus SHA-256: `{corpus_digest}`", ""]
    lines += [
        f"Records: {len(records)} ({len(postings)} postings, "
        f"{len(records) - len(postings)} article passages).",
        "",
    ]
    combos = [(c, o) for c in LABELS["channel"] for o in LABELS["office"]]
    lines += ["## Postings per language and label", ""]
    lines += ["| lang | n | " + " | ".join(f"{c} / {o}" for c, o in combos) + " |"]
    lines += ["|---|---:|" + "---:|" * len(combos)]
    for lang in SUPPORTED_LANGUAGES:
        mine = [r for r in postings if r.lang == lang]
        counts = Counter((r.channel, r.office) for r in mine)
        cells = [f"{counts[c]} ({100 * counts[c] / max(len(mine), 1):.0f}%)" for c in combos]
        lines += [f"| {lang} | {len(mine)} | " + " | ".join(cells) + " |"]
    bands = [_band(low) for low, _ in LENGTH_BANDS]
    lines += ["", "## Length of postings (characters, title + text)", ""]
    lines += ["| lang | " + " | ".join(bands) + " | median |", "|---|" + "---:|" * (len(bands) + 1)]
    for lang in SUPPORTED_LANGUAGES:
        lengths = sorted(len(r.full_text) for r in postings if r.lang == lang)
        counts = Counter(_band(n) for n in lengths)
        median = lengths[len(lengths) // 2] if lengths else 0
        lines += [f"| {lang} | " + " | ".join(str(counts[b]) for b in bands) + f" | {median} |"]
    lines += ["", "## Dropped and flagged", ""]
    lines += [f"- Exact duplicates dropped: {len(build.exact_duplicates)}"]
    lines += [f"  - {i}" for i in build.exact_duplicates]
    lines += [f"- Near-duplicates dropped (Jaccard >= {NEAR_DUPLICATE}): {len(build.near_duplicates)}"]
    lines += [f"  - {dropped} (same as {kept})" for dropped, kept in build.near_duplicates]
    lines += [f"- Detected language differs from `lang`: {len(build.language_mismatches)}"]
    lines += [f"  - {i}: labelled {lang}, detected {found}" for i, lang, found in build.language_mismatches]
    lines += [f"- Passages with no label on either axis (left out): {len(build.unlabelled_passages)}"]
    lines += [f"  - {i}: {opening}…" for i, opening in build.unlabelled_passages]
    passages = [r for r in records if r.origin == "source"]
    lines += [
        f"- Article passages labelled on one axis only: "
        f"{sum((r.channel is None) != (r.office is None) for r in passages)}"
    ]
    return "\n".join(lines) + "\n"
