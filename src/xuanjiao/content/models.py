"""Typed, frozen models of a content project (see spec/content.md).

Every model forbids unknown keys, so a typo in front matter is an error, never silently
ignored. Entities loaded from files carry `src` (where they came from) so later stages
can point their own diagnostics at the right line.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Annotated, Any, Literal, Optional

from pydantic import BaseModel, ConfigDict, Field, PlainSerializer, ValidationInfo, field_validator

from ..messages import t
from .source import SourceMap

ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
HOURS_RE = re.compile(r"^([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-3]):[0-5]\d$")

MaterialKind = Literal["poster", "leaflet", "brochure", "flyer", "board", "rollup", "banner"]
VenueKind = Literal["station", "bus-station", "market", "square", "hospital", "school", "community", "other"]
Status = Literal["draft", "review", "approved", "retired"]
Scope = Literal["who", "un", "national", "local"]
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


class Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", coerce_numbers_to_str=True, arbitrary_types_allowed=True)


class Entity(Model):
    """A thing with an id that was read from a file."""

    id: str
    src: Optional[SourceMap] = Field(default=None, exclude=True, repr=False)


# --- site.yml -------------------------------------------------------------------------


class Standards(Model):
    printed_kinds: int = Field(12, ge=0)
    av_titles: int = Field(6, ge=0)
    board_refresh_months: int = Field(2, ge=1)


class ReportsConfig(Model):
    publish: bool = False


class Localized(str):
    """A name in the site's first language that knows its translations too: site.yml may give
    `organization: {zh-CN: 青禾县卫生健康局, en: Qinghe County Health Commission}`. It is the
    first language's string wherever a string is used; `in_lang` picks a translation."""

    names: dict[str, str]

    def in_lang(self, lang: str) -> str:
        return self.names.get(lang) or str(self)


def in_lang(text: str | None, lang: str) -> str | None:
    """`text` in `lang` when it has that translation, else as it is (None stays None)."""
    return text.in_lang(lang) if isinstance(text, Localized) else text


# in site.yml: a string, or {language: string} with the first of `languages` among them
LocalizedText = Annotated[Any, PlainSerializer(lambda v: dict(v.names) if isinstance(v, Localized) else v)]


class Contact(Model):
    """Who the print shop calls about an order."""

    name: str = Field(min_length=1)
    phone: str = Field(min_length=3)


class SiteConfig(Model):
    languages: list[str] = Field(default_factory=lambda: ["zh-CN"], min_length=1)  # first: the others read it
    title: LocalizedText
    organization: LocalizedText
    hotline: Optional[str] = None
    url: Optional[str] = None
    timezone: str = "Asia/Shanghai"
    theme: str = "default"
    engine: Literal["mkdocs", "pelican", "zensical"] = "mkdocs"
    region: Optional[LocalizedText] = None
    standards: Standards = Standards()
    reports: ReportsConfig = ReportsConfig()
    address: Optional[str] = None
    contact: Optional[Contact] = None  # the print order's 联系人 and phone

    @field_validator("title", "organization", "region")
    @classmethod
    def _localized(cls, v: Any, info: ValidationInfo) -> str | None:
        if v is None and info.field_name == "region":  # optional
            return None
        first = (info.data.get("languages") or ["zh-CN"])[0]
        example = f"e.g. {{{first}: ..., en: ...}}"
        if isinstance(v, (str, int, float)) and not isinstance(v, bool) and str(v).strip():
            return str(v)
        if not isinstance(v, dict) or not all(isinstance(n, (str, int, float)) and str(n).strip() for n in v.values()):
            raise ValueError(t("must be a name, or one name per language ({example})", example=example))
        if first not in v:
            raise ValueError(
                t("needs a {first} entry (the first of languages), {example}", first=first, example=example)
            )
        text = Localized(str(v[first]))
        text.names = {str(lang): str(name) for lang, name in v.items()}
        return text

    def title_in(self, lang: str) -> str:
        return in_lang(self.title, lang)

    def organization_in(self, lang: str) -> str:
        return in_lang(self.organization, lang)

    def region_in(self, lang: str) -> str | None:
        return in_lang(self.region, lang)

    @field_validator("url")
    @classmethod
    def _url(cls, v: Optional[str]) -> Optional[str]:
        if v is None:
            return v
        if not re.match(r"^https?://[^/\s]+", v):
            raise ValueError(t("url must start with http:// or https://"))
        return v if v.endswith("/") else v + "/"

    @field_validator("languages")
    @classmethod
    def _langs(cls, v: list[str]) -> list[str]:
        from ..i18n import languages

        known = languages()  # the languages with a catalog in xuanjiao/locale
        for lang in v:
            if lang not in known:
                raise ValueError(
                    t("unsupported language {lang!r}; supported: {known}", lang=lang, known=", ".join(known))
                )
        return v


