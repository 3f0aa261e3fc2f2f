"""Discover a project's files, parse them and validate them into a frozen `Project`.

Every problem in every file is collected (never the first one only); `load_project`
raises `BuildError` with all of them when any is an error.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache
from pathlib import Path
from typing import Any, Mapping, TypeVar

from pydantic import BaseModel, ValidationError

from ..errors import BuildError, Diagnostic, Diagnostics, Location, did_you_mean, relative
from ..messages import noun, t
from ..resources import data_path
from . import models as m
from .crosscheck import crosscheck
from .inventory import unknown_files
from .links import check_links
from .lint import lint
from .nesting import nesting_errors
from .privacy import privacy_errors
from .safety import check_bodies
from .source import SourceMap, load_yaml, split_front_matter

MAX_MARKDOWN_BYTES = 5 * 1024 * 1024  # a leaflet is a few KB; anything this big is a mistake

T = TypeVar("T", bound=BaseModel)
INTERNAL_FIELDS = {"id", "body", "src", "body_line", "path", "builtin"}  # set by the loader, not written


def plain(node: Any) -> Any:
    """ruamel's round-trip types turned into plain Python values for pydantic."""
    if isinstance(node, dict):
        return {plain(k): plain(v) for k, v in node.items()}
    if isinstance(node, list):
        return [plain(v) for v in node]
    if isinstance(node, bool):
        return bool(node)
    if isinstance(node, int):
        return int(node)
    if isinstance(node, float):
        return float(node)
    if isinstance(node, str):
        return str(node)
    if isinstance(node, dt.datetime):
        return node
    if isinstance(node, dt.date):
        return dt.date(node.year, node.month, node.day)
    return node


def validation_diagnostics(exc: ValidationError, model: type[BaseModel], src: SourceMap) -> list[Diagnostic]:
    """Turn pydantic's errors into located diagnostics with helpful wording."""
    out = []
    for err in exc.errors(include_url=False):
        loc = tuple(p for p in err["loc"] if p not in ("[key]",))
        field = ".".join(str(p) for p in loc) or "value"
        kind = err["type"]
        if kind == "extra_forbidden":
            known = _fields_at(model, loc[:-1])
            out.append(
                src.at(*loc, key=True).error(
                    t("unknown key '{key}'", key=loc[-1]),
                    hint=did_you_mean(str(loc[-1]), known)
                    or (t("known keys: {keys}", keys=", ".join(sorted(known))) if known else ""),
                )
            )
        elif kind == "missing":
            out.append(src.at(*loc[:-1]).error(t("missing required field '{field}'", field=field)))
        elif kind == "literal_error":
            expected = err.get("ctx", {}).get("expected", "")
            choices = re.findall(r"'([^']+)'", expected)
            out.append(
                src.at(*loc).error(
                    t(
                        "{field}: unknown value {input!r}; expected one of {choices}",
                        field=field,
                        input=err["input"],
                        choices=", ".join(choices),
                    ),
                    hint=did_you_mean(str(err["input"]), choices),
                )
            )
        elif kind.startswith("date") or kind.startswith("datetime"):
            out.append(
                src.at(*loc).error(
                    t("{field}: {input!r} is not a valid date", field=field, input=err["input"]),
                    hint=t("write dates as YYYY-MM-DD, e.g. 2026-04-07"),
                )
            )
        else:
            out.append(src.at(*loc).error(t("{field}: {problem}", field=field, problem=_problem(err))))
    return out


