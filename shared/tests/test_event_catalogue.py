"""The AsyncAPI catalogue in docs/ says what the contracts say, and every reference in it
resolves."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import orjson

import widgets
from peelian.events.catalogue import build, contracts, render
from peelian.events.envelope import registry

DOCUMENT = Path(__file__).resolve().parents[2] / "docs" / "events.asyncapi.json"


def test_the_checked_in_catalogue_is_current() -> None:
    assert DOCUMENT.read_bytes() == render(), (
        "docs/events.asyncapi.json is stale: run "
        "`uv run python -m peelian.events.catalogue > docs/events.asyncapi.json`"
    )


def _refs(node: Any) -> list[str]:
    if isinstance(node, dict):
        found = [node["$ref"]] if isinstance(node.get("$ref"), str) else []
        return found + [r for value in node.values() for r in _refs(value)]
    if isinstance(node, list):
        return [r for value in node for r in _refs(value)]
    return []


def test_every_event_type_has_a_message_and_every_reference_resolves() -> None:
    document = orjson.loads(orjson.dumps(build()))
    names = {m["name"] for m in document["components"]["messages"].values()}
    assert names == set(contracts())
    assert "org.peelian.report.submitted.v1" in names
    # Event types registered by tests (the widgets) are not the platform's.
    assert widgets.WidgetChangedV1.event_type in registry.types()
    assert widgets.WidgetChangedV1.event_type not in names
    for ref in _refs(document):
        node = document
        for part in ref.removeprefix("#/").split("/"):
            node = node[part]
        assert isinstance(node, dict), ref
