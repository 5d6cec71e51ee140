"""Request and response schemas of /api/progress (validation and OpenAPI)."""