def _problem(err: Any) -> str:
    """Our own words for pydantic's other error types: its English never reaches the writer."""
    kind, ctx, given = err["type"], err.get("ctx") or {}, err.get("input")
    if kind in ("value_error", "assertion_error") and "error" in ctx:
        return str(ctx["error"])  # raised by our validators, already in the writer's language
    if kind.startswith("int_") or kind.startswith("float_") or kind in ("decimal_parsing", "decimal_type"):
        return t("{input!r} is not a number", input=given)
    if kind.startswith("bool_"):
        return t("{input!r} is not yes or no (write true or false)", input=given)
    if kind in ("greater_than", "greater_than_equal", "less_than", "less_than_equal"):
        limit = next(iter(ctx.values()), "")
        words = {
            "greater_than": t("must be more than {limit}", limit=limit),
            "greater_than_equal": t("must be at least {limit}", limit=limit),
            "less_than": t("must be less than {limit}", limit=limit),
            "less_than_equal": t("must be at most {limit}", limit=limit),
        }
        return words[kind]
    if kind in ("too_short", "string_too_short"):
        return t(
            "needs at least {n} (found {actual})",
            n=ctx.get("min_length", 1),
            actual=ctx.get("actual_length", len(given) if isinstance(given, (str, list)) else 0),
        )
    if kind in ("too_long", "string_too_long"):
        return t("may have at most {n}", n=ctx.get("max_length", ""))
    if kind == "string_pattern_mismatch":
        return t("{input!r} is not written the expected way", input=given)
    if kind in ("string_type", "str_type"):
        return t("expected text, found {kind}", kind=_kind(given))
    if kind in ("list_type", "tuple_type", "set_type"):
        return t("expected a list (lines starting with '- ' or [a, b]), found {kind}", kind=_kind(given))
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return t("expected keys and values (key: value lines), found {kind}", kind=_kind(given))
    if kind in ("url_parsing", "url_scheme", "url_type"):
        return t("{input!r} is not a web address (https://...)", input=given)
    if kind == "enum":
        return t("unknown value {input!r}; expected one of {choices}", input=given, choices=ctx.get("expected", ""))
    return t("the value {input!r} is not accepted here", input=given)


def _fields_at(model: type[BaseModel], loc: tuple) -> set[str]:
    """Names of the fields of the (nested) model reached by `loc`, for did-you-mean hints."""
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        field = getattr(current, "model_fields", {}).get(part)
        if field is None:
            return set()
        current = _model_in(field.annotation)
    fields = getattr(current, "model_fields", {})
    return {k for k, f in fields.items() if not f.exclude and k not in INTERNAL_FIELDS}


def _model_in(annotation: Any) -> Any:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()) or ():
        found = _model_in(arg)
        if found is not None:
            return found
    return None


