"""Typed errors of serving the dashboard."""

from fastapi import status

from peelian.errors import ServiceError


class DashboardNotBuilt(ServiceError):
    """The dashboard's files are missing: the gateway runs from a checkout where the single-page
    app was never built (or from a folder GATEWAY_DASHBOARD_DIR names wrongly)."""

    status_code = status.HTTP_503_SERVICE_UNAVAILABLE
    error = "dashboard_not_built"
