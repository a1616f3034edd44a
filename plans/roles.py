"""Who edits plans: the office's 草案编辑 (draft editors), who already prepare the drafts the
plan's items become — page permissions (add, change, publish) on every 立法计划 index, inherited
by its plans and calls for proposals, plus admin access. Nobody else: the opinions and proposals
the pages receive are handled in the opinions plugin by its own roles.

The group is named, not imported: it is the office's role, made by whichever plugin's migration
runs first (this plugin's 0002 makes it when the drafts plugin is not installed). A new index —
made by an editor or by the demo loader — gets the rights through ``grant_plan_editors``."""

from __future__ import annotations

from django.contrib.auth.models import Group

from core.section_editors import PAGE_PERMISSIONS, grant_section_editors

__all__ = ["EDITORS", "PAGE_PERMISSIONS", "grant_plan_editors"]

EDITORS = "草案编辑"


def grant_plan_editors(index_page) -> Group:
    return grant_section_editors(EDITORS, index_page)
