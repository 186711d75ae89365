"""One-click unsubscribe (RFC 8058) from any message, without signing in."""
