"""Readers and writers for job-board exports: CSV, TSV, JSONL and Parquet, files or stdio.

Readers yield ``Row`` objects in input order and never drop one: a line that cannot be
parsed becomes a Row with ``problem`` set, the raw line quoted in it.
"""

from __future__ import annotations

import csv
import io
import json
import os
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from pipeline.errors import InputError  # noqa: F401 (raised here, importable from here)

FORMATS = ("csv", "tsv", "jsonl", "parquet")
EXTENSIONS = {
    ".csv": "csv",
    ".tsv": "tsv",
    ".tab": "tsv",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "jsonl",
    ".parquet": "parquet",
    ".pq": "parquet",
}
csv.field_size_limit(1 << 28)


@dataclass
class Row:
    """One input row: its columns in input order, and why it could not be parsed, if so."""

    values: dict[str, Any]
    problem: str | None = None
    line: int | None = None


@dataclass
class Table:
    """A streaming view of an input: column names and an iterator of rows."""

    columns: list[str]
    rows: Iterator[Row]
    size_bytes: int | None = None
    position: Any = field(default=None, repr=False)  # () -> bytes read so far, for progress


def detect_format(path: str, declared: str | None) -> str:
    if declared:
        if declared not in FORMATS:
            raise InputError(f"unknown format {declared!r}; use one of {', '.join(FORMATS)}")
        return declared
    if path == "-":
        raise InputError("reading stdin or writing stdout needs --format (csv, tsv, jsonl)")
    suffix = Path(path).suffix.lower()
    if suffix not in EXTENSIONS:
        raise InputError(f"cannot tell the format of {path!r} from its extension; pass --format")
    return EXTENSIONS[suffix]


def _binary_input(path: str) -> IO[bytes]:
    if path == "-":
        return sys.stdin.buffer
    try:
        return open(path, "rb")
    except OSError as error:
        raise InputError(f"cannot read {path}: {error.strerror}") from error


def _undecodable(values: dict[str, Any]) -> str | None:
    for name, value in values.items():
        if isinstance(value, str) and any("\udc80" <= ch <= "\udcff" for ch in value):
            return f"undecodable bytes in column {name!r} (not UTF-8)"
    return None


def _sniff_delimiter(sample: str, default: str) -> str:
    header = sample.split("\n", 1)[0]
    counts = {delimiter: header.count(delimiter) for delimiter in (",", ";", "\t", "|")}
    best = max(counts, key=counts.get)
    return best if counts[best] > counts.get(default, 0) else default


def read_delimited(path: str, delimiter: str) -> Table:
    """CSV/TSV with a header; BOM, quoted multi-line fields and ``;`` exports are handled."""
    binary = _binary_input(path)
    sample = binary.peek(65536)[:65536].decode("utf-8-sig", errors="replace")
    if not sample.strip():
        raise InputError(f"{path}: the input is empty (no header line)")
    if delimiter == ",":
        delimiter = _sniff_delimiter(sample, ",")
    text = io.TextIOWrapper(binary, encoding="utf-8-sig", errors="surrogateescape", newline="")
    reader = csv.reader(text, delimiter=delimiter)
    columns = next(reader)

    def rows() -> Iterator[Row]:
        while True:
            try:
                fields = next(reader)
            except StopIteration:
                return
            except csv.Error as error:
                yield Row({}, f"malformed line {reader.line_num}: {error}", reader.line_num)
                continue
            line = reader.line_num
            if not fields:
                continue
            if len(fields) != len(columns):
                yield Row(
                    {},
                    f"malformed line {line}: expected {len(columns)} fields, found {len(fields)} "
                    f"(unbalanced quote or delimiter?); raw: {delimiter.join(fields)}",
                    line,
                )
                continue
            values = dict(zip(columns, fields))
            yield Row(values, _undecodable(values), line)

    return Table(columns, rows(), _size(path), lambda: _tell(binary))


def read_jsonl(path: str) -> Table:
    """One JSON object per line; a line that is not one is kept as a malformed row."""
    binary = _binary_input(path)

    def rows() -> Iterator[Row]:
        for number, raw in enumerate(binary, start=1):
            line = raw.decode("utf-8-sig" if number == 1 else "utf-8", errors="surrogateescape")
            if not line.strip():
                continue
            try:
                value = json.loads(line)
            except json.JSONDecodeError as error:
                yield Row({}, f"malformed JSON on line {number}: {error.msg}; raw: {line.rstrip()}", number)
                continue
            if not isinstance(value, dict):
                yield Row({}, f"line {number} is not a JSON object; raw: {line.rstrip()}", number)
                continue
            yield Row(value, _undecodable(value), number)

    iterator = rows()
    first = next(iterator, None)
    columns = list(first.values) if first and first.problem is None else []

    def chained() -> Iterator[Row]:
        if first is not None:
            yield first
        yield from iterator

    return Table(columns, chained(), _size(path), lambda: _tell(binary))


