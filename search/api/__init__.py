"""JSON API on django-ninja (``site``): search, outcomes, letters and saved queries, typed schemas
(``schemas``) and the OpenAPI document generated from them at /api/openapi.json, with a docs page."""