class Loader:
    """Reads one project; collects diagnostics as it goes."""

    def __init__(self, root: Path, texts: Mapping[str, str] | None = None):
        self.root = root.resolve()
        self.content = self.root / "content"
        self.diags = Diagnostics()
        self.broken: set[str] = set()  # ids whose file or entry failed: no cascade of "unknown id"
        self.texts = dict(texts or {})  # project-relative path -> text read instead of the file

    # -- helpers ------------------------------------------------------------------------------

    def rel(self, path: Path) -> str:
        return relative(path, self.root)

    def read_text(self, path: Path, limit: int = MAX_MARKDOWN_BYTES) -> str | None:
        if self.texts and self.rel(path) in self.texts:
            return self.texts[self.rel(path)]
        try:
            size = path.stat().st_size
            if size > limit:
                self.diags.add(
                    Location(self.rel(path)).error(
                        t(
                            "file is {size} MB; the limit is {limit} MB",
                            size=size // 1024 // 1024,
                            limit=limit // 1024 // 1024,
                        ),
                        hint=t("split it into several files"),
                    )
                )
                return None
            data = path.read_bytes()
        except OSError as exc:
            self.diags.add(Location(self.rel(path)).error(t("cannot read file: {strerror}", strerror=exc.strerror)))
            return None
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = data[: exc.start].count(b"\n") + 1
            col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
            self.diags.add(
                Location(self.rel(path), line, col).error(
                    t("file is not UTF-8"), hint=t("save it as UTF-8 (in Notepad: 另存为 → 编码 UTF-8)")
                )
            )
            return None

    def validate(self, model: type[T], data: Any, where: SourceMap, **extra: Any) -> T | None:
        if not isinstance(data, dict):
            self.diags.add(where.at().error(t("expected a mapping of keys and values, found {data}", data=_kind(data))))
            return None
        clash = [k for k in extra if k in data]
        for key in clash:  # internal fields are never written by hand
            self.diags.add(where.at(key, key=True).error(t("unknown key '{key}'", key=key)))
        if clash:
            return None
        try:
            return model.model_validate({**plain(data), **extra})
        except ValidationError as exc:
            self.diags.extend(validation_diagnostics(exc, model, where))
            return None

    def yaml_file(self, path: Path) -> tuple[Any, SourceMap | None]:
        text = self.read_text(path)
        if text is None:
            return None, None
        data, src, diags = load_yaml(text, self.rel(path))
        self.diags.extend(diags)
        return data, src

    def check_id(self, ident: Any, loc: Location, what: str) -> bool:
        if not isinstance(ident, str) or not m.ID_RE.match(ident):
            self.diags.add(
                loc.error(
                    t(
                        "{what} id {ident!r} must be lowercase ASCII letters, digits and '-'",
                        what=noun(what),
                        ident=ident,
                    ),
                    hint=t("e.g. whd-2026 or contraception-leaflet"),
                )
            )
            return False
        return True

    # -- file kinds ---------------------------------------------------------------------------

    def entity_list(self, path: Path, model: type[T], what: str, **extra: Any) -> dict[str, T]:
        """A YAML file holding a list of entities with ids (venues, days, volunteers)."""
        out: dict[str, T] = {}
        if not path.exists():
            return out
        data, src = self.yaml_file(path)
        if src is not None and data is None:  # an empty file is an empty list: references to it are checked
            return out
        if src is None or not isinstance(data, list):
            self.broken.add(f"*{what}")  # the whole file failed: references to it are not checked
            if src is not None:
                self.diags.add(
                    src.at().error(t("expected a list of {what}s (lines starting with '- id: ...')", what=noun(what)))
                )
            return out
        first_line: dict[str, int] = {}
        for i, item in enumerate(data):
            item_src = SourceMap(src.path, item, 0) if hasattr(item, "lc") else src
            ident = item.get("id") if isinstance(item, dict) else None
            if isinstance(item, dict) and "id" not in item:
                self.diags.add(src.at(i).error(t("{what} has no id", what=noun(what))))
                continue
            if ident is not None and not self.check_id(ident, src.at(i, "id"), what):
                continue
            if ident in first_line:
                self.diags.add(
                    src.at(i, "id").error(
                        t("duplicate {what} id '{ident}'", what=noun(what), ident=ident),
                        hint=t("first defined on line {first_line}", first_line=first_line[ident]),
                    )
                )
                continue
            if ident is not None:
                first_line[ident] = src.at(i, "id").line
            obj = self.validate(model, item, item_src, src=item_src, **extra)
            if obj is not None:
                out[obj.id] = obj
            elif ident is not None:
                self.broken.add(ident)
        return out

    def documents(self, folder: str, model: type[T], required_front: bool = True) -> dict[str, T]:
        out: dict[str, T] = {}
        directory = self.content / folder
        if not directory.is_dir():
            return out
        for path in sorted(directory.glob("*.md")):
            obj = self.document(path, model, required_front)
            if obj is not None:
                out[obj.id] = obj
            else:
                self.broken.add(path.stem)
        return out

    def document(self, path: Path, model: type[T], required_front: bool) -> T | None:
        rel = self.rel(path)
        if not self.check_id(path.stem, Location(rel, 1, 1), model.__name__.lower()):
            return None
        text = self.read_text(path)
        if text is None:
            return None
        split, diags = split_front_matter(text, rel)
        self.diags.extend(diags)
        if split is None:
            return None
        too_deep = nesting_errors(split.body, split.body_line, rel)
        if too_deep:  # never handed to a renderer
            self.diags.extend(too_deep)
            return None
        common = dict(id=path.stem, body=split.body, body_line=split.body_line, path=path)
        if split.yaml_text is None:
            if required_front:
                self.diags.add(
                    Location(rel, 1, 1).error(
                        t("missing front matter"), hint=t("start the file with '---', the keys, and '---'")
                    )
                )
                return None
            data, src = {}, SourceMap(rel, {}, 0)
        else:
            data, src, diags = load_yaml(split.yaml_text, rel, line_offset=split.yaml_line - 1)
            self.diags.extend(diags)
            if src is None:
                return None
            if data is None:
                data = {}
        if isinstance(data, dict) and "id" in data:
            self.diags.add(
                src.at("id", key=True).error(
                    t("'id' is not a front matter key: the id is the file name"),
                    hint=t("this file's id is '{stem}'", stem=path.stem),
                )
            )
            return None
        if model is m.Page and isinstance(data, dict) and "title" not in data:
            common["title"] = _first_heading(split.body) or path.stem
        return self.validate(model, data, src, src=src, **common)


def _first_heading(body: str) -> str:
    for line in body.splitlines():
        if line.startswith("# "):
            return line[2:].strip()
    return ""


def _kind(data: Any) -> str:
    if data is None:
        return t("nothing (empty file)")
    if isinstance(data, list):
        return t("a list")
    if isinstance(data, dict):
        return t("keys and values")
    return t("a single value {value!r}", value=str(data)[:40])


