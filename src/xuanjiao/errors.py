"""Diagnostics: one record type for every problem the program reports, and one error type.

Every problem with a user's files is a `Diagnostic` naming ``path:line:col``; stages collect
them in a `Diagnostics` list and raise `BuildError` once, so a run reports everything at once.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Literal

from .messages import t

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Diagnostic:
    path: str  # shown as given: relative to the project where possible
    line: int  # 1-based; 0 when the problem concerns the whole file
    col: int  # 1-based; 0 when unknown
    severity: Severity
    message: str
    hint: str = ""
    code: str = ""

    def format(self) -> str:
        where = self.path
        if self.line:
            where += f":{self.line}"
            if self.col:
                where += f":{self.col}"
        label = t("error") if self.severity == "error" else t("warning")
        text = f"{where}: {label}: {self.message}"  # the prefix stays `path:line:col: ` for tools
        if self.hint:
            text += "\n  " + t("hint: {hint}", hint=self.hint)
        return text


@dataclass(frozen=True)
class Location:
    """Where a value came from in a source file (1-based line and column)."""

    path: str
    line: int = 0
    col: int = 0

    def error(self, message: str, hint: str = "", code: str = "") -> Diagnostic:
        return Diagnostic(self.path, self.line, self.col, "error", message, hint, code)

    def warning(self, message: str, hint: str = "", code: str = "") -> Diagnostic:
        return Diagnostic(self.path, self.line, self.col, "warning", message, hint, code)


def errors_in(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    return [d for d in diagnostics if d.severity == "error"]


def warnings_in(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    return [d for d in diagnostics if d.severity == "warning"]


def has_errors(diagnostics: Iterable[Diagnostic]) -> bool:
    return any(d.severity == "error" for d in diagnostics)


@dataclass
class Diagnostics:
    """An ordered collection of diagnostics gathered during one run."""

    items: list[Diagnostic] = field(default_factory=list)

    def add(self, diagnostic: Diagnostic) -> None:
        if diagnostic not in self.items:
            self.items.append(diagnostic)

    def extend(self, diagnostics: Iterable[Diagnostic]) -> None:
        for d in diagnostics:
            self.add(d)

    @property
    def errors(self) -> list[Diagnostic]:
        return errors_in(self.items)

    @property
    def warnings(self) -> list[Diagnostic]:
        return warnings_in(self.items)

    def raise_if_errors(self) -> None:
        if self.errors:
            raise BuildError(list(self.items))

    def __iter__(self):
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)


class BuildError(Exception):
    """Raised when content is wrong; carries every diagnostic found so far."""

    def __init__(self, diagnostics: list[Diagnostic]):
        self.diagnostics = diagnostics
        super().__init__("\n".join(d.format() for d in diagnostics))


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """A hint naming the closest known id, or '' when nothing is close."""
    close = difflib.get_close_matches(word, sorted(set(choices)), n=1, cutoff=0.6)
    return t("did you mean '{id}'?", id=close[0]) if close else ""


def relative(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return str(path)


class MissingPackage(Exception):
    """A package the chosen work needs is not installed (a broken or partial install)."""

    def __init__(self, module: str, needed_by: str, install: str):
        self.module, self.needed_by, self.install = module, needed_by, install
        super().__init__(f"the Python package '{module}' is not installed (needed by {needed_by}): {install}")


class UsageProblem(Exception):
    """The command was asked for something it must not do (exit 2); the message says why."""
