"""Request and response schemas of /api/courses (validation and OpenAPI)."""
