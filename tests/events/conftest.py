from tests.liaison_points.conftest import _demo_loaded, demo_site  # noqa: F401 - fixtures
