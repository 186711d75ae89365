"""Tokens: signing keys and the JWKS, access tokens, rotating refresh tokens, /auth/token."""
