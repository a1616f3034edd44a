"""草案编辑 edit regulations in force and their evaluations too: the same office drafts a
regulation, sees it promulgated and evaluates it. Page rights (add, change, publish) on every
现行法规 index, inherited by its regulations and evaluations; the import screen asks the same.

Migration 0002 gives the rights on the indexes that exist then; a new index (made by an editor
or the demo loader) gets them through ``grant_regulation_editors``."""

from __future__ import annotations

from django.contrib.auth.models import Group

from core.section_editors import grant_section_editors

EDITORS = "草案编辑"


def grant_regulation_editors(index_page) -> Group:
    return grant_section_editors(EDITORS, index_page)
