"""Form widgets the public forms of every plugin share."""

from django import forms


class PhoneInput(forms.TextInput):
    """A phone number box: type="tel" opens the phone's dial pad (with + and -) and lets the
    browser offer the saved number."""

    input_type = "tel"

    def __init__(self, attrs=None):
        super().__init__({"inputmode": "tel", "autocomplete": "tel", **(attrs or {})})


def never_cut(form) -> None:
    """Take the ``maxlength`` off every box of ``form``, keeping the limit as ``data-maxlength``.

    A browser stops typing at ``maxlength`` and cuts a paste to it without a word: a resident
    pasting a long opinion loses its end and never knows. Without the attribute all of it is kept;
    the field's own ``max_length`` still refuses it on the server, with a message that gives the
    limit and the count, and the form comes back with every character (the counter,
    forms/static/forms/opinion-form.js, shows the count against ``data-maxlength`` as one types)."""
    for field in form.fields.values():
        attrs = field.widget.attrs
        if "maxlength" in attrs:
            attrs["data-maxlength"] = attrs.pop("maxlength")
