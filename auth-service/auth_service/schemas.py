"""Request and response schemas of /api/auth (validation and OpenAPI)."""
