"""A content-addressed cache of expensive outputs (PDFs, previews) under `build/.cache`.

An entry is a folder named by the hash of *every* input of the outputs it holds; a stage
asks for its key, and on a hit links the stored files into its output folder instead of
rendering. Keys are built with `Key`, which takes bytes, text, files and folders; when in
doubt an input goes in (a needless re-render costs a second, a stale PDF is a wrong leaflet
at the print shop).

Rules that keep this safe:
- an entry is written aside and renamed into place when complete; it is never modified;
- stored files are hard links to the outputs just written (a copy where links fail), and each
  entry records the SHA-256 of its files, checked on every hit: an output changed in place
  after it was stored makes a damaged entry, which is a miss, never an output;
- the pipeline carries the previous build's cache into the staging dir by hard links, so
  nothing here may write into an existing file (only new files, then rename).

`STATS` counts hits and misses per namespace in this process (tests and the log read it).
`XUANJIAO_CACHE=off` in the environment turns the cache off (benchmarks of rendering speed).
"""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
import shutil
import subprocess
from collections import Counter
from contextlib import contextmanager
from contextvars import ContextVar
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable

from .resources import PACKAGE_DIR

log = logging.getLogger("xuanjiao.cache")

FORMAT = "2"  # bump when the layout of an entry changes (2: files stored flat, see _stored)
META = "meta.pickle"
KEEP_UNUSED = 64  # entries per namespace kept although this build did not use them (undo, branches)


class Stats:
    """Per-namespace hits, misses and the names rendered, since the last `reset()`."""

    def __init__(self) -> None:
        self.reset()

    def reset(self) -> None:
        self.hits: Counter[str] = Counter()
        self.misses: Counter[str] = Counter()
        self.rendered: dict[str, list[str]] = {}

    def miss(self, namespace: str, name: str) -> None:
        self.misses[namespace] += 1
        self.rendered.setdefault(namespace, []).append(name)


STATS = Stats()


class Key:
    """An incremental SHA-256 over labelled inputs (labels keep `ab`+`c` apart from `a`+`bc`)."""

    def __init__(self, namespace: str) -> None:
        self._h = hashlib.sha256()
        self.add("format", FORMAT)
        self.add("namespace", namespace)
        self.add("code", code_hash())

    def add(self, label: str, value: Any) -> "Key":
        data = value if isinstance(value, bytes) else repr(value).encode("utf-8")
        for part in (label.encode("utf-8"), data):
            self._h.update(len(part).to_bytes(8, "big"))
            self._h.update(part)
        return self

    def add_file(self, label: str, path: Path) -> "Key":
        """A file's content (`label` names it; absolute paths are kept out of keys, so a moved
        project keeps its cache)."""
        try:
            data = path.read_bytes()
        except OSError:  # missing or unreadable: the key says so (and changes when it appears)
            data = b"\0missing"
        return self.add(label, data)

    def add_tree(self, label: str, root: Path) -> "Key":
        """Every file under `root` by relative path and content (dotfiles and caches skipped)."""
        self.add(f"{label}:dir", root.is_dir())
        for path in sorted(_files(root)):
            self.add(f"{label}:{path.relative_to(root).as_posix()}", path.read_bytes())
        return self

    def hexdigest(self) -> str:
        return self._h.hexdigest()


def _files(root: Path) -> Iterable[Path]:
    if not root.is_dir():
        return []
    out = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = [d for d in dirnames if not d.startswith(".") and d != "__pycache__"]
        out += [Path(dirpath) / f for f in filenames if not f.startswith(".")]
    return out


@lru_cache(maxsize=1)
def code_hash() -> str:
    """The package version and every file of the package (code, message catalogs, data):
    new code, new keys."""
    key = hashlib.sha256(_version().encode())
    for path in sorted(_files(PACKAGE_DIR)):
        if path.suffix in (".pyc", ".pyo"):
            continue
        key.update(path.relative_to(PACKAGE_DIR).as_posix().encode() + b"\0" + path.read_bytes())
    return key.hexdigest()