def read_parquet(path: str, batch_rows: int = 8192) -> Table:
    try:
        import pyarrow.parquet as pq
    except ImportError as error:
        raise InputError("Parquet needs pyarrow: pip install 'bpo-tagger[parquet]'") from error
    try:
        source = pq.ParquetFile(path if path != "-" else io.BytesIO(sys.stdin.buffer.read()))
    except (OSError, ValueError) as error:
        raise InputError(f"cannot read Parquet file {path}: {error}") from error
    columns = source.schema_arrow.names

    def rows() -> Iterator[Row]:
        number = 0
        for batch in source.iter_batches(batch_size=batch_rows):
            for values in batch.to_pylist():
                number += 1
                yield Row(values, None, number)

    return Table(columns, rows(), _size(path), None)


def open_table(path: str, fmt: str) -> Table:
    """Open an input for streaming, by format name."""
    if path != "-" and not os.path.exists(path):
        raise InputError(f"input file {path} not found")
    readers = {
        "csv": lambda: read_delimited(path, ","),
        "tsv": lambda: read_delimited(path, "\t"),
        "jsonl": lambda: read_jsonl(path),
        "parquet": lambda: read_parquet(path),
    }
    return readers[fmt]()


def _size(path: str) -> int | None:
    return os.path.getsize(path) if path != "-" and os.path.isfile(path) else None


def _tell(stream: IO[bytes]) -> int | None:
    try:
        return stream.tell()
    except (OSError, ValueError):
        return None


class Writer:
    """Writes output rows in order; a file is written under a temporary name and renamed when done."""

    def __init__(self, path: str, fmt: str, columns: list[str]) -> None:
        self.path, self.fmt, self.columns = path, fmt, columns
        self.partial = None if path == "-" else f"{path}.partial"
        self._parquet = None
        if fmt == "parquet":
            if path == "-":
                raise InputError("Parquet cannot be written to stdout; give an output file")
            self._stream = None
        else:
            raw = sys.stdout.buffer if path == "-" else open(self.partial, "wb")  # noqa: SIM115 (closed in commit/abort)
            self._stream = io.TextIOWrapper(raw, encoding="utf-8", errors="surrogateescape", newline="")
            if fmt in ("csv", "tsv"):
                self._csv = csv.writer(self._stream, delimiter="," if fmt == "csv" else "\t")
                self._csv.writerow(columns)

    def write(self, rows: list[dict[str, Any]]) -> None:
        if self.fmt in ("csv", "tsv"):
            self._csv.writerows([[_cell(row.get(name)) for name in self.columns] for row in rows])
        elif self.fmt == "jsonl":
            for row in rows:
                self._stream.write(json.dumps(row, ensure_ascii=False, default=str) + "\n")
        else:
            self._write_parquet(rows)

    def _write_parquet(self, rows: list[dict[str, Any]]) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        table = pa.Table.from_pylist([{name: row.get(name) for name in self.columns} for row in rows])
        if self._parquet is None:
            self._schema = table.schema
            self._parquet = pq.ParquetWriter(self.partial, self._schema)
        self._parquet.write_table(table.cast(self._schema))

    def commit(self) -> None:
        """Finish the output and move it into place."""
        if self._parquet is not None:
            self._parquet.close()
        elif self.fmt == "parquet":  # no rows at all: still write an empty table
            import pyarrow as pa
            import pyarrow.parquet as pq

            pq.write_table(pa.table({name: pa.array([], pa.string()) for name in self.columns}), self.partial)
        if self._stream is not None:
            self._stream.flush()
            if self.path != "-":
                self._stream.close()
        if self.partial:
            os.replace(self.partial, self.path)

    def abort(self) -> None:
        """Remove the unfinished output, so nothing that looks finished is left behind."""
        try:
            if self._parquet is not None:
                self._parquet.close()
            if self._stream is not None and self.path != "-":
                self._stream.close()
        finally:
            if self.partial and os.path.exists(self.partial):
                os.remove(self.partial)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    return str(value)
