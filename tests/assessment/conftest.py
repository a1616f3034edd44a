"""A small network of points for the assessment tests, in a year the demo has no activity in (the
demo's dates are relative to today), so every figure below comes from the test's own rows."""

import datetime as dt

import pytest
from django.utils import timezone

YEAR = timezone.localdate().year - 3


def at(month: int, day: int = 10, hour: int = 10) -> dt.datetime:
    return dt.datetime(YEAR, month, day, hour, tzinfo=timezone.get_current_timezone())


@pytest.fixture
def network(demo_site):
    from liaison_points.models import LiaisonPointIndexPage, LiaisonPointPage

    index = LiaisonPointIndexPage.objects.get(locale__language_code="zh-hans")

    class Network:
        points = []

        def point(self, slug, title=None, point_type="community", district="滨城区"):
            page = LiaisonPointPage(
                title=title or f"测试联系点{slug}",
                slug=slug,
                point_type=point_type,
                district=district,
                address="测试路1号",
            )
            index.add_child(instance=page)
            self.points.append(page)
            return page

        def event(self, point, kind, start, participants=None, cancelled=False, live=True):
            from events.models import EventNoticePage

            event = EventNoticePage(
                title=f"{kind}{start:%m%d}",
                slug=f"{point.slug}-{kind}-{start:%m%d%H}",
                event_type=kind,
                start=start,
                end=start + dt.timedelta(hours=2),
                place="会议室",
                participants=participants,
                cancelled=cancelled,
                live=live,
            )
            point.add_child(instance=event)
            return event

    return Network()


@pytest.fixture
def draft(demo_site):
    from tests.factories import DraftFactory

    return DraftFactory(articles=3, reply_deadline=dt.date(YEAR, 6, 30))


def credited(draft, point, *, month, status="received", replied=None):
    """An opinion stored through intake, then credited to ``point`` and dated in ``YEAR``."""
    from forms.models import Opinion
    from tests.factories import OpinionFactory

    opinion = OpinionFactory(page=draft)
    Opinion.objects.filter(pk=opinion.pk).update(
        point=point, submit_time=at(month), status=status, replied_at=replied
    )
    return opinion
