"""JSON API: /api/search, /api/letters/<case_number>, /api/openapi.json and a small docs page."""
