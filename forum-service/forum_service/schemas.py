"""Request and response schemas of /api/forum (validation and OpenAPI)."""
