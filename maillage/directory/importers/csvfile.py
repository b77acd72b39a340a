"""Reading CSV files for imports: size limit, encoding detection, delimiter check, error log.

A file is decoded as UTF-8 (a leading BOM is accepted); when that fails, as Windows-1252 —
one encoding per file. A file that is neither (bytes undefined in Windows-1252, or UTF-8
sequences mixed into a Windows-1252 file) is refused with the line of the first bad byte.
Everything streams: the file is read in chunks, never held whole in memory.
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from maillage_core.sirene import RowError

CHUNK = 1 << 20
DEFAULT_MAX_BYTES = 4 << 30  # 4 GiB: a full national StockEtablissement is about 7 GiB
SHOWN_ERRORS = 20
# UTF-8 encodings of the accented letters of French: found in a file that is not valid UTF-8,
# they mean two encodings were mixed, and decoding the whole file as Windows-1252 would
# silently turn "é" into "Ã©".
_UTF8_FRENCH = tuple(ch.encode("utf-8") for ch in "éèêëàâäîïôöùûüçÉÈÊÀÂÎÔÙÛÇœŒ«»’")


class ImportRefused(Exception):
    """The file is refused whole; `errors` holds the first problems, `error_count` all of them."""

    def __init__(self, errors: list[RowError], error_count: int | None = None) -> None:
        self.errors = errors
        self.error_count = len(errors) if error_count is None else error_count
        first = errors[0] if errors else RowError(0, "*", "refused")
        super().__init__(f"line {first.line}, {first.field}: {first.reason}")

    def report_lines(self) -> list[str]:
        lines = [f"ligne {e.line}, champ {e.field} : {e.reason}" for e in self.errors]
        hidden = self.error_count - len(self.errors)
        if hidden > 0:
            lines.append(f"… et {hidden} autre(s) erreur(s)")
        return lines


@dataclass
class ErrorLog:
    """Collects row errors, keeping the first `limit` and counting the rest."""

    limit: int = SHOWN_ERRORS
    first: list[RowError] = field(default_factory=list)
    count: int = 0

    def add(self, error: RowError) -> None:
        self.count += 1
        if len(self.first) < self.limit:
            self.first.append(error)

    def extend(self, errors: list[RowError]) -> None:
        for error in errors:
            self.add(error)

    def refuse_if_any(self) -> None:
        if self.count:
            raise ImportRefused(self.first, self.count)


def check_size(path: Path, max_bytes: int) -> None:
    """Refuse a missing file, a directory, or one over the size limit."""
    if not path.is_file():
        raise ImportRefused([RowError(0, "*", f"{path} is not a readable file")])
    size = path.stat().st_size
    if size > max_bytes:
        raise ImportRefused(
            [RowError(0, "*", f"file is {size:,} bytes, over the limit of {max_bytes:,}")]
        )
    if size == 0:
        raise ImportRefused([RowError(1, "*", "file is empty")])


def detect_encoding(path: Path) -> str:
    """`utf-8-sig` when the whole file decodes as UTF-8, else `cp1252`, else refuse."""
    try:
        _decode_all(path, "utf-8-sig")
        return "utf-8-sig"
    except _BadBytes:
        pass
    except _BadFile as bad:
        raise ImportRefused([RowError(bad.line, "*", str(bad))]) from None
    try:
        _decode_all(path, "cp1252", forbid=_UTF8_FRENCH)
    except _BadFile as bad:
        raise ImportRefused([RowError(bad.line, "*", str(bad))]) from None
    except _BadBytes as bad:
        raise ImportRefused(
            [RowError(bad.line, "*", f"undecodable bytes (neither UTF-8 nor Windows-1252): {bad}")]
        ) from None
    return "cp1252"


class _BadBytes(Exception):
    def __init__(self, line: int, reason: str) -> None:
        self.line = line
        super().__init__(reason)


class _BadFile(Exception):
    """A problem no encoding can fix."""

    def __init__(self, line: int, reason: str) -> None:
        self.line = line
        super().__init__(reason)


def _decode_all(path: Path, encoding: str, forbid: tuple[bytes, ...] = ()) -> None:
    decoder = codecs.getincrementaldecoder(encoding)()
    lines_before = 1
    tail = b""
    with path.open("rb") as raw:
        while chunk := raw.read(CHUNK):
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError as exc:
                line = lines_before + chunk.count(b"\n", 0, max(exc.start, 0))
                raise _BadBytes(line, f"byte {chunk[exc.start : exc.start + 1]!r}") from None
            nul = chunk.find(b"\x00")
            if nul >= 0:
                # PostgreSQL cannot store NUL in text, and no CSV export writes one on purpose.
                raise _BadFile(lines_before + chunk.count(b"\n", 0, nul), "NUL byte in the file")
            window = tail + chunk
            for seq in forbid:
                at = window.find(seq)
                if at >= 0:
                    line = lines_before - tail.count(b"\n") + window.count(b"\n", 0, at)
                    raise _BadBytes(line, f"UTF-8 sequence {seq!r} in a Windows-1252 file")
            lines_before += chunk.count(b"\n")
            tail = chunk[-3:]
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            raise _BadBytes(lines_before, "file ends in the middle of a character") from None


class _CountingReader(io.RawIOBase):
    """Wraps a binary file and reports how many bytes were read (for the progress bar)."""

    def __init__(self, raw: IO[bytes], on_read: Callable[[int], None] | None) -> None:
        self._raw = raw
        self._on_read = on_read

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]  # RawIOBase buffer type
        data = self._raw.read(len(buffer))
        n = len(data)
        buffer[:n] = data
        if self._on_read and n:
            self._on_read(n)
        return n


@contextmanager
def open_text(
    path: Path, encoding: str, on_read: Callable[[int], None] | None = None
) -> Iterator[IO[str]]:
    """Open `path` as streamed text (newline='' as the csv module wants)."""
    with path.open("rb") as raw:
        counted = io.BufferedReader(_CountingReader(raw, on_read), buffer_size=CHUNK)
        text = io.TextIOWrapper(counted, encoding=encoding, newline="")
        try:
            yield text
        finally:
            text.detach()


def read_header(
    reader: Iterator[list[str]], expected: tuple[str, ...], delimiter: str = ","
) -> list[str]:
    """Read the header row; refuse an empty file, a wrong delimiter or missing columns."""
    try:
        header = next(reader)
    except StopIteration:
        raise ImportRefused([RowError(1, "*", "file has no header row")]) from None
    except csv.Error as exc:
        raise ImportRefused([RowError(1, "*", f"unreadable header: {exc}")]) from None
    header = [h.strip() for h in header]
    if len(header) == 1:
        for other in (";", "\t", "|", ","):
            if other != delimiter and other in header[0]:
                raise ImportRefused(
                    [
                        RowError(
                            1,
                            "*",
                            f"wrong delimiter: the header is split by {other!r}, "
                            f"expected {delimiter!r}",
                        )
                    ]
                )
    missing = [c for c in expected if c not in header]
    if missing:
        raise ImportRefused(
            [RowError(1, c, "required column missing from the header") for c in missing]
        )
    duplicated = sorted({h for h in header if header.count(h) > 1})
    if duplicated:
        raise ImportRefused([RowError(1, c, "column appears twice") for c in duplicated])
    return header