def load_project(
    root: Path | str,
    *,
    builtin_days: Path | None = None,
    today: dt.date | None = None,
    texts: Mapping[str, str] | None = None,
) -> tuple[m.Project, list[Diagnostic]]:
    """Load and validate the project at `root`.

    `texts` (project-relative path -> text) is read instead of those files: the build
    publishes a material's last approved version that way (content/approved.py).
    Returns the project and its warnings; raises BuildError carrying every diagnostic
    (errors and warnings) when anything is wrong.
    """
    loader = Loader(Path(root), texts)
    if not loader.content.is_dir():
        raise BuildError(
            [
                Location(str(Path(root)), 0, 0).error(
                    t("no content/ folder here"),
                    hint=t("run in a project folder or pass --project DIR; `xuanjiao new campaign ID` starts one"),
                )
            ]
        )
    site = _load_site(loader)
    days = dict(_builtin_days(builtin_days or data_path("awareness-days.yml")))
    days.update(loader.entity_list(loader.content / "awareness-days.yml", m.AwarenessDay, "awareness day"))
    project_fields = dict(
        root=loader.root,
        days=days,
        holidays=_load_holidays(loader),
        venues=loader.entity_list(loader.content / "venues.yml", m.Venue, "venue"),
        plan=_load_plan(loader),
        campaigns=loader.documents("campaigns", m.Campaign),
        materials=loader.documents("materials", m.Material),
        pages=loader.documents("pages", m.Page, required_front=False),
        news=loader.documents("news", m.NewsPost),
        volunteers=loader.entity_list(loader.root / "private" / "volunteers.yml", m.Volunteer, "volunteer"),
    )
    if site is None:
        loader.diags.raise_if_errors()
        raise BuildError(list(loader.diags))
    project = m.Project(site=site, **project_fields)
    loader.diags.extend(crosscheck(project, loader.broken))
    loader.diags.extend(check_bodies(project))
    loader.diags.extend(check_links(project))
    loader.diags.extend(lint(project, today or dt.date.today()))
    loader.diags.extend(unknown_files(loader.root))
    loader.diags.extend(privacy_errors(loader.root, project.volunteers.values()))
    loader.diags.raise_if_errors()
    return project, list(loader.diags)


def _builtin_days(path: Path) -> dict[str, m.AwarenessDay]:
    """The shipped day list, parsed once per process (ruamel is slow; the file never changes)."""
    stat = path.stat()
    return _builtin_days_cached(path, stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=4)
def _builtin_days_cached(path: Path, mtime: int, size: int) -> dict[str, m.AwarenessDay]:
    loader = Loader(path.parent)
    days = loader.entity_list(path, m.AwarenessDay, "awareness day", builtin=True)
    loader.diags.raise_if_errors()  # a broken shipped file is a bug, reported like any other
    return days


def _load_site(loader: Loader) -> m.SiteConfig | None:
    path = loader.content / "site.yml"
    if not path.exists():
        loader.diags.add(
            Location(loader.rel(path)).error(
                t("content/site.yml is missing"), hint=t("it needs at least `title:` and `organization:`")
            )
        )
        return None
    data, src = loader.yaml_file(path)
    if src is None:
        return None
    return loader.validate(m.SiteConfig, data if data is not None else {}, src)


def _load_plan(loader: Loader) -> m.PlanTemplate:
    path = loader.content / "plan.yml"
    if not path.exists():
        path = data_path("plan.yml")
    data, src = loader.yaml_file(path)
    if src is None:
        return m.PlanTemplate()
    plan = loader.validate(m.PlanTemplate, data, src, src=src)
    return plan or m.PlanTemplate()


def _load_holidays(loader: Loader) -> dict[int, m.HolidayYear]:
    path = loader.content / "holidays.yml"
    if not path.exists():
        return {}
    data, src = loader.yaml_file(path)
    if src is None or data is None:
        return {}
    if not isinstance(data, dict):
        loader.diags.add(src.at().error(t("expected years as keys, e.g. `2027: {holidays: [...], workdays: [...]}`")))
        return {}
    out = {}
    for year, entry in data.items():
        if not isinstance(year, int) or not 1900 <= year <= 2200:
            loader.diags.add(src.at(year, key=True).error(t("{year!r} is not a year", year=year)))
            continue
        sub = SourceMap(src.path, entry, 0) if hasattr(entry, "lc") else src
        obj = loader.validate(m.HolidayYear, entry, sub)
        if obj is not None:
            for d in obj.holidays + obj.workdays:
                if d.year != year:
                    loader.diags.add(sub.at().error(t("{d} is listed under {year}", d=d.isoformat(), year=year)))
            out[year] = obj
    return out
