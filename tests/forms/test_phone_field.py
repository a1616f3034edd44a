"""A phone number typed with a Chinese input method (full-width digits, ＋, －) is the same number."""

import pytest

from forms.public_forms import PhoneField


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("１３８００１３８０００", "13800138000"),
        ("＋８６　１３８－００１３－８０００", "+86 138-0013-8000"),
        (" 13800138000 ", "13800138000"),
    ],
)
def test_full_width_numbers_are_read_as_typed_digits(typed, read):
    assert PhoneField(required=False).clean(typed) == read


@pytest.mark.parametrize("typed", ["１３８abc", "=HYPERLINK(1)", "😀😀😀😀😀😀", "<b>1</b>"])
def test_what_is_not_a_number_is_still_refused(typed):
    from django.core.exceptions import ValidationError

    from forms.public_forms import phone_validator

    field = PhoneField(required=False, validators=[phone_validator])
    with pytest.raises(ValidationError):
        field.clean(typed)
