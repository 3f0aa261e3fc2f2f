"""Reproducible Office files: fixed timestamps inside and around the zip entries.

openpyxl stamps `modified` with the wall clock when saving and both libraries give zip
entries the current time; `reproducible` rewrites a saved .xlsx/.docx so the same input
gives byte-identical files (the build clock honours SOURCE_DATE_EPOCH).
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile

_CORE = "docProps/core.xml"
_STAMPED = re.compile(r"(<dcterms:(created|modified)\b[^>]*>)[^<]*(</dcterms:\2>)")


def utc(stamp: dt.datetime) -> dt.datetime:
    return stamp.astimezone(dt.timezone.utc) if stamp.tzinfo else stamp.replace(tzinfo=dt.timezone.utc)


def reproducible(data: bytes, stamp: dt.datetime) -> bytes:
    """The same zip with every entry dated `stamp` and core.xml's dates set to it."""
    when = utc(stamp)
    iso = when.strftime("%Y-%m-%dT%H:%M:%SZ")
    date_time = max(when.timetuple()[:6], (1980, 1, 1, 0, 0, 0))  # zip cannot go before 1980
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename == _CORE:
                body = _STAMPED.sub(lambda m: f"{m.group(1)}{iso}{m.group(3)}", body.decode("utf-8")).encode("utf-8")
            entry = zipfile.ZipInfo(info.filename, date_time=date_time)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.create_system = 0
            entry.external_attr = 0o600 << 16
            dst.writestr(entry, body)
    return out.getvalue()


def naive_utc(stamp: dt.datetime) -> dt.datetime:
    """For libraries that want naive UTC datetimes (openpyxl, python-docx core properties)."""
    return utc(stamp).replace(tzinfo=None)
