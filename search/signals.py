"""Index updates for Elasticsearch (the database backend is kept up to date by Wagtail itself)."""
