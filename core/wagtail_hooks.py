from wagtail import hooks
from wagtail.models import Locale, Page

from core.plugins import DEMO_CONTENT_HOOK
from core.translation import HANS, HANT, translate_object


@hooks.register(DEMO_CONTENT_HOOK, order=1000)
def traditional_chinese_demo(demo):
    """Last of all demo steps: give every zh-hans page that lacks one a zh-hant translation."""
    hant, _ = Locale.objects.get_or_create(language_code=HANT)
    pages = Page.objects.filter(locale__language_code=HANS, depth__gt=1).live().order_by("path")
    translated = set(Page.objects.filter(locale=hant).values_list("translation_key", flat=True))
    count = 0
    for page in pages.specific():
        if page.translation_key not in translated:
            translate_object(page)
            count += 1
    demo.log(f"zh-hant: {count} pages converted with OpenCC")
