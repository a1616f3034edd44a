"""RSS 2.0 feed of a drafts index: every new draft and every new version of a draft."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib.syndication.views import Feed
from django.utils import timezone
from django.utils.translation import gettext

from .models import DraftVersion, RegulationDraftPage


@dataclass
class FeedEntry:
    title: str
    link: str
    description: str
    date: dt.datetime
    guid: str


def _aware(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(9, 0)))


class DraftFeed(Feed):
    limit = 50

    def __init__(self, index):
        super().__init__()
        self.index = index

    def title(self):
        return f"{self.index.title} - {gettext('立法连心桥')}"

    def link(self):
        return self.index.url

    def description(self):
        return self.index.intro or gettext("新发布的法规草案和草案新版本")

    def items(self):
        drafts = {
            page.pk: page
            for page in RegulationDraftPage.objects.child_of(self.index).live().public()
        }
        entries = []
        first_seen = set()
        versions = DraftVersion.objects.filter(
            page__translation_key__in=[p.translation_key for p in drafts.values()], pending=False
        ).order_by("date", "pk")
        by_key = {page.translation_key: page for page in drafts.values()}
        for version in versions.select_related("page").defer("structure", "page__timeline"):
            page = by_key[version.page.translation_key]
            if page.pk not in first_seen:
                first_seen.add(page.pk)
                continue  # the first version is announced as the draft itself
            entries.append(
                FeedEntry(
                    title=gettext("%(title)s 发布新版本：%(label)s")
                    % {"title": page.title, "label": version.label},
                    link=f"{page.url}{page.reverse_subpage('compare')}?to={version.pk}",
                    description=version.note or page.summary,
                    date=_aware(version.date),
                    guid=f"draft-{page.pk}-version-{version.pk}",
                )
            )
        for page in drafts.values():
            published = page.first_published_at or timezone.now()
            entries.append(
                FeedEntry(
                    title=gettext("新草案：%(title)s") % {"title": page.title},
                    link=page.url,
                    description=f"{page.summary}\n{page.comment_window_message()}".strip(),
                    date=published,
                    guid=f"draft-{page.pk}",
                )
            )
        entries.sort(key=lambda e: e.date, reverse=True)
        return entries[: self.limit]

    def item_title(self, item):
        return item.title

    def item_link(self, item):
        return item.link

    def item_description(self, item):
        return item.description

    def item_pubdate(self, item):
        return item.date

    def item_guid(self, item):
        return item.guid

    item_guid_is_permalink = False
