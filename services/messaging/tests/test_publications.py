"""Areas, topics, subscriptions, publications, fan-out to inboxes, acknowledgements, reach."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any
from xml.etree import ElementTree

import httpx
import pytest
from sqlalchemy import text

from messaging.handlers import handlers
from messaging.publications.fanout import FanOutWorker
from messaging_helpers import MessagingSettingsFactory, outbox_types
from peelian.db.engine import Database
from peelian.events.contracts.identity import AccountErasedV1
from peelian.events.envelope import CloudEvent
from peelian.testing.people import People

pytestmark = pytest.mark.integration

# Inside the campus (and Park Place); and well outside it, in the city centre.
CAMPUS_POINT = {"latitude": 51.4885, "longitude": -3.1790}


def warning(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "kind": "warning",
        "severity": "urgent",
        "areas": ["campus"],
        "topics": ["personal-safety"],
        "requires_acknowledgement": True,
        "translations": [
            {
                "language": "en",
                "title": "Man exposing himself near the library",
                "body": "Avoid the path behind the library tonight; call 999 if you see him.",
            },
            {
                "language": "cy",
                "title": "Dyn yn dinoethi ei hun ger y llyfrgell",
                "body": "Osgowch y llwybr y tu ôl i'r llyfrgell heno.",
            },
        ],
    }
    body.update(overrides)
    return body


async def subscribe(client: httpx.AsyncClient, headers: dict[str, str], **body: Any) -> None:
    response = await client.put("/subscriptions/me", json=body, headers=headers)
    assert response.status_code == 200, response.text


async def publish_warning(
    client: httpx.AsyncClient, people: People, **overrides: Any
) -> dict[str, Any]:
    officer, supervisor = people.officer(), people.supervisor()
    draft = await client.post("/publications", json=warning(**overrides), headers=officer)
    assert draft.status_code == 201, draft.text
    pid = draft.json()["id"]
    pending = await client.post(f"/publications/{pid}/publish", headers=officer)
    assert pending.json()["status"] == "pending_approval"
    approved = await client.post(f"/publications/{pid}/approve", headers=supervisor)
    assert approved.status_code == 200, approved.text
    assert approved.json()["status"] == "published"
    return approved.json()


async def inbox_ids(client: httpx.AsyncClient, headers: dict[str, str]) -> list[str]:
    entries = (await client.get("/inbox", headers=headers)).json()["items"]
    return [e["publication"]["id"] for e in entries]


async def test_areas_and_topics_are_public(client: httpx.AsyncClient) -> None:
    areas = (await client.get("/areas")).json()
    topics = (await client.get("/topics")).json()

    assert {a["slug"] for a in areas} >= {"campus", "city-centre", "cathays"}
    assert next(a for a in areas if a["slug"] == "campus")["geojson"]["type"] == "Polygon"
    assert "personal-safety" in {t["slug"] for t in topics}


async def test_a_point_subscription_matches_the_areas_its_circle_reaches(
    client: httpx.AsyncClient, people: People
) -> None:
    me = people.citizen()

    await subscribe(client, me, **CAMPUS_POINT, radius_m=50)
    small = (await client.get("/subscriptions/me", headers=me)).json()
    await subscribe(client, me, **CAMPUS_POINT, radius_m=600)
    wide = (await client.get("/subscriptions/me", headers=me)).json()

    assert small["matched_areas"] == ["campus", "park-place"]
    assert {"campus", "park-place", "cathays", "city-centre"} <= set(wide["matched_areas"])


@pytest.mark.parametrize(
    ("body", "status", "says"),
    [
        ({"areas": ["atlantis"]}, 400, "unknown area"),
        ({"areas": ["campus"], "topics": ["gossip"]}, 400, "unknown topic"),
        ({"areas": ["campus"], "timezone": "Mars/Olympus"}, 422, "unknown time zone"),
        ({"areas": ["campus"], "channels": ["email"]}, 422, "needs an email address"),
        ({}, 422, "at least one area"),
    ],
)
async def test_bad_subscriptions_are_refused_with_the_reason(
    client: httpx.AsyncClient, people: People, body: dict[str, Any], status: int, says: str
) -> None:
    response = await client.put("/subscriptions/me", json=body, headers=people.citizen())

    assert response.status_code == status, response.text
    assert says in response.text


async def test_a_warning_reaches_exactly_the_subscribers_of_its_area_and_topics(
    client: httpx.AsyncClient, people: People, database: Database, messaging_database_url: str
) -> None:
    everything_on_campus, drugs_on_campus, city_centre, near_campus = (
        people.citizen() for _ in range(4)
    )
    await subscribe(client, everything_on_campus, areas=["campus"])
    await subscribe(client, drugs_on_campus, areas=["campus"], topics=["drugs"])
    await subscribe(client, city_centre, areas=["city-centre"])
    await subscribe(client, near_campus, **CAMPUS_POINT, radius_m=100)

    published = await publish_warning(client, people)
    # Small batches: several rounds, as with 650,000 subscribers.
    batches = await FanOutWorker(database, batch_size=3).run_pending()

    assert batches >= 2
    pid = published["id"]
    assert pid in await inbox_ids(client, everything_on_campus)
    assert pid in await inbox_ids(client, near_campus)
    assert pid not in await inbox_ids(client, drugs_on_campus)
    assert pid not in await inbox_ids(client, city_centre)
    reach = (await client.get(f"/publications/{pid}/reach", headers=people.officer())).json()
    assert reach["fan_out"]["status"] == "done"
    assert reach["total"]["delivered"] == reach["fan_out"]["recipients"] >= 2
    assert await outbox_types(messaging_database_url, pid) == [
        "org.peelian.publication.published.v1",
        "org.peelian.warning.issued.v1",
    ]


async def test_slices_fan_out_in_parallel_and_reach_everyone_once(
    client: httpx.AsyncClient, people: People, database: Database, messaging_database_url: str
) -> None:
    students = [uuid.uuid4() for _ in range(12)]
    for student in students:
        await subscribe(client, people.citizen(student), areas=["campus"], channels=["push"])

    pid = (await publish_warning(client, people))["id"]
    # Three connections taking slices of two subscriptions a batch: they finish slices at the
    # same time, and exactly one of them must close the fan-out.
    await FanOutWorker(database, batch_size=2, concurrency=3).run_pending()

    async with database.sessionmaker() as session:
        entries = await session.execute(
            text(
                "SELECT recipient_id, count(*) FROM inbox_entries "
                "WHERE publication_id = :p AND recipient_id = ANY(:r) GROUP BY recipient_id"
            ),
            {"p": pid, "r": students},
        )
        pushes = await session.scalar(
            text(
                "SELECT count(*) FROM deliveries "
                "WHERE publication_id = :p AND recipient_id = ANY(:r) AND channel = 'push'"
            ),
            {"p": pid, "r": students},
        )
    reach = (await client.get(f"/publications/{pid}/reach", headers=people.officer())).json()
    assert dict(entries.all()) == dict.fromkeys(students, 1)
    assert pushes == len(students)
    assert reach["fan_out"]["slices"] == reach["fan_out"]["slices_done"] > 1
    assert reach["fan_out"]["status"] == "done"
    assert reach["total"]["delivered"] == reach["fan_out"]["recipients"] >= len(students)
    events = await outbox_types(messaging_database_url, pid)
    assert events.count("org.peelian.warning.issued.v1") == 1


async def test_a_recipient_who_already_has_the_entry_is_skipped_not_failed(
    client: httpx.AsyncClient, people: People, database: Database
) -> None:
    # As for someone who deleted their subscription and made a new one (a new seq, ahead of
    # the cursor) while the fan-out ran: the batch meets an entry it would make again.
    again, neighbour = uuid.uuid4(), uuid.uuid4()
    for student in (again, neighbour):
        await subscribe(client, people.citizen(student), areas=["campus"], channels=["push"])
    pid = (await publish_warning(client, people))["id"]
    async with database.sessionmaker.begin() as session:
        await session.execute(
            text("INSERT INTO inbox_entries (recipient_id, publication_id) VALUES (:r, :p)"),
            {"r": again, "p": pid},
        )

    await FanOutWorker(database).run_pending()

    async with database.sessionmaker() as session:
        counts = await session.execute(
            text(
                "SELECT r, (SELECT count(*) FROM inbox_entries e "
                "           WHERE e.recipient_id = r AND e.publication_id = :p), "
                "          (SELECT count(*) FROM deliveries d "
                "           WHERE d.recipient_id = r AND d.publication_id = :p) "
                "FROM unnest(CAST(:r AS uuid[])) AS r"
            ),
            {"p": pid, "r": [again, neighbour]},
        )
    # The one already served gets nothing more; the rest of the batch is delivered as usual.
    assert {row[0]: (row[1], row[2]) for row in counts} == {again: (1, 0), neighbour: (1, 1)}
    reach = (await client.get(f"/publications/{pid}/reach", headers=people.officer())).json()
    assert reach["fan_out"]["status"] == "done"


async def test_the_inbox_pages_newest_first_with_a_cursor(
    client: httpx.AsyncClient, people: People, database: Database
) -> None:
    student = people.citizen()
    await subscribe(client, student, areas=["campus"])
    pids = []
    for _ in range(3):
        pids.append((await publish_warning(client, people))["id"])
        await FanOutWorker(database).run_pending()

    first = (await client.get("/inbox", params={"limit": 2}, headers=student)).json()
    second = await client.get(
        "/inbox", params={"limit": 2, "cursor": first["next_cursor"]}, headers=student
    )
    bad = await client.get("/inbox", params={"cursor": "not-a-cursor"}, headers=student)

    seen = [e["publication"]["id"] for e in first["items"] + second.json()["items"]]
    assert seen == pids[::-1]
    assert second.json()["next_cursor"] is None
    assert bad.status_code == 400
    assert bad.json()["error"] == "invalid_cursor"


async def test_recipients_read_and_acknowledge_and_the_officer_sees_the_reach(
    client: httpx.AsyncClient, people: People, database: Database, messaging_database_url: str
) -> None:
    student = people.citizen()
    await subscribe(client, student, areas=["campus"])
    pid = (await publish_warning(client, people))["id"]
    await FanOutWorker(database).run_pending()
    assert pid in await inbox_ids(client, student)

    in_welsh = await client.post(f"/inbox/{pid}/read", params={"lang": "cy"}, headers=student)
    in_french = await client.get("/inbox", params={"lang": "fr"}, headers=student)
    safe = await client.post(
        f"/inbox/{pid}/acknowledge", json={"response": "safe"}, headers=student
    )
    reach = (await client.get(f"/publications/{pid}/reach", headers=people.officer())).json()
    someone_else = await client.post(
        f"/inbox/{pid}/acknowledge", json={"response": "safe"}, headers=people.citizen()
    )

    assert in_welsh.json()["state"] == "read"
    assert in_welsh.json()["publication"]["language"] == "cy"
    assert in_french.json()["items"][0]["publication"]["language"] == "en"  # the default
    assert safe.json()["state"] == "acknowledged"
    campus = next(a for a in reach["by_area"] if a["area"] == "campus")
    assert campus["acknowledged"] >= 1
    assert reach["total"]["read"] >= reach["total"]["acknowledged"] >= 1
    assert someone_else.status_code == 404
    assert "org.peelian.notification.acknowledged.v1" in await outbox_types(
        messaging_database_url, pid
    )


async def test_only_a_supervisor_approves_a_warning(
    client: httpx.AsyncClient, people: People
) -> None:
    officer = people.officer()
    pid = (await client.post("/publications", json=warning(), headers=officer)).json()["id"]
    await client.post(f"/publications/{pid}/publish", headers=officer)

    by_officer = await client.post(f"/publications/{pid}/approve", headers=people.officer())
    by_citizen = await client.post("/publications", json=warning(), headers=people.citizen())

    assert by_officer.status_code == 403
    assert by_citizen.status_code == 403


async def test_staff_list_publications_in_every_state_by_status_and_kind(
    client: httpx.AsyncClient, people: People
) -> None:
    officer = people.officer()
    word = uuid.uuid4().hex[:8]
    news = warning(kind="news", severity=None, requires_acknowledgement=False)
    news["translations"] = [{"language": "en", "title": f"Draft {word}", "body": "Not yet."}]
    draft = (await client.post("/publications", json=news, headers=officer)).json()["id"]
    pending = (await client.post("/publications", json=warning(), headers=officer)).json()["id"]
    await client.post(f"/publications/{pending}/publish", headers=officer)

    drafts = await client.get(
        "/publications", params={"status": "draft", "kind": "news"}, headers=people.supervisor()
    )
    awaiting = await client.get(
        "/publications", params={"status": "pending_approval"}, headers=officer
    )
    first = await client.get("/publications", params={"limit": 1}, headers=officer)
    second = await client.get(
        "/publications",
        params={"limit": 1, "cursor": first.json()["next_cursor"]},
        headers=officer,
    )
    by_citizen = await client.get("/publications", headers=people.citizen())

    assert drafts.status_code == 200, drafts.text
    listed = {p["id"]: p for p in drafts.json()["items"]}
    assert listed[draft]["title"] == f"Draft {word}"
    assert {p["status"] for p in listed.values()} == {"draft"}
    assert pending not in listed
    assert pending in {p["id"] for p in awaiting.json()["items"]}
    assert [p["id"] for p in first.json()["items"]] == [pending], "newest first"
    assert [p["id"] for p in second.json()["items"]] == [draft]
    assert by_citizen.status_code == 403


async def test_the_audience_preview_counts_whom_the_fan_out_reaches(
    client: httpx.AsyncClient, people: People, database: Database
) -> None:
    officer = people.officer()
    targets = {"areas": ["park-place"], "topics": ["drugs"]}

    async def audience(**query: Any) -> int:
        response = await client.get("/publications/audience", params=query, headers=officer)
        assert response.status_code == 200, response.text
        return int(response.json()["subscriptions"])

    before, before_any_topic = await audience(**targets), await audience(areas=["park-place"])
    await subscribe(client, people.citizen(), areas=["park-place"])
    await subscribe(client, people.citizen(), areas=["park-place"], topics=["drugs"])
    await subscribe(client, people.citizen(), areas=["park-place"], topics=["nightlife"])
    await subscribe(client, people.citizen(), areas=["student-village"], topics=["drugs"])
    counted = await audience(**targets)
    pid = (await publish_warning(client, people, **targets, requires_acknowledgement=False))["id"]
    await FanOutWorker(database).run_pending()
    reach = (await client.get(f"/publications/{pid}/reach", headers=officer)).json()
    unknown = await client.get(
        "/publications/audience", params={"areas": ["atlantis"]}, headers=officer
    )
    by_citizen = await client.get(
        "/publications/audience", params=targets, headers=people.citizen()
    )

    assert counted == before + 2, "everything or drugs in Park Place; not nightlife, not elsewhere"
    assert await audience(areas=["park-place"]) == before_any_topic + 3
    assert await audience(topics=["drugs"]) == 0, "no area: nobody is delivered to"
    assert reach["total"]["delivered"] == counted
    assert unknown.status_code == 400
    assert unknown.json()["error"] == "unknown_area"
    assert by_citizen.status_code == 403


async def test_the_public_feed_needs_no_sign_in_and_shows_only_live_items(
    client: httpx.AsyncClient, people: People
) -> None:
    officer = people.officer()
    word = uuid.uuid4().hex[:8]
    news = {
        "kind": "news",
        "areas": ["city-centre"],
        "translations": [
            {
                "language": "en",
                "title": f"Bike marking day {word}",
                "body": "Bring your bike to the union on Saturday.",
            }
        ],
    }
    live = (await client.post("/publications", json=news, headers=officer)).json()["id"]
    await client.post(f"/publications/{live}/publish", headers=officer)
    draft = (await client.post("/publications", json=news, headers=officer)).json()["id"]
    gone = (await client.post("/publications", json=news, headers=officer)).json()["id"]
    await client.post(f"/publications/{gone}/publish", headers=officer)
    await client.post(
        f"/publications/{gone}/retract", json={"reason": "Wrong date"}, headers=officer
    )

    feed = (
        await client.get("/feeds/publications", params={"area": "city-centre", "limit": 100})
    ).json()
    ids = [p["id"] for p in feed["items"]]

    assert live in ids
    assert draft not in ids
    assert gone not in ids


@pytest.mark.parametrize(
    ("overrides", "status", "says"),
    [
        ({"areas": ["atlantis"]}, 400, "unknown area"),
        ({"areas": []}, 422, "at least one target area"),
        ({"severity": None}, 422, "needs a severity"),
        ({"translations": [{"language": "en", "title": "", "body": "x"}]}, 422, "at least 1"),
        ({"default_language": "ar"}, 422, "default language ar"),
        ({"expires_at": "2020-01-01T00:00:00Z"}, 422, "must be in the future"),
    ],
)
async def test_bad_publications_are_refused_with_the_reason(
    client: httpx.AsyncClient, people: People, overrides: dict[str, Any], status: int, says: str
) -> None:
    response = await client.post(
        "/publications", json=warning(**overrides), headers=people.officer()
    )

    assert response.status_code == status, response.text
    assert says in response.text


async def test_atom_and_rss_feeds_syndicate_the_live_items_of_an_area(
    client: httpx.AsyncClient, people: People
) -> None:
    officer = people.officer()
    word = uuid.uuid4().hex[:8]
    news = {
        "kind": "news",
        "areas": ["student-village"],
        "topics": ["property-security"],
        "translations": [
            {
                "language": "en",
                "title": f"Window locks fitted {word}",
                "body": "Free window locks for ground-floor rooms this week.",
            }
        ],
    }
    pid = (await client.post("/publications", json=news, headers=officer)).json()["id"]
    await client.post(f"/publications/{pid}/publish", headers=officer)
    draft = (await client.post("/publications", json=news, headers=officer)).json()["id"]

    atom = await client.get("/feeds/publications.atom", params={"area": "student-village"})
    rss = await client.get("/feeds/publications.rss", params={"topic": "property-security"})
    one = await client.get(f"/feeds/publications/{pid}")
    unpublished = await client.get(f"/feeds/publications/{draft}")

    assert atom.headers["content-type"].startswith("application/atom+xml")
    ns = {"a": "http://www.w3.org/2005/Atom"}
    entries = ElementTree.fromstring(atom.content).findall("a:entry", ns)  # noqa: S314 (ours)
    titles = [e.findtext("a:title", namespaces=ns) for e in entries]
    assert f"Window locks fitted {word}" in titles
    assert titles.count(f"Window locks fitted {word}") == 1  # the draft is not in it
    link = next(e for e in entries if word in (e.findtext("a:title", namespaces=ns) or ""))
    assert link.find("a:link", ns).get("href").endswith(f"/feeds/publications/{pid}")
    rss_items = ElementTree.fromstring(rss.content).iter("item")  # noqa: S314 (ours)
    rss_titles = [i.findtext("title") for i in rss_items]
    assert f"Window locks fitted {word}" in rss_titles
    assert one.status_code == 200
    assert unpublished.status_code == 404


async def test_a_published_item_gets_new_versions_with_history(
    client: httpx.AsyncClient, people: People, messaging_database_url: str
) -> None:
    supervisor = people.supervisor()
    pid = (await client.post("/publications", json=warning(), headers=supervisor)).json()["id"]
    await client.post(f"/publications/{pid}/publish", headers=supervisor)
    new_text = [
        {
            "language": "en",
            "title": "Update: man arrested near the library",
            "body": "A man has been arrested. Thank you for your reports.",
        }
    ]

    updated = await client.patch(
        f"/publications/{pid}", json={"translations": new_text}, headers=supervisor
    )
    history = (await client.get(f"/publications/{pid}/history", headers=supervisor)).json()

    assert updated.status_code == 200, updated.text
    assert updated.json()["version"] == 2
    assert updated.json()["title"] == "Update: man arrested near the library"
    assert [h["action"] for h in history] == ["created", "published", "updated"]
    replaced = history[-1]["data"]["previous_translations"]
    assert "Man exposing himself near the library" in {t["title"] for t in replaced}
    assert (await outbox_types(messaging_database_url, pid)).count(
        "org.peelian.publication.published.v1"
    ) == 2


async def test_an_expired_warning_cannot_be_edited(
    client: httpx.AsyncClient, people: People, database: Database
) -> None:
    supervisor = people.supervisor()
    pid = (await client.post("/publications", json=warning(), headers=supervisor)).json()["id"]
    await client.post(f"/publications/{pid}/publish", headers=supervisor)
    async with database.sessionmaker.begin() as session:
        await session.execute(
            text("UPDATE publications SET expires_at = now() - interval '1 hour' WHERE id = :id"),
            {"id": pid},
        )

    response = await client.patch(
        f"/publications/{pid}", json={"areas": ["cathays"]}, headers=supervisor
    )

    assert response.status_code == 409
    assert "expired" in response.json()["detail"]["message"]


async def test_a_scheduled_publication_goes_live_when_its_time_comes(
    client: httpx.AsyncClient, people: People, database: Database
) -> None:
    officer = people.officer()
    news = {
        "kind": "news",
        "areas": ["campus"],
        "translations": [
            {
                "language": "en",
                "title": "Freshers' safety talk",
                "body": "Join us in the main hall.",
            }
        ],
    }
    pid = (await client.post("/publications", json=news, headers=officer)).json()["id"]
    soon = datetime.now(UTC) + timedelta(hours=1)

    scheduled = await client.post(
        f"/publications/{pid}/publish", json={"publish_at": soon.isoformat()}, headers=officer
    )
    worker = FanOutWorker(database)
    early = await worker.publish_scheduled()
    async with database.sessionmaker.begin() as session:
        await session.execute(
            text("UPDATE publications SET publish_at = now() WHERE id = :id"), {"id": pid}
        )
    on_time = await worker.publish_scheduled()
    live = await client.get(f"/feeds/publications/{pid}")

    assert scheduled.json()["status"] == "scheduled"
    assert early == 0
    assert on_time >= 1
    assert live.status_code == 200


async def test_readers_comment_and_rate_and_staff_hide_abuse(
    client: httpx.AsyncClient, people: People
) -> None:
    officer = people.officer()
    news = {
        "kind": "news",
        "areas": ["campus"],
        "translations": [
            {
                "language": "en",
                "title": "New lighting on the library path",
                "body": "Twelve new lamps were fitted this week.",
            }
        ],
    }
    pid = (await client.post("/publications", json=news, headers=officer)).json()["id"]
    draft_comment = await client.post(
        f"/publications/{pid}/comments", json={"body": "Too early"}, headers=people.citizen()
    )
    await client.post(f"/publications/{pid}/publish", headers=officer)
    alice, bob = people.citizen(), people.citizen()

    kind = await client.post(
        f"/publications/{pid}/comments", json={"body": "Thank you!"}, headers=alice
    )
    rude = await client.post(f"/publications/{pid}/comments", json={"body": "rubbish"}, headers=bob)
    await client.post(f"/publications/{pid}/comments/{rude.json()['id']}/hide", headers=officer)
    await client.put(f"/publications/{pid}/rating", json={"stars": 5}, headers=alice)
    await client.put(f"/publications/{pid}/rating", json={"stars": 1}, headers=bob)
    changed = await client.put(f"/publications/{pid}/rating", json={"stars": 3}, headers=bob)
    seen_by_citizen = (await client.get(f"/publications/{pid}/comments", headers=alice)).json()
    seen_by_staff = (await client.get(f"/publications/{pid}/comments", headers=officer)).json()
    out_of_range = await client.put(f"/publications/{pid}/rating", json={"stars": 6}, headers=alice)

    assert draft_comment.status_code == 409
    assert kind.status_code == 201
    assert [c["body"] for c in seen_by_citizen["items"]] == ["Thank you!"]
    assert {c["body"] for c in seen_by_staff["items"]} == {"Thank you!", "rubbish"}
    assert changed.json() == {"count": 2, "average": 4.0, "yours": 3}
    assert out_of_range.status_code == 422


async def test_an_erased_reader_leaves_counts_but_no_trace(
    client: httpx.AsyncClient,
    people: People,
    database: Database,
    messaging_settings: MessagingSettingsFactory,
) -> None:
    account = uuid.uuid4()
    reader = people.citizen(account)
    await subscribe(client, reader, areas=["campus"])
    pid = (await publish_warning(client, people))["id"]
    await FanOutWorker(database).run_pending()
    officer = people.officer()
    before = (await client.get(f"/publications/{pid}/reach", headers=officer)).json()
    await client.post(
        f"/publications/{pid}/comments", json={"body": "Seen, thanks"}, headers=reader
    )
    await client.put(f"/publications/{pid}/rating", json={"stars": 4}, headers=reader)
    erase = handlers(messaging_settings())[AccountErasedV1.event_type]

    async with database.sessionmaker.begin() as session:
        event = CloudEvent.wrap(
            AccountErasedV1(account_id=account), service="gateway", subject=str(account)
        )
        await erase(session, event)

    after = (await client.get(f"/publications/{pid}/reach", headers=officer)).json()
    assert (await client.get("/subscriptions/me", headers=reader)).status_code == 404
    assert await inbox_ids(client, reader) == []
    assert after["total"] == before["total"]
    assert (await client.get(f"/publications/{pid}/rating", headers=officer)).json()["count"] == 0
    comments = (await client.get(f"/publications/{pid}/comments", headers=officer)).json()
    assert [c["body"] for c in comments["items"]] == ["Seen, thanks"]