# --- awareness days ---------------------------------------------------------------------


class AwarenessDay(Entity):
    name: dict[str, str]
    date: str  # a date rule, checked by calendar.rules
    dates: dict[int, dt.date] = Field(default_factory=dict)
    days: int = Field(1, ge=1, le=366)
    scope: Scope = "local"
    topics: list[str] = Field(default_factory=list)
    source: Optional[str] = None
    builtin: bool = Field(default=False, exclude=True)

    @field_validator("name")
    @classmethod
    def _name(cls, v: dict[str, str]) -> dict[str, str]:
        if "zh-CN" not in v:
            raise ValueError(t("name needs a zh-CN entry, e.g. {zh-CN: 世界卫生日, en: World Health Day}"))
        return v

    def title(self, lang: str = "zh-CN") -> str:
        return self.name.get(lang) or self.name["zh-CN"]


class HolidayYear(Model):
    holidays: list[dt.date] = Field(default_factory=list)
    workdays: list[dt.date] = Field(default_factory=list)


# --- venues, plan template ------------------------------------------------------------------


class Venue(Entity):
    name: str
    kind: VenueKind = "other"
    address: Optional[str] = None
    hours: str = "09:00-11:30"
    volunteers: int = Field(4, ge=0, le=1000)
    reach: int = Field(200, ge=0)
    days: Optional[str] = None  # a venue cycle, checked by calendar.cycles
    boards: int = Field(0, ge=0)

    @field_validator("hours")
    @classmethod
    def _hours(cls, v: str) -> str:
        if not HOURS_RE.match(v) or v[:5] >= v[6:]:
            raise ValueError(t('hours must look like "08:00-11:30" (start before end)'))
        return v

    @property
    def start(self) -> str:
        return self.hours[:5]

    @property
    def end(self) -> str:
        return self.hours[6:]


class Window(Model):
    before: int = Field(7, ge=0, le=60)
    after: int = Field(3, ge=0, le=60)


class TaskTemplate(Model):
    id: str
    title: str
    before: Optional[int] = Field(None, ge=0, le=250)
    after: Optional[int] = Field(None, ge=0, le=250)
    on: Optional[dt.date] = None  # a fixed date instead of before:/after:
    owner: Optional[str] = None


# `reports:` (plan.yml or a campaign's front matter): how and to whom the figures go up, and
# the higher authority's own form (schedule/notice.py, reports/notice_form.py).


class ReportDue(Model):
    on: Optional[dt.date] = None  # a fixed date, e.g. 2027-03-01
    after: Optional[int] = Field(None, ge=0, le=250)  # working days after the campaign's last day


class ReportContact(Model):
    name: Optional[str] = None
    phone: Optional[str] = None
    email: Optional[str] = None


class FormColumn(Model):
    label: str
    unit: Optional[str] = None  # 万人, 万份, 人次, 件, 万元 ...: 万 divides the summed figures by 10,000
    sum: Optional[list[str]] = None  # per-session figures added up into this column; none: a text column

    @field_validator("sum", mode="before")
    @classmethod
    def _one_or_many(cls, v: Any) -> Any:
        return [v] if isinstance(v, str) else v


class NoticeForm(Model):
    title: str
    columns: list[FormColumn] = Field(min_length=1)
    rows: Literal["unit", "campaign", "venue"] = "unit"  # one row for the reporting unit, or one per ...
    row_label: str = "填报单位"  # the first column's heading
    total: bool = True  # a 合计 row under the rows
    footer: list[str] = Field(default_factory=lambda: ["填报单位(章)", "负责人", "填表人", "填表日期"])


class ReportSpec(Model):
    due: Optional[ReportDue] = None
    to: Optional[str] = None  # the office the report goes to
    contact: Optional[ReportContact] = None
    attach: list[str] = Field(default_factory=list)  # sent with the form: 照片, 音像资料 ...
    form: Optional[NoticeForm] = None


class PlanTemplate(Model):
    window: Window = Window()
    tasks: list[TaskTemplate] = Field(default_factory=list)
    print_spare: float = Field(0.1, ge=0, le=5)
    reports: Optional[ReportSpec] = None
    requirements: Optional[str] = None  # 工作要求
    funding: Optional[str] = None  # 经费保障
    safety: Optional[str] = None  # 安全保障
    src: Optional[SourceMap] = Field(default=None, exclude=True, repr=False)


# --- campaigns, materials, pages ----------------------------------------------------------


class Goals(Model):
    reach: Optional[int] = Field(None, ge=0)
    materials: Optional[int] = Field(None, ge=0)


