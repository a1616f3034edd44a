"""Every library internal we rely on is still what we read (core/upstream/internals.py)."""

import pytest

from core.upstream.internals import INTERNALS, Internal


@pytest.mark.parametrize("internal", INTERNALS, ids=lambda i: i.name)
def test_internal_unchanged(internal):
    if not internal.applies():
        pytest.skip(f"only on {internal.vendor}")
    assert internal.current() in internal.known(), (
        f"{internal.name} changed upstream: re-read it, adapt {internal.used_by}, then record "
        "the new fingerprint (python -m core.upstream.internals)"
    )


def test_a_change_is_noticed():
    # The check itself can fail: the same source with one character more is a different print.
    original = next(i for i in INTERNALS if i.applies())
    changed = Internal(
        original.name, original.used_by, lambda: original.read() + " ", original.fingerprint
    )
    assert changed.current() not in changed.known()
