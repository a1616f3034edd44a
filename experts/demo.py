"""The demo's expert pool and one 定向征集 on the draft open for comment, from
``demo_data/experts.toml``. Experts are looked up by name and the campaign by title: running
``load_demo`` again creates nothing twice. No opinions are made here: an expert's answer comes
only through the public form, like anyone's."""

from __future__ import annotations

from django.conf import settings
from django.utils import timezone
from wagtail.models import Page

from core.demo import DemoData, days_from
from core.plugins import DRAFT_PAGE, page_models_for

from .models import Campaign, Expert, ExpertiseField, Invitation
from .sending import create_campaign

DATA = DemoData(__file__)


def load_demo(demo) -> None:
    data = DATA.toml("experts.toml")
    fields = {f.name: f for f in ExpertiseField.objects.all()}
    experts = {}
    for spec in data["expert"]:
        expert, created = Expert.objects.get_or_create(
            name=spec["name"],
            defaults={
                "kind": spec["kind"],
                "organisation": spec["organisation"],
                "title": spec["title"],
                "phone": spec["phone"],
                "email": spec["email"],
            },
        )
        if created:
            expert.fields.set([fields[name] for name in spec["fields"] if name in fields])
        experts[expert.name] = expert
    demo.log(f"experts: {len(experts)} in the pool")
    spec = data["campaign"]
    if Campaign.objects.filter(title=spec["title"]).exists():
        return
    models = page_models_for(DRAFT_PAGE)
    draft = (
        Page.objects.type(*models)
        .filter(slug=spec["draft"], locale__language_code=settings.LANGUAGE_CODE)
        .first()
        if models
        else None
    )
    if draft is None:
        demo.log("experts: no open draft, no 定向征集")
        return
    campaign = create_campaign(
        title=spec["title"],
        page=draft,
        message=spec["message"],
        reply_by=days_from(timezone.localdate(), spec["reply_by"]),
        experts=[experts[name] for name in spec["invited"]],
        send=False,  # the demo's SMS and e-mails go nowhere: mark them as the gateway would
    )
    invitations = Invitation.objects.filter(campaign=campaign)
    now = timezone.now()
    invitations.update(sent=True, sent_at=now)
    invitations.filter(expert__name__in=spec["opened"]).update(opened_at=now)
    invitations.filter(expert__name__in=spec["unsent"]).update(sent=False, sent_at=None)
    demo.log(f"experts: 定向征集 “{campaign.title}” to {invitations.count()} invitees")