class Document(Entity):
    """A Markdown file: front matter plus body."""

    body: str = ""
    body_line: int = Field(1, exclude=True)
    path: Path = Field(default=Path("."), exclude=True)


class Campaign(Document):
    day: str
    year: int = Field(ge=1900, le=2200)
    title: str
    slogan: Optional[str] = None
    audiences: list[str] = Field(default_factory=list)
    venues: list[str] = Field(default_factory=list)
    materials: list[str] = Field(default_factory=list)
    goals: Goals = Goals()
    owner: Optional[str] = None
    reports: Optional[ReportSpec] = None  # replaces plan.yml's reports: for this campaign
    bring: Optional[str] = None  # what a visitor brings to a session (医保卡、既往检查单), on the campaign page


class PrintSpec(Model):
    quantity: Optional[int] = Field(None, ge=0)
    paper: Optional[str] = None
    colors: Optional[str] = None
    finishing: Optional[str] = None
    large: bool = False
    sides: Optional[int] = Field(None, ge=1, le=2)
    base_mm: Optional[float] = Field(None, ge=0, le=600)  # rollup: bottom zone hidden by the stand (default 150)


class Material(Document):
    title: str
    kind: MaterialKind
    size: Optional[str] = None
    lang: str = "zh-CN"
    translation_of: Optional[str] = None
    campaigns: list[str] = Field(default_factory=list)
    audiences: list[str] = Field(default_factory=list)
    status: Status = "draft"
    reviewed_by: Optional[str] = None
    reviewed_on: Optional[dt.date] = None
    review_due: Optional[dt.date] = None
    sources: list[str] = Field(default_factory=list)
    qr: str = "page"
    print: PrintSpec = PrintSpec()
    summary: Optional[str] = None
    cover: Optional[str] = None  # a picture under content/ (assets/x.svg): poster, leaflet, brochure, board
    # large formats (宣传栏)
    issue: Optional[int] = Field(None, ge=1)
    venue: Optional[str] = None
    posted_on: Optional[dt.date] = None

    @field_validator("size")
    @classmethod
    def _size(cls, v: Optional[str]) -> Optional[str]:
        if v is None or v in ("A2", "A3", "A4", "A5") or re.match(r"^\d{2,5}x\d{2,5}$", v):
            return v
        raise ValueError(t("size must be A2, A3, A4, A5 or WIDTHxHEIGHT in mm, e.g. 800x2000"))

    @property
    def published(self) -> bool:
        return self.status == "approved"


class Page(Document):
    title: str = ""
    order: int = 100


class NewsPost(Document):
    title: str
    date: dt.date
    campaign: Optional[str] = None
    summary: Optional[str] = None
    cover: Optional[str] = None


# --- private ----------------------------------------------------------------------------------


class Volunteer(Entity):
    name: str
    phone: Optional[str] = None
    team: Optional[str] = None
    roles: list[str] = Field(default_factory=list)
    available: list[Any] = Field(default_factory=list)  # weekday names and/or dates
    home: Optional[str] = None  # the venue this volunteer lives near: sent there first

    @field_validator("available")
    @classmethod
    def _available(cls, v: list[Any]) -> list[Any]:
        for item in v:
            if not isinstance(item, dt.date) and item not in WEEKDAYS:
                raise ValueError(
                    t(
                        "{item!r} is neither a date (YYYY-MM-DD) nor a weekday ({weekdays})",
                        item=item,
                        weekdays=", ".join(WEEKDAYS),
                    )
                )
        return v

    def available_on(self, day: dt.date) -> bool:
        """Empty means any day; otherwise the weekday or the exact date must be listed."""
        return not self.available or day in self.available or WEEKDAYS[day.weekday()] in self.available


# --- the project ------------------------------------------------------------------------------


class Project(Model):
    """Everything loaded and validated; built once, read by every stage."""

    root: Path
    site: SiteConfig
    days: dict[str, AwarenessDay]
    holidays: dict[int, HolidayYear] = Field(default_factory=dict)
    venues: dict[str, Venue] = Field(default_factory=dict)
    plan: PlanTemplate = PlanTemplate()
    campaigns: dict[str, Campaign] = Field(default_factory=dict)
    materials: dict[str, Material] = Field(default_factory=dict)
    pages: dict[str, Page] = Field(default_factory=dict)
    news: dict[str, NewsPost] = Field(default_factory=dict)
    volunteers: dict[str, Volunteer] = Field(default_factory=dict)

    def published_materials(self, drafts: bool = False) -> list[Material]:
        """Materials that may be printed and published, in id order."""
        wanted = ("approved", "review", "draft") if drafts else ("approved",)
        return [m for _, m in sorted(self.materials.items()) if m.status in wanted]

    @property
    def content_dir(self) -> Path:
        return self.root / "content"
