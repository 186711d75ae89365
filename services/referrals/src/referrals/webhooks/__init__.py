"""Partners' webhook endpoints and the signed deliveries to them."""