@lru_cache(maxsize=1)
def fonts_hash() -> str:
    """The installed fonts (fc-list: files, families, styles), once per process."""
    try:
        out = subprocess.run(
            ["fc-list", "--format", "%{file}|%{family}|%{style}|%{fontversion}\n"], capture_output=True, timeout=30
        ).stdout
    except (OSError, subprocess.SubprocessError):
        out = b""
    return hashlib.sha256(b"\n".join(sorted(out.splitlines()))).hexdigest()


@lru_cache(maxsize=None)
def package_versions(names: tuple[str, ...]) -> tuple[tuple[str, str | None], ...]:
    """The installed version of each package (None when it is not installed): libraries whose
    output is stored go into the keys, so that upgrading one renders again."""
    from importlib.metadata import PackageNotFoundError, version

    out = []
    for name in names:
        try:
            out.append((name, version(name)))
        except PackageNotFoundError:
            out.append((name, None))
    return tuple(out)


@lru_cache(maxsize=1)
def tools_hash() -> str:
    """External programs whose output is stored: poppler's (pdftotext reads the words the
    preflight report measures; pdftoppm draws previews where pypdfium2 is missing). pdftoppm
    and pdftotext come in one package, so one version stands for both."""
    try:
        r = subprocess.run(["pdftoppm", "-v"], capture_output=True, timeout=30)
        out = r.stdout + r.stderr
    except (OSError, subprocess.SubprocessError):
        out = b"no pdftoppm"
    return hashlib.sha256(out).hexdigest()


class Cache:
    """One namespace (e.g. "print") of the cache at `root` (`ctx.out / ".cache"`)."""

    def __init__(self, root: Path, namespace: str, keep: int = KEEP_UNUSED) -> None:
        self.namespace = namespace
        self.keep = keep  # unused entries kept by prune()
        self.dir = root / namespace
        self.used: set[str] = set()
        self.off = os.environ.get("XUANJIAO_CACHE", "").lower() in ("off", "0", "no")

    def key(self) -> Key:
        return Key(self.namespace)

    def has(self, key: str) -> bool:
        return not self.off and self._meta(self.dir / key) is not None

    def get(self, key: str, dest: Path) -> Any | None:
        """Link the entry's files into `dest` and return its metadata, or None on a miss."""
        entry = self.dir / key
        meta = None if self.off else self._meta(entry)
        if meta is None:
            return None
        files, data = meta["files"], meta["data"]
        for name, digest in files.items():
            if _sha256(entry / _stored(name)) != digest:
                log.warning("cache entry %s/%s is damaged (%s); rendering again", self.namespace, key, name)
                return None
        dest.mkdir(parents=True, exist_ok=True)
        for name in files:
            target = dest / name
            target.parent.mkdir(parents=True, exist_ok=True)
            if target.exists() or target.is_symlink():
                target.unlink()  # a new file, never a write into an existing one
            _link_or_copy(entry / _stored(name), target)
        self.used.add(key)
        STATS.hits[self.namespace] += 1
        return data

    def put(self, key: str, src: Path, names: Iterable[str], data: Any) -> None:
        """Store copies of `src/NAME` for each name, with `data` (picklable) as metadata."""
        if self.off:
            return
        entry = self.dir / key
        tmp = self.dir / f".{key}.tmp-{os.getpid()}"
        shutil.rmtree(tmp, ignore_errors=True)
        tmp.mkdir(parents=True)
        files = {}
        try:
            for name in names:
                _link_or_copy(src / name, tmp / _stored(name))
                files[name] = _sha256(tmp / _stored(name))
            (tmp / META).write_bytes(pickle.dumps({"files": files, "data": data}, protocol=4))
            if entry.exists():
                shutil.rmtree(entry)
            os.rename(tmp, entry)
        except OSError as exc:  # a full disk must not fail the build: the output is written already
            log.warning("not cached (%s): %s", key, exc)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
        self.used.add(key)

    def load(self, key: str) -> tuple[dict[str, bytes], Any] | None:
        """The entry's files as bytes, and its metadata; None on a miss."""
        entry = self.dir / key
        meta = None if self.off else self._meta(entry)
        if meta is None:
            return None
        files = {}
        for name, digest in meta["files"].items():
            try:
                data = (entry / _stored(name)).read_bytes()
            except OSError:
                return None
            if hashlib.sha256(data).hexdigest() != digest:
                log.warning("cache entry %s/%s is damaged (%s); rendering again", self.namespace, key, name)
                return None
            files[name] = data
        self.used.add(key)
        STATS.hits[self.namespace] += 1
        return files, meta["data"]

    def store(self, key: str, files: dict[str, bytes], data: Any) -> None:
        tmp = self.dir / f".{key}.src-{os.getpid()}"
        shutil.rmtree(tmp, ignore_errors=True)
        try:
            tmp.mkdir(parents=True)
            for name, blob in files.items():
                (tmp / name).parent.mkdir(parents=True, exist_ok=True)
                (tmp / name).write_bytes(blob)
            self.put(key, tmp, files, data)
        except OSError as exc:
            log.warning("not cached (%s): %s", key, exc)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)

    def prune(self) -> None:
        """Drop entries this build did not use, beyond the `keep` most recently made."""
        if not self.dir.is_dir():
            return
        unused = []
        for entry in self.dir.iterdir():
            if entry.name in self.used or entry.name.startswith(".") and _owner_alive(entry.name):
                continue
            if entry.name.startswith("."):
                shutil.rmtree(entry, ignore_errors=True)  # left by a killed build
                continue
            try:
                unused.append(((entry / META).stat().st_mtime, entry))
            except OSError:
                shutil.rmtree(entry, ignore_errors=True)
        unused.sort(reverse=True)
        for _, entry in unused[self.keep :]:
            shutil.rmtree(entry, ignore_errors=True)

    def _meta(self, entry: Path) -> dict | None:
        try:
            meta = pickle.loads((entry / META).read_bytes())
        except FileNotFoundError:
            return None
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError) as exc:
            log.warning("cache entry %s unreadable (%s); rendering again", entry.name, exc)
            return None
        return meta if isinstance(meta, dict) and {"files", "data"} <= meta.keys() else None


