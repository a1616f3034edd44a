"""草案编辑 (draft editors): import and edit drafts and open them for comment — page permissions
(add, change, publish) on every 草案征求意见 index, inherited by its drafts, plus admin access.
The import screen asks the same page permissions (admin_views).

The group is made by migration 0002 (with rights on the indexes that exist then); a new index —
made by an editor or by the demo loader — gets the rights through ``grant_draft_editors``."""

from __future__ import annotations

from django.contrib.auth.models import Group

from core.section_editors import PAGE_PERMISSIONS, grant_section_editors

__all__ = ["EDITORS", "PAGE_PERMISSIONS", "grant_draft_editors"]

EDITORS = "草案编辑"


def grant_draft_editors(index_page) -> Group:
    return grant_section_editors(EDITORS, index_page)
