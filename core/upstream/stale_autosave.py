"""An autosave still in flight never takes a page that was just published offline again.

Wagtail's editor saves the form in the background half a second after the last change. Its edit
view writes the page's own row only while the page is not live
(``EditView.save_action``: ``form.save(commit=not self.page.live)``), and it judges "live" by the
page as it loaded it when the request began. So an autosave of an unpublished page that is
published while the autosave is being handled writes the unpublished state back over the row the
publication has just written: the editor sees "已发布", the page is offline, and residents
cannot read or comment on the draft.

The guard: for a background save (a POST that wants JSON) of a page that was not live when the
edit view loaded it, the page's row is read again just before it is written, locked inside the
view's transaction (so a publication still being written is waited for). If the page has gone
live meanwhile, the save is refused with ``PermissionDenied``, which the edit view answers as it
answers any refused autosave: a JSON error, nothing written. The editor's next save goes through
Wagtail's own check for a newer version.

Relies on the edit view running ``before_edit_page`` on the page it loaded and turning a
``PermissionDenied`` raised while saving into its JSON error (``core/upstream/internals.py``
pins both; ``tests/core/test_stale_autosave.py`` reproduces the race).
"""

from __future__ import annotations

from contextvars import ContextVar

from django.core.exceptions import PermissionDenied
from django.db import connection
from django.utils.translation import gettext as _

# The page an autosave request loaded while it was not live; None outside such a request.
_unpublished_when_loaded: ContextVar[int | None] = ContextVar(
    "unpublished_when_loaded", default=None
)


def note_loaded_page(request, page):
    """``before_edit_page``: remember an unpublished page that a background save will write."""
    background = request.method == "POST" and not request.accepts("text/html")
    _unpublished_when_loaded.set(page.pk if background and not page.live else None)


def forget(**kwargs):
    """``request_finished``: the next request on this thread starts with nothing noted."""
    _unpublished_when_loaded.set(None)


def refuse_stale_write(sender, instance, **kwargs):
    """``pre_save``: refuse writing the noted page as unpublished once it has been published."""
    noted = _unpublished_when_loaded.get()
    if noted is None:
        return
    from wagtail.models import Page

    if not isinstance(instance, Page) or instance.pk != noted or instance.live:
        return
    rows = Page.objects.filter(pk=noted)
    if connection.in_atomic_block:
        rows = rows.select_for_update()
    if rows.values_list("live", flat=True).first():
        raise PermissionDenied(
            _("这个页面刚刚发布了，草稿没有覆盖已发布的版本。请刷新页面再继续编辑。")
        )
