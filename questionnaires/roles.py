"""问卷编辑 (questionnaire editors): build questionnaires and publish them — page permissions
(add, change, publish) on every 问卷调查 index, inherited by its questionnaires, plus admin
access. Not the results right: written answers may hold what people wrote about themselves, and
the analysis is the office's (法工委联络员, migration 0005); the editor sees the published results
on the page.

The group is made by migration 0006 (with rights on the indexes that exist then); a new index —
made by an editor or by the demo loader — gets the rights through ``grant_questionnaire_editors``."""

from __future__ import annotations

from django.contrib.auth.models import Group

from core.section_editors import PAGE_PERMISSIONS, grant_section_editors

__all__ = ["EDITORS", "PAGE_PERMISSIONS", "grant_questionnaire_editors"]

EDITORS = "问卷编辑"


def grant_questionnaire_editors(index_page) -> Group:
    return grant_section_editors(EDITORS, index_page)
