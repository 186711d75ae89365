"""The platform's one OpenAPI document and the offline Swagger UI at the gateway."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Callable
from html.parser import HTMLParser
from typing import Any

import httpx
import pydantic
import pytest
from fastapi import APIRouter, FastAPI
from openapi_spec_validator import validate

import messaging.config
import messaging.main
import referrals.config
import referrals.main
import reporting.config
import reporting.main
import scheduling.config
import scheduling.main
import surveys.config
import surveys.main
from gateway.config import GatewaySettings
from gateway.main import create_app
from gateway.openapi.document import ApiDocument
from gateway.openapi.merge import (
    BEARER,
    HTTP_METHODS,
    OAUTH2,
    ROLES_EXTENSION,
    UNAVAILABLE_EXTENSION,
    merge_documents,
)
from gateway.openapi.router import SWAGGER_UI
from gateway.routing.table import DEFAULT_ROUTES, DEFAULT_UPSTREAMS, RouteTable
from peelian.testing.infra import Infra
from peelian.testing.plugin import CreateDatabase, app_client
from peelian.testing.serve import serve

GatewaySettingsFactory = Callable[..., GatewaySettings]

MATCH = RouteTable(DEFAULT_ROUTES, DEFAULT_UPSTREAMS).match
SECURED = [{OAUTH2: []}, {BEARER: []}]


# --- documents to merge ---------------------------------------------------------------------


def ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def operation(operation_id: str, schema: str | None = None, **extra: Any) -> dict[str, Any]:
    content = {"application/json": {"schema": ref(schema)}} if schema else None
    response: dict[str, Any] = {"description": "OK"}
    if content:
        response["content"] = content
    return {"operationId": operation_id, "responses": {"200": response}, **extra}


def path_parameter(name: str) -> dict[str, Any]:
    return {"name": name, "in": "path", "required": True, "schema": {"type": "string"}}


def document(
    title: str, paths: dict[str, Any], schemas: dict[str, Any] | None = None
) -> dict[str, Any]:
    return {
        "openapi": "3.1.0",
        "info": {"title": title, "version": "0.1.0", "description": f"The {title}."},
        "paths": paths,
        "components": {"schemas": schemas or {}},
    }


def obj(**properties: Any) -> dict[str, Any]:
    return {"type": "object", "properties": properties}


ERROR_BODY = obj(error={"type": "string"})
HEALTH = obj(status={"type": "string"})


def gateway_document() -> dict[str, Any]:
    return document(
        "gateway",
        {
            "/.well-known/jwks.json": {"get": operation("jwks")},
            "/accounts/me": {"get": operation("read_me", "ErrorBody")},
            "/admin/accounts": {"get": operation("list_accounts")},
            "/healthz": {"get": operation("healthz", "Health")},
            "/metrics": {"get": operation("metrics")},
        },
        {"ErrorBody": ERROR_BODY, "Health": HEALTH},
    )


def service_operations() -> dict[str, Any]:
    """What every service serves whatever its routes: none of it is public."""
    return {
        "/healthz": {"get": operation("healthz", "Health")},
        "/readyz": {"get": operation("readyz")},
        "/metrics": {"get": operation("metrics")},
    }


def reporting_document() -> dict[str, Any]:
    bearer = {"security": [{"HTTPBearer": []}]}
    doc = document(
        "reporting",
        {
            **service_operations(),
            "/reports": {
                "get": operation("list_reports", "Page_Report_", **bearer),
                "post": operation("create_report", "Report", **bearer),
            },
            "/reports/{report_id}/evidence": {
                "post": operation(
                    "add_evidence", "ErrorBody", parameters=[path_parameter("report_id")]
                )
            },
            "/categories": {"get": operation("list_categories"), "post": operation("add_category")},
            # A service's route that the table does not send to it.
            "/areas": {"get": operation("shadow_areas", "Unrouted")},
        },
        {
            "ErrorBody": ERROR_BODY,
            "Health": HEALTH,
            "Report": obj(id={"type": "string"}, category=ref("Category")),
            "Category": obj(name={"type": "string"}),
            "Page_Report_": obj(items={"type": "array", "items": ref("Report")}),
            "Unrouted": obj(x={"type": "integer"}),
            "NeverUsed": obj(y={"type": "integer"}),
        },
    )
    doc["components"]["securitySchemes"] = {"HTTPBearer": {"type": "http", "scheme": "bearer"}}
    return doc


def messaging_document() -> dict[str, Any]:
    return document(
        "messaging",
        {
            **service_operations(),
            "/areas": {"get": operation("list_areas", "Page_Report_")},
            "/publications/{publication_id}": {
                "parameters": [path_parameter("publication_id")],
                "get": operation("create_report", "Report"),
            },
            # Sent to reporting by the table: not messaging's to document.
            "/reports": {"get": operation("messaging_reports")},
        },
        {
            "ErrorBody": ERROR_BODY,
            "Health": obj(status={"type": "string"}, messaging={"type": "boolean"}),
            # Same name as reporting's, other content.
            "Report": obj(subject={"type": "string"}),
            # Identical text to reporting's, but its Report is another one.
            "Page_Report_": obj(items={"type": "array", "items": ref("Report")}),
        },
    )


def merged(**kwargs: Any) -> dict[str, Any]:
    upstreams = {"reporting": reporting_document(), "messaging": messaging_document()}
    return merge_documents(gateway_document(), upstreams, MATCH, **kwargs)


def operations(doc: dict[str, Any]) -> dict[tuple[str, str], dict[str, Any]]:
    return {
        (method.upper(), path): op
        for path, item in doc["paths"].items()
        for method, op in item.items()
        if method in HTTP_METHODS
    }


# --- merging ----------------------------------------------------------------------------------


def test_merged_document_is_valid_openapi_31() -> None:
    doc = merged(unavailable=["surveys"])
    validate(doc)
    assert doc["openapi"] == "3.1.0"
    assert doc["info"]["title"] == "Peelian API"
    assert doc["servers"] == [{"url": "/", "description": "The Peelian gateway"}]
    assert doc[UNAVAILABLE_EXTENSION] == ["surveys"]


def test_only_paths_the_route_table_sends_to_a_service_are_kept() -> None:
    doc = merged()
    tags = {key: op["tags"] for key, op in operations(doc).items()}
    assert tags == {
        ("GET", "/.well-known/jwks.json"): ["gateway"],
        ("GET", "/accounts/me"): ["gateway"],
        ("GET", "/admin/accounts"): ["gateway"],
        ("GET", "/healthz"): ["gateway"],
        ("GET", "/reports"): ["reporting"],
        ("POST", "/reports"): ["reporting"],
        ("POST", "/reports/{report_id}/evidence"): ["reporting"],
        ("GET", "/categories"): ["reporting"],
        ("POST", "/categories"): ["reporting"],
        ("GET", "/areas"): ["messaging"],
        ("GET", "/publications/{publication_id}"): ["messaging"],
    }
    assert [t["name"] for t in doc["tags"]] == ["gateway", "reporting", "messaging"]
    assert doc["tags"][1]["description"] == "The reporting."
    # Path-level parameters move into the operation.
    parameters = doc["paths"]["/publications/{publication_id}"]["get"]["parameters"]
    assert [p["name"] for p in parameters] == ["publication_id"]


def test_conflicting_schemas_are_renamed_and_their_refs_rewritten() -> None:
    doc = merged()
    schemas = doc["components"]["schemas"]
    assert set(schemas) == {
        "ErrorBody",  # the gateway's and reporting's are identical: kept once
        "Health",  # only the gateway's is used; the services' /healthz is not public
        "Report",
        "Category",
        "Page_Report_",
        "Messaging_Report",
        "Messaging_Page_Report_",
    }
    assert schemas["Report"]["properties"]["category"] == ref("Category")
    assert schemas["Messaging_Report"] == obj(subject={"type": "string"})
    assert schemas["Messaging_Page_Report_"]["properties"]["items"]["items"] == ref(
        "Messaging_Report"
    )
    assert schemas["Page_Report_"]["properties"]["items"]["items"] == ref("Report")

    def schema_of(method: str, path: str) -> Any:
        op = operations(doc)[method, path]
        return op["responses"]["200"]["content"]["application/json"]["schema"]

    assert schema_of("GET", "/areas") == ref("Messaging_Page_Report_")
    assert schema_of("GET", "/publications/{publication_id}") == ref("Messaging_Report")
    assert schema_of("GET", "/reports") == ref("Page_Report_")
    assert schema_of("POST", "/reports") == ref("Report")


def test_inputs_are_left_untouched() -> None:
    gateway, reporting = gateway_document(), reporting_document()
    merge_documents(gateway, {"reporting": reporting}, MATCH)
    assert gateway == gateway_document()
    assert reporting == reporting_document()


def test_security_requirement_follows_the_access_class() -> None:
    doc = merged()
    ops = operations(doc)
    for public in [
        ("GET", "/.well-known/jwks.json"),
        ("GET", "/healthz"),
        ("GET", "/categories"),
        ("GET", "/areas"),
    ]:
        assert "security" not in ops[public], public
    for authenticated in [
        ("GET", "/accounts/me"),
        ("GET", "/reports"),
        ("POST", "/reports"),
        ("GET", "/publications/{publication_id}"),
    ]:
        assert ops[authenticated]["security"] == SECURED, authenticated
        assert "401" in ops[authenticated]["responses"]
        assert ROLES_EXTENSION not in ops[authenticated]
    assert ops["GET", "/admin/accounts"][ROLES_EXTENSION] == ["admin"]
    assert ops["POST", "/categories"]["security"] == SECURED
    assert ops["POST", "/categories"][ROLES_EXTENSION] == ["admin", "officer", "supervisor"]
    assert "403" in ops["POST", "/categories"]["responses"]

    schemes = doc["components"]["securitySchemes"]
    assert set(schemes) == {OAUTH2, BEARER}, "the services' own schemes are replaced"
    flows = schemes[OAUTH2]["flows"]
    assert set(flows) == {"password", "clientCredentials"}
    for flow in flows.values():
        assert flow["tokenUrl"] == flow["refreshUrl"] == "/auth/token"
    assert schemes[BEARER] | {"description": ""} == {
        "type": "http",
        "scheme": "bearer",
        "bearerFormat": "JWT",
        "description": "",
    }


def test_operation_ids_are_unique_and_name_their_service() -> None:
    ops = operations(merged())
    ids = [op["operationId"] for op in ops.values()]
    assert len(ids) == len(set(ids))
    assert ops["GET", "/.well-known/jwks.json"]["operationId"] == "jwks"
    assert ops["POST", "/reports"]["operationId"] == "reporting_create_report"
    assert ops["GET", "/publications/{publication_id}"]["operationId"] == "messaging_create_report"


def test_one_operation_id_twice_in_a_service_is_made_unique() -> None:
    twice = document(
        "reporting",
        {"/reports": {"get": operation("same"), "post": operation("same")}},
    )
    doc = merge_documents(document("gateway", {}), {"reporting": twice}, MATCH)
    validate(doc)
    ops = operations(doc)
    assert {ops["GET", "/reports"]["operationId"], ops["POST", "/reports"]["operationId"]} == {
        "reporting_same",
        "reporting_same_2",
    }


# --- caching ----------------------------------------------------------------------------------


async def test_document_is_cached_and_a_partial_one_only_briefly() -> None:
    fetched: list[str] = []
    down = {"surveys"}

    def upstream(request: httpx.Request) -> httpx.Response:
        name = request.url.host
        fetched.append(name)
        if name in down:
            raise httpx.ConnectError("refused", request=request)
        return httpx.Response(200, json=document(name, {}))

    now = [1000.0]
    settings = GatewaySettings(upstreams={n: f"http://{n}" for n in DEFAULT_UPSTREAMS})
    api = ApiDocument(
        FastAPI(),
        settings,
        ttl=60,
        partial_ttl=5,
        transport=httpx.MockTransport(upstream),
        clock=lambda: now[0],
    )
    try:
        first = await api.render()
        assert b'"x-peelian-unavailable-services":["surveys"]' in first
        assert len(fetched) == 5
        now[0] += 4
        assert await api.render() is first
        assert len(fetched) == 5
        down.clear()
        now[0] += 2  # past the partial document's 5 s
        complete = await api.render()
        assert b'"x-peelian-unavailable-services":[]' in complete
        assert len(fetched) == 10
        now[0] += 59
        await asyncio.gather(*(api.render() for _ in range(5)))
        assert len(fetched) == 10
        now[0] += 2  # past the complete document's 60 s: one rebuild for many requests
        await asyncio.gather(*(api.render() for _ in range(5)))
        assert len(fetched) == 15
    finally:
        await api.aclose()


# --- the real services behind the real gateway ------------------------------------------------

SERVICES: dict[str, tuple[Callable[[Any], FastAPI], type[Any]]] = {
    "reporting": (reporting.main.create_app, reporting.config.ReportingSettings),
    "messaging": (messaging.main.create_app, messaging.config.MessagingSettings),
    "surveys": (surveys.main.create_app, surveys.config.SurveysSettings),
    "scheduling": (scheduling.main.create_app, scheduling.config.SchedulingSettings),
    "referrals": (referrals.main.create_app, referrals.config.ReferralsSettings),
}


# A path under a prefix that the route table sends to each service.
PROBES = {
    "reporting": "/reports",
    "messaging": "/publications",
    "surveys": "/surveys",
    "scheduling": "/meetings",
    "referrals": "/referrals",
}


def add_probe(app: FastAPI, name: str) -> None:
    """Give a service routes of known shape, whatever routes it has of its own: one that the
    table sends to it, answering a ``Probe`` schema of the service's own, and one it doesn't."""
    model = pydantic.create_model("Probe", **{name: (str, ...)})
    router = APIRouter()

    @router.get(f"{PROBES[name]}/openapi-probe/{{probe_id}}", response_model=model)
    async def probe(probe_id: str) -> Any:
        """A route that the merged document shows."""

    @router.get("/internal-probe")
    async def internal() -> None:
        """A route that no route of the table matches."""

    app.include_router(router)


@pytest.fixture(scope="module")
async def upstreams(
    create_database: CreateDatabase, service_env: dict[str, Any], infra: Infra
) -> AsyncIterator[dict[str, str]]:
    """The five services, each served over HTTP: service name -> base URL."""
    async with contextlib.AsyncExitStack() as stack:
        urls: dict[str, str] = {}
        for name, (factory, settings_class) in SERVICES.items():
            # Serving the document needs no table: an empty database will do.
            database_url = await create_database(name)
            extra: dict[str, Any] = {}
            if "s3_endpoint" in settings_class.model_fields:
                extra = {
                    "s3_endpoint": infra.s3_endpoint,
                    "s3_access_key": infra.s3_access_key,
                    "s3_secret_key": infra.s3_secret_key,
                }
            settings = settings_class(**service_env, database_url=database_url, **extra)
            app = factory(settings)
            add_probe(app, name)
            urls[name] = await stack.enter_async_context(serve(app))
        yield urls


@pytest.mark.integration
async def test_gateway_serves_one_valid_document_of_every_service(
    gateway_settings: GatewaySettingsFactory, upstreams: dict[str, str]
) -> None:
    settings = gateway_settings(upstreams=upstreams)
    async with app_client(create_app(settings)) as client:
        response = await client.get("/openapi.json")
        assert response.status_code == 200, response.text
        assert response.headers["content-type"] == "application/json"
        doc = response.json()
        # FastAPI's own pages are off: the gateway serves the platform's.
        assert (await client.get("/redoc")).status_code == 404

    validate(doc)
    assert doc["openapi"] == "3.1.0"
    assert doc[UNAVAILABLE_EXTENSION] == []
    assert set(doc["components"]["securitySchemes"]) == {OAUTH2, BEARER}
    ops = operations(doc)
    assert "security" not in ops["GET", "/.well-known/jwks.json"]
    assert ops["POST", "/auth/token"]["tags"] == ["gateway"]
    assert ("GET", "/metrics") not in ops
    assert ("GET", "/openapi.json") not in ops
    # The only /healthz is the gateway's own: the services' are not public.
    assert ops["GET", "/healthz"]["tags"] == ["gateway"]

    assert ("GET", "/internal-probe") not in ops
    schemas = doc["components"]["schemas"]
    for name, prefix in PROBES.items():
        probe = ops["GET", f"{prefix}/openapi-probe/{{probe_id}}"]
        assert probe["tags"] == [name]
        assert probe["security"] == SECURED
        assert probe["operationId"].startswith(f"{name}_")
        # One Probe per service, each of other content: the first keeps the name.
        schema = "Probe" if name == "reporting" else f"{name.capitalize()}_Probe"
        assert probe["responses"]["200"]["content"]["application/json"]["schema"] == ref(schema)
        assert list(schemas[schema]["properties"]) == [name]

    table = RouteTable(settings.routes, settings.upstreams)
    for key, op in ops.items():
        route = table.match(*key)
        assert op["tags"] == [route.upstream if route and route.upstream else "gateway"], key
    async with httpx.AsyncClient() as http:
        for name, url in upstreams.items():
            own = (await http.get(f"{url}/openapi.json")).json()
            for method, path in operations(own):
                route = table.match(method, path)
                if route is not None and route.upstream == name:
                    assert ops[method, path]["tags"] == [name], (method, path)
                else:
                    assert (method, path) not in ops or ops[method, path]["tags"] != [name]


@pytest.mark.integration
async def test_an_upstream_that_does_not_answer_is_left_out_and_named(
    gateway_settings: GatewaySettingsFactory, upstreams: dict[str, str]
) -> None:
    # Port 1 on loopback: nothing listens, the connection is refused at once.
    settings = gateway_settings(upstreams={**upstreams, "surveys": "http://127.0.0.1:1"})
    async with app_client(create_app(settings)) as client:
        response = await client.get("/openapi.json")
    assert response.status_code == 200
    doc = response.json()
    validate(doc)
    assert doc[UNAVAILABLE_EXTENSION] == ["surveys"]
    assert not any("surveys" in op["tags"] for op in operations(doc).values())


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []
        self.inline_scripts: list[str] = []
        self.handlers: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        self.handlers += [name for name in values if name.startswith("on")]
        for name in ("src", "href"):
            if values.get(name):
                self.urls.append(str(values[name]))
        self._in_script = tag == "script"
        if tag == "script" and not values.get("src"):
            self.inline_scripts.append("")

    def handle_endtag(self, tag: str) -> None:
        self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script and data.strip():
            self.inline_scripts.append(data)


@pytest.mark.integration
async def test_swagger_ui_is_served_from_local_files_without_inline_scripts(
    gateway: httpx.AsyncClient,
) -> None:
    assert SWAGGER_UI.name.startswith("swagger-ui-5."), "OpenAPI 3.1 needs Swagger UI 5"
    response = await gateway.get("/docs")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    page = _Page()
    page.feed(response.text)
    assert page.inline_scripts == []
    assert page.handlers == []
    assert "/docs/static/swagger-ui-bundle.js" in page.urls
    assert "/docs/static/swagger-init.js" in page.urls
    for url in page.urls:
        assert url.startswith("/docs/static/"), url
        asset = await gateway.get(url)
        assert asset.status_code == 200, url
        assert asset.content, url
    init = (await gateway.get("/docs/static/swagger-init.js")).text
    assert '"/openapi.json"' in init
    assert "initOAuth" in init
    bundle = await gateway.get("/docs/static/swagger-ui-bundle.js")
    assert bundle.headers["content-type"].startswith(("text/javascript", "application/javascript"))
    # The OAuth2 redirect page is local too, and scriptless but for its own file.
    redirect = _Page()
    redirect.feed((await gateway.get("/docs/static/oauth2-redirect.html")).text)
    assert redirect.inline_scripts == []
    assert redirect.urls == ["oauth2-redirect.js"]
    assert (await gateway.get("/docs/static/oauth2-redirect.js")).status_code == 200
    # Only the listed files: nothing else of the disk.
    for name in ("index.html", "swagger-initializer.js", "..%2Fmerge.py", "docs.html"):
        assert (await gateway.get(f"/docs/static/{name}")).status_code == 404, name
