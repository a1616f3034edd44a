import datetime

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.params import MAX_ID

# Dates a search can mean: nothing of ours predates the People's Republic or outlives 2100.
FIRST_DAY = datetime.date(1949, 1, 1)
LAST_DAY = datetime.date(2100, 12, 31)


def _date_field(label):
    return forms.DateField(
        label=label,
        required=False,
        validators=[MinValueValidator(FIRST_DAY), MaxValueValidator(LAST_DAY)],
    )


class SearchForm(forms.Form):
    """The search page's parameters. Every one is optional; bad values are ignored, not fatal."""

    q = forms.CharField(label=_("搜索关键词"), required=False, max_length=200)
    type = forms.CharField(
        label=pgettext_lazy("content type", "类别"), required=False, max_length=40
    )
    year = forms.IntegerField(label=_("年份"), required=False, min_value=1949, max_value=2100)
    start = _date_field(_("起始日期"))
    end = _date_field(_("截止日期"))
    point = forms.IntegerField(label=_("联系点"), required=False, min_value=1, max_value=MAX_ID)

    def cleaned_or_empty(self, name):
        if not self.is_bound:
            return None
        self.is_valid()
        return self.cleaned_data.get(name) if name not in self.errors else None
