"""Phones however typed are one number; anything else is refused; masks keep 3 + 4 digits."""

import pytest

from roster.phones import PhoneInvalid, mask_phone, normalise_phone


@pytest.mark.parametrize(
    "raw",
    ["13900001234", "139 0000 1234", "+86 139-0000-1234", "0086 13900001234",
     "１３９００００１２３４", "８６１３９００００１２３４", "(139)0000.1234", "139　0000　1234"],
)  # fmt: skip
def test_one_mobile_however_typed(raw):
    assert normalise_phone(raw) == "13900001234"


def test_a_landline_keeps_its_area_code():
    assert normalise_phone("0543-1234567") == "05431234567"


@pytest.mark.parametrize(
    "raw", ["", "   ", "abc", "139000012345678", "12345", "139\x000001234", "139😀00001234",
            "=HYPERLINK(1)", "<b>139</b>", "١٣٩٠٠٠٠١٢٣٤"],
)  # fmt: skip
def test_what_is_not_a_phone_is_refused(raw):
    with pytest.raises(PhoneInvalid):
        normalise_phone(raw)


def test_masks():
    assert mask_phone("13812345678") == "138****5678"
    assert mask_phone("05431234567") == "054****4567"
    assert mask_phone("1234567") == "***4567"
    assert mask_phone("") == ""
