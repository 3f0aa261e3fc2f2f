"""Forms generated from the content models `check` validates against: one field per model
field (nested models as groups), a widget chosen by its type, labels (Chinese ids of the
workspace catalog, translated where shown), and the
decoding of a submitted form back into the values the file holds."""

from __future__ import annotations

import datetime as dt
import re
import typing
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import BaseModel
from ruamel.yaml import YAML

from ..content import models as m
from ..content.loader import INTERNAL_FIELDS, plain
from .words import N_

LABELS = {
    "title": N_("标题"),
    "kind": N_("类型"),
    "size": N_("尺寸"),
    "lang": N_("语言"),
    "translation_of": N_("译自（原文资料）"),
    "campaigns": N_("所属活动"),
    "audiences": N_("目标人群"),
    "status": N_("状态"),
    "reviewed_by": N_("审核人"),
    "reviewed_on": N_("审核日期"),
    "review_due": N_("复审到期日"),
    "sources": N_("依据来源"),
    "qr": N_("二维码"),
    "print": N_("印刷要求"),
    "quantity": N_("印数"),
    "paper": N_("纸张"),
    "colors": N_("色数"),
    "finishing": N_("后道工艺"),
    "large": N_("大幅面"),
    "sides": N_("面数"),
    "base_mm": N_("底部遮挡（毫米）"),
    "summary": N_("摘要"),
    "issue": N_("期号"),
    "venue": N_("场地"),
    "posted_on": N_("张贴日期"),
    "day": N_("宣传日"),
    "year": N_("年份"),
    "slogan": N_("口号"),
    "venues": N_("活动场地"),
    "materials": N_("宣传资料"),
    "goals": N_("目标"),
    "reach": N_("覆盖人数"),
    "owner": N_("负责人"),
    "order": N_("排序"),
    "date": N_("日期"),
    "campaign": N_("所属活动"),
    "cover": N_("封面图片"),
    "name": N_("名称"),
    "address": N_("地址"),
    "hours": N_("时段"),
    "volunteers": N_("每场志愿者人数"),
    "days": N_("开放日规则"),
    "boards": N_("宣传栏数"),
    "dates": N_("各年日期"),
    "scope": N_("级别"),
    "topics": N_("主题"),
    "source": N_("出处"),
    "languages": N_("语言"),
    "organization": N_("单位"),
    "hotline": N_("咨询热线"),
    "url": N_("网址"),
    "timezone": N_("时区"),
    "theme": N_("主题"),
    "engine": N_("网站引擎"),
    "region": N_("地区"),
    "standards": N_("考核标准"),
    "printed_kinds": N_("印刷品种数"),
    "av_titles": N_("音像制品种数"),
    "board_refresh_months": N_("宣传栏更新间隔（月）"),
    "reports": N_("统计报表"),
    "publish": N_("公开统计"),
    "window": N_("活动窗口"),
    "before": N_("提前（工作日）"),
    "after": N_("延后（工作日）"),
    "tasks": N_("任务"),
    "print_spare": N_("印刷余量"),
    "holidays": N_("放假日期"),
    "workdays": N_("调休上班日"),
    "requirements": N_("工作要求"),
    "funding": N_("经费保障"),
    "safety": N_("安全保障"),
}
MULTILINE = {"summary", "requirements", "funding", "safety"}  # text of several lines and paragraphs
CHOICE_NAMES = {
    "poster": N_("海报"),
    "leaflet": N_("三折页"),  # the words the site and print files use (i18n.KIND)
    "brochure": N_("宣传册"),
    "flyer": N_("宣传单"),
    "board": N_("宣传栏"),
    "rollup": N_("易拉宝"),
    "banner": N_("横幅"),
    "station": N_("火车站"),
    "bus-station": N_("汽车站"),
    "market": N_("集市"),
    "square": N_("广场"),
    "hospital": N_("医院"),
    "school": N_("学校"),
    "community": N_("社区"),
    "other": N_("其他"),
    "draft": N_("草稿"),
    "review": N_("待审核"),
    "approved": N_("已审核"),
    "retired": N_("已停用"),
    "who": N_("世界卫生组织"),
    "un": N_("联合国"),
    "national": N_("全国"),
    "local": N_("本地"),
    "mkdocs": "MkDocs",
    "pelican": "Pelican",
    "zensical": "Zensical",
}
# fields naming other things by id: which list of the project gives their choices
REFERENCES = {
    "campaigns": "campaigns",
    "venues": "venues",
    "materials": "materials",
    "venue": "venues",
    "translation_of": "materials",
    "campaign": "campaigns",
    "day": "days",
}
WORKFLOW = {"status", "reviewed_by", "reviewed_on"}  # changed by submit/approve/return, not typed
SUGGESTIONS = {"size": ("A2", "A3", "A4", "A5", "800x2000"), "lang": ("zh-CN", "en")}
TAG_SPLIT = re.compile(r"[,，、;；\n]+")


@dataclass(frozen=True)
class Field:
    name: str  # dotted path: "print.quantity"
    label: str
    widget: str  # text, textarea, number, date, select, ref, refs, tags, lines, checkbox, yaml
    required: bool = False
    default: Any = None
    choices: tuple[tuple[str, str], ...] = ()
    ref: str = ""  # for ref/refs widgets: "venues", "materials", ...
    group: str = ""  # label of the enclosing nested model

    @property
    def html_id(self) -> str:
        return "f-" + self.name.replace(".", "-").replace("_", "-")


