"""Data minimisation: the one function every payload for a partner passes through.

The API (a partner reading its referral), the Kafka feed and the webhooks all send the report
as :func:`minimise` makes it, so the rule lives in one place:

1. Without the reporter's consent to sharing, only the anonymised summary can leave: what the
   report is about and roughly where and when (areas, dates), nothing that could identify
   anyone (no description, people, vehicles, coordinates, place text, reference or time of
   day).
2. Whatever is left, only the fields of the partner's data-sharing agreement go.

The result never holds a field outside the agreement, and minimising it again changes nothing
(a delivery re-applies the agreement in force when it is sent).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from enum import StrEnum
from typing import Any


class ReportField(StrEnum):
    """A report field a data-sharing agreement may name."""

    REFERENCE = "reference"
    KIND = "kind"
    CATEGORY = "category"
    URGENT = "urgent"
    DESCRIPTION = "description"
    OCCURRED_FROM = "occurred_from"
    OCCURRED_TO = "occurred_to"
    LATITUDE = "latitude"
    LONGITUDE = "longitude"
    LOCATION_TEXT = "location_text"
    AREAS = "areas"
    PEOPLE = "people"
    VEHICLES = "vehicles"
    LANGUAGE = "language"
    SUBMITTED_AT = "submitted_at"


# What an anonymised summary may hold; the times among them are cut to their date.
ANONYMISED_FIELDS = frozenset(
    {
        ReportField.KIND,
        ReportField.CATEGORY,
        ReportField.URGENT,
        ReportField.AREAS,
        ReportField.LANGUAGE,
        ReportField.OCCURRED_FROM,
        ReportField.OCCURRED_TO,
        ReportField.SUBMITTED_AT,
    }
)
_TIMES = frozenset({ReportField.OCCURRED_FROM, ReportField.OCCURRED_TO, ReportField.SUBMITTED_AT})


def minimise(report: Mapping[str, Any], *, shared: bool, fields: Collection[str]) -> dict[str, Any]:
    """The report (JSON-ready values, times as ISO 8601 strings) as a partner whose agreement
    names ``fields`` may receive it; ``shared`` is the reporter's consent to sharing."""
    allowed = set(fields) if shared else ANONYMISED_FIELDS.intersection(fields)
    view = {name: value for name, value in report.items() if name in allowed}
    if not shared:
        for name in _TIMES.intersection(view):
            # "2026-11-20T22:00:00+00:00" -> "2026-11-20": the day, never the time.
            view[name] = view[name][:10]
    return view
