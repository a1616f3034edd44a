"""Form widgets the public forms of every plugin share."""

from django import forms


class PhoneInput(forms.TextInput):
    """A phone number box: type="tel" opens the phone's dial pad (with + and -) and lets the
    browser offer the saved number."""

    input_type = "tel"

    def __init__(self, attrs=None):
        super().__init__({"inputmode": "tel", "autocomplete": "tel", **(attrs or {})})
