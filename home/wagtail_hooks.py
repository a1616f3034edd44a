from wagtail import hooks

from core.plugins import DEMO_CONTENT_HOOK

from .demo import load_home_demo


@hooks.register(DEMO_CONTENT_HOOK, order=0)
def home_demo(demo):
    # order=0: every other plugin hangs its pages under the home pages created here.
    load_home_demo(demo)
