"""Imported first by pytest: the real `gateway` package must be in sys.modules before the
importlib import mode names gateway/tests modules `gateway.tests.*` and would otherwise stand a
namespace module in for it."""

import gateway  # noqa: F401
