"""Whether a regulation is in force (现行有效), amended since (已被修改) or repealed (已废止), and
the kinds of promulgation a version records."""

from __future__ import annotations

from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

IN_FORCE = "in_force"
AMENDED = "amended"
REPEALED = "repealed"
STATUSES = [
    (IN_FORCE, _("现行有效")),
    (AMENDED, _("已被修改")),
    # The drafts plugin says 已废止 of a withdrawn draft; a regulation is repealed.
    (REPEALED, pgettext_lazy("regulation status", "已废止")),
]
STATUS_LABELS = dict(STATUSES)
# The index lists regulations in force first.
STATUS_ORDER = {IN_FORCE: 0, AMENDED: 1, REPEALED: 2}

PROMULGATION = "promulgation"
AMENDMENT = "amendment"  # 修正: some articles changed by a decision
REVISION = "revision"  # 修订: the whole text adopted again
VERSION_KINDS = [
    (PROMULGATION, _("公布")),
    (AMENDMENT, _("修正")),
    (REVISION, _("修订")),
]
VERSION_KIND_LABELS = dict(VERSION_KINDS)
# The msgids of VERSION_KINDS: a label equal to one of them is translated when shown.
KIND_WORDS = {"公布", "修正", "修订"}


def display_label(label: str) -> str:
    """A version's label as the reader reads it: a label that is only a kind's own word (公布,
    the import's default) is that word in the reader's language; "2021年修正" is data, as written."""
    return gettext(label) if label in KIND_WORDS else label
