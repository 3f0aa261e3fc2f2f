"""The YAML front matter of the Markdown pages handed to the engines: written (`yaml_str`)
and read back (`split_front`)."""

from __future__ import annotations

import json
from typing import Any

from markupsafe import Markup


def yaml_str(text: str) -> Markup:
    # JSON strings are valid YAML scalars; Markup keeps autoescape off the quotes.
    return Markup(json.dumps(text, ensure_ascii=False))


def split_front(text: str) -> tuple[dict[str, Any], str]:
    if text.startswith("---\n"):
        end = text.find("\n---\n", 4)
        if end > 0:
            import yaml

            return yaml.safe_load(text[4:end]) or {}, text[end + 5 :]
    return {}, text
