from django import forms
from django.utils.translation import gettext_lazy as _


class SearchForm(forms.Form):
    """The search page's parameters. Every one is optional; bad values are ignored, not fatal."""

    q = forms.CharField(label=_("搜索关键词"), required=False, max_length=200)
    type = forms.CharField(label=_("类别"), required=False, max_length=40)
    year = forms.IntegerField(label=_("年份"), required=False, min_value=1949, max_value=2100)
    start = forms.DateField(label=_("起始日期"), required=False)
    end = forms.DateField(label=_("截止日期"), required=False)
    point = forms.IntegerField(label=_("联系点"), required=False, min_value=1)

    def cleaned_or_empty(self, name):
        if not self.is_bound:
            return None
        self.is_valid()
        return self.cleaned_data.get(name) if name not in self.errors else None
