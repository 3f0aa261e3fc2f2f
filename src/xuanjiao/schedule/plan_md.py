"""plan.md: the activity plan as Markdown (readable as text, pasteable into WeChat or a wiki)."""

from __future__ import annotations

from .document import Items, Para, PlanDocument, Table


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _lead(lead: str) -> str:
    """`**活动主题**：` with the colon outside the stars: CommonMark does not close `**` that
    follows punctuation and precedes a letter, so `**活动主题：**健康` would stay unbolded."""
    if not lead:
        return ""
    core = lead.rstrip("：: ")
    return f"**{core}**{lead[len(core) :]}"


def _table(t: Table) -> list[str]:
    align = [":---:" if i in t.centered else "---" for i in range(len(t.header))]
    lines = ["| " + " | ".join(map(_cell, t.header)) + " |", "| " + " | ".join(align) + " |"]
    lines += ["| " + " | ".join(map(_cell, row)) + " |" for row in t.rows]
    return lines


def plan_markdown(doc: PlanDocument) -> bytes:
    out = [f"# {doc.title}", "", doc.intro, ""]
    for section in doc.sections:
        out += [f"## {section.heading}", ""]
        for block in section.blocks:
            if isinstance(block, Para):
                out += [_lead(block.lead) + block.text, ""]
            elif isinstance(block, Items):
                out += [f"{i}. {item}" for i, item in enumerate(block.items, 1)] + [""]
            elif isinstance(block, Table):
                out += _table(block) + [""]
    if doc.attachments:
        out += [_lead(doc.attachments_lead), ""] + [f"{i}. {a}" for i, a in enumerate(doc.attachments, 1)] + [""]
    out += ["---", "", f"{doc.issuer}  ", doc.issued_label, ""]
    return "\n".join(out).encode("utf-8")
