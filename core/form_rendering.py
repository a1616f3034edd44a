"""Public forms rendered in Python, with the markup Bootstrap 5 forms use, for the pages residents
fill in (the opinion form, editor-built forms).

Why not crispy-forms: its field template runs a dozen nested template includes and filters per
field; on the opinion form that was about half of the page's time, and that page is never cached
(every commenter loads it fresh). Here each field is a few ``format_html`` calls. The markup keeps
what readers, assistive technology and our CSS/JS rely on: ``div_id_<name>`` wrappers, labels tied
to inputs, ``requiredField`` and its asterisk, ``is-invalid`` with ``aria-invalid``, the error in
``<id>_error`` and the help in ``<id>_helptext``, both named by ``aria-describedby``, radio and
checkbox lists in a ``fieldset`` with a ``legend``.
"""

from __future__ import annotations

from django import forms
from django.forms.utils import flatatt
from django.forms.widgets import Input
from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from .escaping import escape

ASTERISK = mark_safe('<span class="asteriskField">*</span>')  # noqa: S308 - a constant


def _label_text(field) -> SafeString:
    text = conditional_escape(field.label or "")
    return format_html("{}{}", text, ASTERISK) if field.field.required else text


def _errors(field, tag: str = "span") -> SafeString:
    if not field.errors:
        return mark_safe("")  # noqa: S308 - empty
    items = format_html_join(
        "",
        '<{} id="error_{}_{}"><strong>{}</strong></{}>',
        ((tag, n, field.auto_id, error, tag) for n, error in enumerate(field.errors, start=1)),
    )
    return format_html('<div id="{}_error" class="invalid-feedback">{}</div>', field.auto_id, items)


def _help(field) -> SafeString:
    if not field.help_text:
        return mark_safe("")  # noqa: S308 - empty
    return format_html(
        '<div id="{}_helptext" class="form-text">{}</div>', field.auto_id, field.help_text
    )


def _described_by(field) -> str:
    ids = []
    if field.help_text:
        ids.append(f"{field.auto_id}_helptext")
    if field.errors:
        ids.append(f"{field.auto_id}_error")
    return " ".join(ids)


def _widget(field, css: str) -> SafeString:
    widget = field.field.widget
    classes = " ".join(c for c in (widget.attrs.get("class", ""), css) if c)
    attrs = {"class": classes + (" is-invalid" if field.errors else "")}
    described = _described_by(field)
    if described:
        attrs["aria-describedby"] = described
    if field.errors:
        attrs["aria-invalid"] = "true"
    return _plain_widget(field, attrs) or field.as_widget(attrs=attrs)


def _plain_widget(field, extra: dict) -> SafeString | None:
    """Inputs, text areas and selects written directly, as Django's own widget templates write
    them (a select of 50 articles ran the option template 50 times); None for other widgets
    (files, captcha, date parts), which keep their templates."""
    widget = field.field.widget
    plain_input = isinstance(widget, Input) and not isinstance(widget, forms.FileInput)
    plain_select = type(widget) in (forms.Select, forms.SelectMultiple)
    if not (plain_input or plain_select or isinstance(widget, forms.Textarea)):
        return None
    # What BoundField.as_widget does before rendering: required/aria attributes, then the id.
    attrs = field.build_widget_attrs(extra, widget)
    if field.auto_id and "id" not in widget.attrs:
        attrs.setdefault("id", field.auto_id)
    context = widget.get_context(field.html_name, field.value(), attrs)["widget"]
    if plain_input:
        value = context["value"]
        return format_html(
            '<input type="{}" name="{}"{}{}>',
            context["type"],
            context["name"],
            format_html(' value="{}"', value) if value is not None else "",
            flatatt(context["attrs"]),
        )
    if isinstance(widget, forms.Textarea):
        return format_html(
            '<textarea name="{}"{}>\n{}</textarea>',
            context["name"],
            flatatt(context["attrs"]),
            context["value"] or "",
        )
    options = []
    for group_name, choices, _index in context["optgroups"]:
        # One line per choice (a draft's 50 to 200 articles): f-strings over escaped values.
        rows = "".join(
            f'<option value="{escape(option["value"])}"{flatatt(option["attrs"])}>'
            f"{escape(option['label'])}</option>"
            for option in choices
        )
        options.append(
            f'<optgroup label="{escape(group_name)}">{rows}</optgroup>' if group_name else rows
        )
    return format_html(
        '<select name="{}"{}>{}</select>',
        context["name"],
        flatatt(context["attrs"]),
        mark_safe("".join(options)),  # noqa: S308 - built by format_html
    )


def _choice_list(field, input_type: str) -> SafeString:
    """Radio buttons or checkboxes, one ``form-check`` each, in a fieldset named by its legend."""
    invalid = " is-invalid" if field.errors else ""
    rows = []
    for option in field.subwidgets:
        data = option.data
        attrs = data["attrs"]
        rows.append(
            format_html(
                '<div class="form-check"><input type="{}" class="form-check-input{}" name="{}" '
                'value="{}" id="{}"{}{}{}><label for="{}" class="form-check-label">{}</label></div>',
                input_type,
                invalid,
                data["name"],
                "" if data["value"] is None else data["value"],
                attrs.get("id", ""),
                mark_safe(" required") if attrs.get("required") else "",  # noqa: S308
                mark_safe(" checked") if data["selected"] else "",  # noqa: S308
                mark_safe(' aria-invalid="true"') if field.errors else "",  # noqa: S308
                attrs.get("id", ""),
                data["label"],
            )
        )
    described = _described_by(field)
    return format_html(
        '<div id="div_{}" class="mb-3"><fieldset{}><legend class="form-label{} fs-6">{}</legend>'
        "<div>{}</div>{}{}</fieldset></div>",
        field.auto_id,
        format_html(' aria-describedby="{}"', described) if described else "",
        " requiredField" if field.field.required else "",
        _label_text(field),
        mark_safe("".join(rows)),  # noqa: S308 - each row built by format_html
        _errors(field, "p"),
        _help(field),
    )


def render_field(field) -> SafeString:
    """One bound field, wrapped the way Bootstrap 5 forms are."""
    widget = field.field.widget
    if field.is_hidden:
        return _plain_widget(field, {}) or field.as_widget()
    # CheckboxSelectMultiple subclasses RadioSelect: ask for it first.
    if isinstance(widget, forms.CheckboxSelectMultiple):
        return _choice_list(field, "checkbox")
    if isinstance(widget, forms.RadioSelect):
        return _choice_list(field, "radio")
    if isinstance(widget, forms.CheckboxInput):
        return format_html(
            '<div class="mb-3"><div id="div_{}" class="form-check">{}'
            '<label for="{}" class="form-check-label{}">{}</label>{}{}</div></div>',
            field.auto_id,
            _widget(field, "checkboxinput form-check-input"),
            field.id_for_label,
            " requiredField" if field.field.required else "",
            _label_text(field),
            _errors(field),
            _help(field),
        )
    if isinstance(widget, forms.Select):
        css = "select form-select"
    else:
        css = f"{type(widget).__name__.lower()} form-control"
    return format_html(
        '<div id="div_{}" class="mb-3"><label for="{}" class="form-label{}">{}</label>{}{}{}</div>',
        field.auto_id,
        field.id_for_label,
        " requiredField" if field.field.required else "",
        _label_text(field),
        _widget(field, css),
        _errors(field),
        _help(field),
    )


def render_fields(form) -> SafeString:
    """Every field of ``form`` in order (hidden ones where they stand, as crispy did)."""
    return mark_safe("\n".join(render_field(field) for field in form))  # noqa: S308
