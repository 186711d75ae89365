"""The officers' dashboard: the built single-page app (dashboard/dist) served at /dashboard/."""