_active: ContextVar[Cache | None] = ContextVar("xuanjiao_cache", default=None)


@contextmanager
def active(cache: Cache | None):
    """Make `cache` the one `current()` returns, for code below a stage that has no ctx
    (the plan and sign-in PDF writers)."""
    token = _active.set(cache)
    try:
        yield cache
    finally:
        _active.reset(token)
        if cache is not None:
            cache.prune()


def current() -> Cache | None:
    return _active.get()


def _owner_alive(name: str) -> bool:
    pid = name.rsplit("-", 1)[-1]
    return pid.isdigit() and int(pid) == os.getpid()


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("xuanjiao")
    except PackageNotFoundError:
        return "unknown"


def _stored(name: str) -> str:
    """The file name of output `name` ("a/b.html") inside an entry: one folder per entry, no
    subfolders, because creating and removing folders is what copying a cache costs."""
    return name.replace("%", "%25").replace("/", "%2F")


def _sha256(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


def _link_or_copy(src: Path, dst: Path) -> None:
    try:
        os.link(src, dst)
    except OSError:
        shutil.copyfile(src, dst)


class Memo:
    """Many small results (a page's HTML, a section's search words) in one entry of `namespace`,
    by keys the caller makes of every input of each result. Loaded whole; `save()` stores a new
    entry with the results this build used or made (so it never grows past one build's worth)."""

    def __init__(self, root: Path, namespace: str, name: str) -> None:
        self.cache = Cache(root, namespace, keep=4)
        self.entry = self.cache.key().add("memo", name).hexdigest()
        hit = self.cache.load(self.entry)
        try:
            self.old: dict[str, Any] = pickle.loads(hit[0][_MEMO]) if hit else {}
        except (pickle.UnpicklingError, EOFError, KeyError, AttributeError, ImportError, TypeError):
            self.old = {}
        self.new: dict[str, Any] = {}

    def get(self, key: str) -> Any | None:
        found = self.old.get(key)
        if found is not None:
            self.new[key] = found
        return found

    def put(self, key: str, value: Any) -> None:
        self.new[key] = value

    def save(self) -> None:
        if self.new != self.old:  # equal keys: equal results, except a hint (print) replaced under its key
            self.cache.store(self.entry, {_MEMO: pickle.dumps(self.new, protocol=4)}, None)
        self.cache.used.add(self.entry)
        self.cache.prune()


_MEMO = "memo.pickle"
