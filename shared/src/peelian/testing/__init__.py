"""Test support: infrastructure fixtures, isolated databases, tokens and app clients."""
