"""The on-disk tantivy index: generations, the single writer, and readers that reload.

Layout under `settings.SEARCH_INDEX_DIR`::

    CURRENT          name of the live generation (replaced atomically with os.replace)
    gen-<stamp>/     one complete tantivy index per rebuild
    writer.lock      fcntl lock: one writer at a time, across threads and processes

A rebuild writes a fresh generation and then swaps `CURRENT`; incremental updates write
into the live generation. Both hold `writer.lock`, so an update can never land in a
generation that a concurrent rebuild is about to replace. Readers keep one opened index per
generation and reload it when the generation's `meta.json` changes (every commit rewrites
it), so a search always sees the last commit, from any process.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import threading
import time
import uuid
import zlib
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import tantivy

from maillage.search.schema import SCHEMA_VERSION, SearchDocument, build_schema, to_tantivy

WRITER_HEAP_BYTES = 64_000_000
LOCK_TIMEOUT_SECONDS = 120.0


class IndexUnavailable(RuntimeError):
    """No index has been built yet (run `maillage index rebuild`)."""


class IndexBusy(RuntimeError):
    """Another writer kept the index locked for too long."""


@dataclass
class _Reader:
    generation: str
    index: tantivy.Index
    meta_stamp: int


class IndexStore:
    """All access to one index directory goes through here (one instance per directory)."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        self.schema = build_schema()
        self._reader: _Reader | None = None
        self._reader_lock = threading.Lock()
        self._writer_lock = threading.Lock()

    # --- generations ---------------------------------------------------------------------

    @property
    def _current_file(self) -> Path:
        return self.root / "CURRENT"

    def current_generation(self) -> str | None:
        try:
            name = self._current_file.read_text(encoding="utf-8").strip()
        except FileNotFoundError:
            return None
        return name if name and (self.root / name).is_dir() else None

    def _set_current(self, generation: str) -> None:
        tmp = self.root / f"CURRENT.{uuid.uuid4().hex}.tmp"
        tmp.write_text(generation + "\n", encoding="utf-8")
        os.replace(tmp, self._current_file)  # atomic on POSIX: readers see old or new

    def _new_generation(self) -> str:
        return f"gen-v{SCHEMA_VERSION}-{time.strftime('%Y%m%dT%H%M%S')}-{uuid.uuid4().hex[:8]}"

    def _open(self, generation: str) -> tantivy.Index:
        return tantivy.Index(self.schema, path=str(self.root / generation), reuse=True)

    # --- writing -------------------------------------------------------------------------

    @contextmanager
    def _exclusive(self) -> Iterator[None]:
        self.root.mkdir(parents=True, exist_ok=True)
        with self._writer_lock, open(self.root / "writer.lock", "a+b") as handle:
            deadline = time.monotonic() + LOCK_TIMEOUT_SECONDS
            while True:
                try:
                    fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError as exc:
                    if time.monotonic() > deadline:
                        raise IndexBusy(
                            f"index writer lock held for more than {LOCK_TIMEOUT_SECONDS} s"
                        ) from exc
                    time.sleep(0.05)
            try:
                yield
            finally:
                fcntl.flock(handle.fileno(), fcntl.LOCK_UN)

    def rebuild(
        self,
        documents: Iterable[SearchDocument],
        *,
        progress: Callable[[int], None] | None = None,
    ) -> int:
        """Write every document into a fresh generation, then make it the live one."""
        with self._exclusive():
            generation = self._new_generation()
            path = self.root / generation
            path.mkdir(parents=True)
            try:
                index = tantivy.Index(self.schema, path=str(path))
                writer = index.writer(WRITER_HEAP_BYTES, 1)
                count = 0
                for doc in documents:
                    writer.add_document(to_tantivy(doc))
                    count += 1
                    if progress is not None:
                        progress(count)
                writer.commit()
                writer.wait_merging_threads()
            except BaseException:
                shutil.rmtree(path, ignore_errors=True)
                raise
            previous = self.current_generation()
            self._set_current(generation)
            self._remove_old_generations(keep={generation, previous})
            return count

    def _remove_old_generations(self, keep: set[str | None]) -> None:
        # The previous generation stays one more round: a reader in another process may
        # still be reading it (open files survive deletion on POSIX, but be gentle).
        for child in self.root.glob("gen-*"):
            if child.name not in keep and child.is_dir():
                shutil.rmtree(child, ignore_errors=True)

    def update(self, upserts: Iterable[SearchDocument], deletes: Iterable[int]) -> tuple[int, int]:
        """Replace or add `upserts` and remove `deletes` in the live generation (one commit)."""
        with self._exclusive():
            generation = self.current_generation()
            if generation is None:
                generation = self._new_generation()
                (self.root / generation).mkdir(parents=True)
                tantivy.Index(self.schema, path=str(self.root / generation))
                self._set_current(generation)
            index = self._open(generation)
            writer = index.writer(WRITER_HEAP_BYTES // 4, 1)
            added = removed = 0
            for doc in upserts:
                writer.delete_documents_by_query(self._id_query(doc.id))
                writer.add_document(to_tantivy(doc))
                added += 1
            for doc_id in deletes:
                writer.delete_documents_by_query(self._id_query(doc_id))
                removed += 1
            writer.commit()
            writer.wait_merging_threads()
            return added, removed

    def _id_query(self, doc_id: int) -> tantivy.Query:
        # By query, not delete_documents_by_term: tantivy-py turns a Python int into an i64
        # term, which never matches the u64 `id` field.
        return tantivy.Query.term_query(self.schema, "id", doc_id)

    # --- reading -------------------------------------------------------------------------

    def index(self) -> tantivy.Index:
        """The live index, reloaded if a commit or a rebuild happened since the last call."""
        generation = self.current_generation()
        if generation is None:
            raise IndexUnavailable("the search index has not been built (maillage index rebuild)")
        stamp = self._meta_stamp(generation)
        with self._reader_lock:
            reader = self._reader
            if reader is None or reader.generation != generation:
                index = self._open(generation)
                index.config_reader(reload_policy="Manual")
                self._reader = _Reader(generation, index, stamp)
                return index
            if reader.meta_stamp != stamp:
                reader.index.reload()
                reader.meta_stamp = stamp
            return reader.index

    def searcher(self) -> tantivy.Searcher:
        return self.index().searcher()

    def _meta_stamp(self, generation: str) -> int:
        """A checksum of `meta.json`, rewritten by every commit.

        Its content, not its mtime: file times are only as fine as the kernel tick, and two
        commits within one tick would look identical.
        """
        try:
            return zlib.crc32((self.root / generation / "meta.json").read_bytes())
        except FileNotFoundError:
            return 0

    def indexed_versions(self) -> dict[int, int]:
        """id → `updated` stamp of every document in the live index."""
        searcher = self.searcher()
        total = searcher.num_docs
        if total == 0:
            return {}
        hits = searcher.search(tantivy.Query.all_query(), limit=total, count=False).hits
        addresses = [address for _score, address in hits]
        ids = searcher.fast_field_values("id", addresses)
        stamps = searcher.fast_field_values("updated", addresses)
        return {int(i): int(s or 0) for i, s in zip(ids, stamps, strict=True) if i is not None}


_stores: dict[Path, IndexStore] = {}
_stores_lock = threading.Lock()


def store_for(root: Path) -> IndexStore:
    """The process-wide store of one index directory."""
    key = Path(root).resolve()
    with _stores_lock:
        store = _stores.get(key)
        if store is None:
            store = _stores[key] = IndexStore(key)
        return store
