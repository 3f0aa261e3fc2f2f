"""Where the package's own data and themes live (works installed or from a checkout)."""

from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent


def data_path(name: str) -> Path:
    return PACKAGE_DIR / "data" / name


def builtin_theme_dir(name: str = "default") -> Path:
    """The theme shipped with the package: `xuanjiao/themes` in a wheel, `themes/` in a checkout."""
    packaged = PACKAGE_DIR / "themes" / name
    if packaged.is_dir():
        return packaged
    return PACKAGE_DIR.parent.parent / "themes" / name
