"""The program's diagnostics in the writer's language.

Every diagnostic message and hint is written as an English template with named
placeholders and passed through `t`: ``loc.error(t("unknown campaign '{id}'", id=x))``.
The template is the message id of the `diagnostics` catalog; `t` translates it into the
diagnostics language, then fills in the values.

(First version: returns the English text. The catalogs and the choice of language follow.)
"""

from __future__ import annotations

from typing import Any


def t(template: str, /, **params: Any) -> str:
    """`template` in the diagnostics language, with `params` filled in (`str.format`)."""
    return template.format(**params) if params else template
