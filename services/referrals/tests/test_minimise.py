"""Data minimisation, the one function every partner payload passes through: the agreement's
field list always applies, and without consent only an anonymised summary may leave."""

from __future__ import annotations

import itertools
import random

from referrals.reports.minimise import ANONYMISED_FIELDS, ReportField, minimise
from referrals_helpers import report_submitted

REPORT = report_submitted().model_dump(mode="json")


def _agreements() -> list[list[str]]:
    """Every agreement of one or two fields, and fifty random larger ones (fixed seed)."""
    names = [f.value for f in ReportField]
    chosen = [list(c) for n in (1, 2) for c in itertools.combinations(names, n)]
    rng = random.Random(6)
    chosen += [rng.sample(names, rng.randint(3, len(names))) for _ in range(50)]
    return chosen


def test_a_minimised_report_holds_no_field_outside_the_agreement() -> None:
    for fields in _agreements():
        for shared in (True, False):
            view = minimise(REPORT, shared=shared, fields=fields)
            assert set(view) <= set(fields), (fields, shared)
            if shared:
                assert set(view) == set(fields), "with consent the whole agreement is shared"
                assert all(view[name] == REPORT[name] for name in view)


def test_without_consent_only_an_anonymised_summary_leaves() -> None:
    every_field = [f.value for f in ReportField]
    view = minimise(REPORT, shared=False, fields=every_field)
    assert set(view) == ANONYMISED_FIELDS
    for identifying in ("description", "people", "vehicles", "latitude", "longitude",
                        "location_text", "reference"):  # fmt: skip
        assert identifying not in view
    assert view["occurred_from"] == "2026-11-20", "the day, never the time of day"
    assert view["occurred_to"] == "2026-11-20"
    assert view["category"] == "mental-health"
    assert view["areas"] == ["campus", "cathays"]


def test_minimising_again_changes_nothing() -> None:
    for fields in _agreements():
        for shared in (True, False):
            once = minimise(REPORT, shared=shared, fields=fields)
            assert minimise(once, shared=shared, fields=fields) == once
            narrower = fields[: max(1, len(fields) // 2)]
            assert minimise(once, shared=shared, fields=narrower) == minimise(
                REPORT, shared=shared, fields=narrower
            ), "re-minimising under a narrowed agreement is minimising under it"
