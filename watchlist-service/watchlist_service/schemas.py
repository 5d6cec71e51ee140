"""Request and response schemas of /api/watchlist (validation and OpenAPI)."""
