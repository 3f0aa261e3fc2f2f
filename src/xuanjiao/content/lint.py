"""Warnings about health text a reviewer would flag: overdue reviews, long sentences in
leaflets and posters, absolute claims, missing sources, hotlines that differ from site.yml."""

from __future__ import annotations

import datetime as dt
import re

from ..errors import Diagnostic, Location
from ..markdown import strip_breaks
from ..messages import t
from . import models as m

ABSOLUTE_CLAIMS = ("根治", "包治", "永不复发", "100%", "百分之百", "绝对安全", "无任何副作用", "立竿见影", "药到病除")
SENTENCE_END = re.compile(r"(?<=[。！？；!?])")
MAX_SENTENCE = 50  # characters: a reader at a market stall reads one breath at a time
PHONE = re.compile(r"(?<!\d)(1\d{4}|0\d{2,3}-?\d{7,8}|1[3-9]\d{9})(?!\d)")
REVIEW_SOON = dt.timedelta(days=30)


# A claim the text warns against is not a claim: "不要相信“根治高血压”的广告", "目前还没有根治的办法".
NEGATION_PHRASES = (
    "不要相信",
    "不要轻信",
    "别相信",
    "别信",
    "不信",
    "谨防",
    "警惕",
    "小心",
    "当心",
    "并非",
    "并不",
    "没有",
    "无法",
    "不能",
    "不可能",
    "不会",
    "不存在",
    "不是",
    "谈不上",
)
NEGATION_CHARS = "不没无非别勿未"
PHRASE_WINDOW, CHAR_WINDOW = 10, 4  # characters before the claim, within its clause
CLAUSE_END = re.compile(r"[。！？；，、,.!?;:：]")
QUOTES = {"“": "”", "「": "」", "『": "』", "‘": "’", '"': '"'}


def absolute_claims(line: str) -> list[tuple[str, int]]:
    """(claim, 0-based column) of each absolute claim the line makes, leaving out the quoted
    and the negated ones."""
    found = []
    for claim in ABSOLUTE_CLAIMS:
        col = line.find(claim)
        while col >= 0:
            if not _quoted(line, col, col + len(claim)) and not _negated(line, col):
                found.append((claim, col))
                break
            col = line.find(claim, col + 1)
    return found


def _negated(line: str, col: int) -> bool:
    before = line[:col]
    clause = before[max((m.end() for m in CLAUSE_END.finditer(before)), default=0) :]
    near, nearest = clause[-PHRASE_WINDOW:], clause[-CHAR_WINDOW:]
    return any(p in near for p in NEGATION_PHRASES) or any(c in nearest for c in NEGATION_CHARS)


def _quoted(line: str, start: int, end: int) -> bool:
    for opening, closing in QUOTES.items():
        before, after = line[:start], line[end:]
        if opening == closing:
            if before.count(opening) % 2 == 1 and opening in after:
                return True
        elif before.rfind(opening) > before.rfind(closing) and closing in after:
            return True
    return False


def lint(project: m.Project, today: dt.date) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    for mat in project.materials.values():
        if mat.src is None or mat.status == "retired":
            continue
        out += _review(mat, today)
        if not mat.sources:
            out.append(
                mat.src.at("title").warning(
                    t("material '{id}' names no sources", id=mat.id), hint=t('add sources: ["国家卫生健康委 ..."]')
                )
            )
        out += _body(project, mat)
    return out


def _review(mat: m.Material, today: dt.date) -> list[Diagnostic]:
    if mat.status != "approved" or mat.review_due is None or mat.src is None:
        return []
    who = mat.reviewed_by or "the reviewer"
    if mat.review_due < today:
        return [
            mat.src.at("review_due").warning(
                t(
                    "review of '{id}' was due on {review_due}: {who} must re-review it before reprinting",
                    id=mat.id,
                    review_due=mat.review_due.isoformat(),
                    who=who,
                )
            )
        ]
    if mat.review_due - today <= REVIEW_SOON:
        return [
            mat.src.at("review_due").warning(
                t(
                    "review of '{id}' is due on {review_due}: ask {who} to re-review it",
                    id=mat.id,
                    review_due=mat.review_due.isoformat(),
                    who=who,
                )
            )
        ]
    return []


def _body(project: m.Project, mat: m.Material) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    rel = mat.src.path if mat.src else str(mat.path)
    hotline = project.site.hotline
    for offset, line in enumerate(strip_breaks(mat.body).split("\n")):
        where = Location(rel, mat.body_line + offset, 1)
        for claim, col in absolute_claims(line):
            out.append(
                Location(rel, where.line, col + 1).warning(
                    t("absolute claim '{claim}': health education must not promise certainty", claim=claim),
                    hint=t("say what the evidence supports, e.g. 可以有效预防 / 大多数人"),
                )
            )
        if mat.kind in ("leaflet", "poster") and mat.lang.startswith("zh"):
            text = re.sub(r"[*_`#>\-]|\[([^\]]*)\]\([^)]*\)", r"\1", line).strip()
            for sentence in SENTENCE_END.split(text):
                if len(sentence.strip()) > MAX_SENTENCE:
                    out.append(
                        where.warning(
                            t(
                                "sentence of {n_sentence} characters in a {kind}; keep under {max_sentence}",
                                n_sentence=len(sentence.strip()),
                                kind=mat.kind,
                                max_sentence=MAX_SENTENCE,
                            ),
                            hint=t("split it in two: readers at a stall read one short sentence at a time"),
                        )
                    )
        if hotline and "热线" in line:
            for match in PHONE.finditer(line):
                if match.group(1) != hotline and len(match.group(1)) == len(hotline):
                    out.append(
                        Location(rel, where.line, match.start() + 1).warning(
                            t(
                                "hotline {match} differs from site.yml's {hotline}",
                                match=match.group(1),
                                hotline=hotline,
                            )
                        )
                    )
    return out
