"""Meta Ad Library (`ads_archive`) JSON: pick one ad and read its copy fields.

Accepted shapes: the API's page (`{"data": [ad, ...], "paging": ...}`), a list of ads, or one ad object. Text fields
are lists in the API (one entry per card/version); the first non-empty body is the copy, the first link title the
headline. `ad_snapshot_url` is recorded but not fetched (it needs an access token and returns a web page).
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from tools.core.errors import InputError

TEXT_FIELDS = ("ad_creative_bodies", "ad_creative_link_titles", "ad_creative_link_descriptions",
               "ad_creative_link_captions")
KEPT_FIELDS = ("id", "page_id", "page_name", "ad_snapshot_url", "ad_delivery_start_time", "ad_delivery_stop_time",
               "ad_creation_time", "publisher_platforms", "languages", "currency", "bylines")
MAX_JSON_BYTES = 50 * 1024 * 1024


def read_archive(path: Path, label: str, archive_id: str | None = None) -> tuple[dict[str, Any], str]:
    """Return (ad, canonical JSON of that ad) or raise InputError naming the problem."""
    if path.stat().st_size > MAX_JSON_BYTES:
        raise InputError(f"{label}: JSON larger than {MAX_JSON_BYTES // 1_000_000} MB; export fewer ads per file.",
                         file=label)
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(f"{label}: not valid JSON ({exc}). Expected Meta Ad Library `ads_archive` JSON.",
                         file=label) from exc
    ads = data.get("data") if isinstance(data, dict) and "data" in data else data
    if isinstance(ads, dict):
        ads = [ads]
    if not isinstance(ads, list) or not all(isinstance(a, dict) for a in ads):
        raise InputError(f"{label}: expected Meta Ad Library JSON (an ad object, a list of ads, or "
                         "{\"data\": [...]}).", file=label)
    ads = [a for a in ads if any(a.get(f) for f in TEXT_FIELDS) or "ad_snapshot_url" in a or "id" in a]
    if not ads:
        raise InputError(f"{label}: no ads found; expected objects with fields such as `ad_creative_bodies`, "
                         "`ad_creative_link_titles` and `ad_snapshot_url`.", file=label)
    if archive_id is not None:
        chosen = [a for a in ads if str(a.get("id")) == str(archive_id)]
        if not chosen:
            ids = ", ".join(str(a.get("id")) for a in ads[:20])
            raise InputError(f"{label}: no ad with id {archive_id}; the file holds: {ids}.", file=label,
                             field="archive_id")
        ad = chosen[0]
    elif len(ads) == 1:
        ad = ads[0]
    else:
        ids = ", ".join(str(a.get("id")) for a in ads[:20])
        raise InputError(f"{label}: holds {len(ads)} ads; choose one with --archive-id (ids: {ids}).", file=label,
                         field="archive_id")
    for name in TEXT_FIELDS:
        value = ad.get(name)
        if value is not None and not (isinstance(value, list) and all(isinstance(v, str) for v in value)) \
                and not isinstance(value, str):
            raise InputError(f"{label}: field `{name}` of ad {ad.get('id')} should be a list of strings.",
                             file=label, field=name)
    # a hash key, not output: kept byte-for-byte (not `tools.core.jsonio`) so stored blueprints keep deduplicating
    return ad, json.dumps(ad, sort_keys=True, ensure_ascii=False)


def _texts(ad: dict[str, Any], name: str) -> list[str]:
    value = ad.get(name)
    if isinstance(value, str):
        value = [value]
    return [v.strip() for v in value or [] if isinstance(v, str) and v.strip()]


def copy_fields(ad: dict[str, Any]) -> tuple[str, str | None]:
    """(body, headline): the first body (or, without one, the description), and the first link title."""
    bodies = _texts(ad, "ad_creative_bodies") or _texts(ad, "ad_creative_link_descriptions")
    titles = _texts(ad, "ad_creative_link_titles")
    return (bodies[0] if bodies else ""), (titles[0] if titles else None)


def metadata(ad: dict[str, Any], today: date | None = None) -> dict[str, Any]:
    """The ad's identity and delivery facts; `days_running` is a rough signal of a competitor's winners."""
    kept = {k: ad[k] for k in KEPT_FIELDS if k in ad}
    kept["versions"] = max((len(_texts(ad, f)) for f in TEXT_FIELDS), default=0)
    start = _date(ad.get("ad_delivery_start_time"))
    stop = _date(ad.get("ad_delivery_stop_time"))
    if start:
        end = stop or today or datetime.now(UTC).date()
        kept["days_running"] = max(0, (end - start).days)
        kept["active"] = stop is None
    return kept


def _date(value: Any) -> date | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00")).date()
    except ValueError:
        try:
            return date.fromisoformat(value[:10])
        except ValueError:
            return None
