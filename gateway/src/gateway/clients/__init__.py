"""Partner systems' OAuth2 client credentials."""