def fields_of(model: type[BaseModel], prefix: str = "", group: str = "") -> list[Field]:
    out: list[Field] = []
    for name, info in model.model_fields.items():
        if info.exclude or name in INTERNAL_FIELDS or name in WORKFLOW:
            continue
        ann = _optional(info.annotation)
        label = LABELS.get(name, name)
        dotted = prefix + name
        if isinstance(ann, type) and issubclass(ann, BaseModel) and ann is not m.SourceMap:
            out += fields_of(ann, dotted + ".", label)
            continue
        default = None if info.is_required() else info.get_default(call_default_factory=True)
        widget = _widget(name, ann)
        choices = (
            tuple((str(v), CHOICE_NAMES.get(str(v), str(v))) for v in typing.get_args(ann))
            if widget == "select"
            else ()
        )
        ref = REFERENCES[name] if widget in ("ref", "refs") else ""
        out.append(
            Field(
                dotted,
                label,
                widget,
                required=info.is_required(),
                default=default,
                choices=choices,
                ref=ref,
                group=group,
            )
        )
    return out


def _optional(ann: Any) -> Any:
    args = [a for a in typing.get_args(ann) if a is not type(None)]
    if typing.get_origin(ann) is typing.Union and len(args) == 1:
        return args[0]
    return ann


def _widget(name: str, ann: Any) -> str:
    origin, args = typing.get_origin(ann), typing.get_args(ann)
    strings = origin is list and args and args[0] is str
    if origin is Literal:
        return "select"
    if name in REFERENCES and (ann is str or strings):
        return "refs" if strings else "ref"
    if ann is bool:
        return "checkbox"
    if ann in (int, float):
        return "number"
    if ann is dt.date:
        return "date"
    if strings:
        return "tags"
    if origin is list and args and args[0] is dt.date:
        return "lines"
    if ann is str:
        return "textarea" if name in MULTILINE else "text"
    return "yaml"


# --- values shown in the form ---------------------------------------------------------------


def get_path(data: dict, dotted: str) -> tuple[bool, Any]:
    node: Any = data
    for part in dotted.split("."):
        if not isinstance(node, dict) or part not in node:
            return False, None
        node = node[part]
    return True, node


def shown(field: Field, data: dict) -> Any:
    """What the form shows: the file's value, or the model's default when the key is absent."""
    present, value = get_path(data, field.name)
    if not present:
        value = field.default
    return encode(field, value)


def encode(field: Field, value: Any) -> Any:
    if field.widget in ("refs",):
        return [str(v) for v in value] if isinstance(value, list) else []
    if field.widget == "tags":
        return "、".join(str(v) for v in value) if isinstance(value, list) else ("" if value is None else str(value))
    if field.widget == "lines":
        return "\n".join(str(v) for v in value) if isinstance(value, list) else ""
    if field.widget == "checkbox":
        return bool(value)
    if field.widget == "yaml":
        return "" if value is None else dump_yaml(value)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return value.isoformat() if isinstance(value, dt.date) else str(value)


def dump_yaml(value: Any) -> str:
    import io

    yaml = YAML(typ="rt")
    yaml.width = 4096
    yaml.allow_unicode = True
    buf = io.StringIO()
    yaml.dump(value, buf)
    return buf.getvalue().removesuffix("\n...\n").rstrip("\n")


# --- a submitted form back into values ---------------------------------------------------------


def decode_value(field: Field, raw: list[str]) -> Any:
    text = raw[0] if raw else ""
    text = text.replace("\r\n", "\n")
    if field.widget == "refs":
        return [r for r in raw if r]
    if field.widget == "checkbox":
        return bool(raw)
    if field.widget == "tags":
        return [p.strip() for p in TAG_SPLIT.split(text) if p.strip()]
    if field.widget == "lines":
        return [_date_or_text(p.strip()) for p in text.split("\n") if p.strip()]
    if field.widget == "yaml":
        return _yaml_value(text)
    if field.widget == "textarea":  # kept as typed: paragraphs and the final line break matter
        return text if text.strip() else None
    text = text.strip()
    if not text:
        return None
    if field.widget == "number":
        return _number(text)
    if field.widget == "date":
        return _date_or_text(text)
    return text


def _number(text: str) -> Any:
    for kind in (int, float):
        try:
            return kind(text)
        except ValueError:
            continue
    return text  # kept as written: check reports it at its line


def _date_or_text(text: str) -> Any:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return text


def _yaml_value(text: str) -> Any:
    if not text.strip():
        return None
    try:
        return plain(YAML(typ="rt").load(text))
    except Exception:  # noqa: BLE001 - kept as text: check reports it
        return text


def _empty(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == {}


def decode(fields: list[Field], form: Any, original: dict) -> dict:
    """The file's values with the form's applied: a key the file lacks is added only when the
    form gives something other than the default; an emptied optional key is removed."""
    from .roundtrip import same

    out = plain(original)
    for field in fields:
        value = decode_value(field, form.getlist(field.name))
        present, old = get_path(out, field.name)
        if present:
            if same(old, value) or (field.widget == "yaml" and same(old, value)):
                continue
            if _empty(value) and not field.required and not _empty(old):
                _delete(out, field.name)
            elif not (_empty(value) and _empty(old)):
                _set(out, field.name, value)
        elif not _empty(value) and not same(field.default, value) and not (field.widget == "checkbox" and not value):
            _set(out, field.name, value)
    return out


def _set(data: dict, dotted: str, value: Any) -> None:
    parts = dotted.split(".")
    node = data
    for part in parts[:-1]:
        if not isinstance(node.get(part), dict):
            node[part] = {}
        node = node[part]
    node[parts[-1]] = value


def _delete(data: dict, dotted: str) -> None:
    parts = dotted.split(".")
    node = data
    for part in parts[:-1]:
        node = node[part]
    del node[parts[-1]]
