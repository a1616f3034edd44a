"""The demo is loaded once per session by tests/conftest.py; each test is rolled back to it."""
