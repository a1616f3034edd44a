"""docs/plugins.md documents every hook core/plugins.py declares."""

from pathlib import Path

from core import plugins

ROOT = Path(__file__).resolve().parents[2]


def test_every_hook_is_documented():
    page = (ROOT / "docs" / "plugins.md").read_text(encoding="utf-8")
    hooks = [value for name, value in vars(plugins).items() if name.endswith("_HOOK")]
    assert len(hooks) >= 12
    missing = [hook for hook in hooks if f"`{hook}`" not in page]
    assert not missing, f"docs/plugins.md does not document {missing}"
