"""Request and response schemas of /api/videos (validation and OpenAPI)."""
