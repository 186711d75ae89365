"""The platform's one OpenAPI document and the Swagger UI that shows it.

``merge`` builds the document from the gateway's own and the services' (pure functions),
``document`` fetches and caches it, ``router`` serves it and an offline Swagger UI.
"""
