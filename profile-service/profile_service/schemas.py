"""Request and response schemas of /api/profiles (validation and OpenAPI)."""
