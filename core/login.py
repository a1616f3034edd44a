"""The Wagtail admin's sign-in, rate limited per client address (``admin_login`` in
``LAWBRIDGE_RATELIMITS``) on top of django-axes' per-username lock-out: a guesser spraying many
usernames from one address is stopped too. Over the limit the form is shown again (429) with the
username kept and a message; the password is not checked at all."""

from __future__ import annotations

from django.forms.utils import ErrorDict
from wagtail.admin.views.account import LoginView

from . import ratelimit


class RateLimitedLoginView(LoginView):
    def post(self, request, *args, **kwargs):
        if ratelimit.limited(request, "admin_login"):
            form = self.get_form()
            # Show the refusal without validating (validating would check the password).
            form.cleaned_data = {}
            form._errors = ErrorDict()
            form._errors["__all__"] = form.error_class([str(ratelimit.TOO_MANY)])
            response = self.render_to_response(self.get_context_data(form=form))
            response.status_code = 429
            return response
        return super().post(request, *args, **kwargs)
