"""Staff run what exists, as 意见办理员 (no superuser): near-duplicate grouping started from the
admin with progress and summary, groups corrected by hand (remove, split, merge — recorded, and
not undone by the next run), the group form offering only legal transitions."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.models import ModelLogEntry

from forms import grouping
from forms.dedupe import group_duplicates
from forms.intake import Submission, create_opinion
from forms.models import Channel, GroupingRun, Opinion, OpinionGroup
from forms.workflow import Status, transition

BASE = "建议将第十二条中“禁止在公共场所随地吐痰”修改为“禁止在公共场所随地吐痰、便溺”，并明确处罚标准为五十元以上二百元以下罚款。"
VARIANTS = [
    BASE,
    BASE.replace("建议", "我强烈建议"),
    BASE + "！！！",
    BASE.replace("五十元以上二百元以下", "五十元至二百元"),
    "建議將第十二條中「禁止在公共場所隨地吐痰」修改為「禁止在公共場所隨地吐痰、便溺」，並明確處罰標準為五十元以上二百元以下罰款。",
]
OTHER = "建议增加对电动自行车在人行道停放的管理规定，明确物业和街道的责任分工，电话13612345678。"
OTHER_VARIANTS = [OTHER, OTHER.replace("建议", "强烈建议"), OTHER + "！"]


def member_of(role, username):
    user = get_user_model().objects.create_user(username, password="pw-12345678")
    user.groups.add(Group.objects.get(name=role))
    return user


@pytest.fixture
def handler(demo_site):
    return member_of("意见办理员", "banli")


@pytest.fixture
def target(draft):
    return draft.get_comment_targets()[11]


def opinions(draft, target, texts):
    return [
        create_opinion(
            draft, Submission(text=t, target=target), channel=Channel.WEB, check_window=False
        )
        for t in texts
    ]


def group_of(opinion):
    return Opinion.objects.get(pk=opinion.pk).group_id


def messages_of(response):
    return [str(m) for m in response.context["messages"]] if response.context else []


# --- Running the grouping from the admin ---------------------------------------------------------


def test_handler_starts_grouping_from_a_drafts_opinions_and_reads_the_summary(
    client, handler, draft, target
):
    # Near-identical, not identical: intake groups exact copies, these only the run does.
    made = opinions(draft, target, [BASE, VARIANTS[1], VARIANTS[3]])
    client.force_login(handler)
    listing = client.get(reverse("wagtailsnippets_forms_opinion:list"), {"page": draft.pk})
    start = reverse("wagtailsnippets_forms_opiniongroup:regroup") + f"?page={draft.pk}"
    assert start.replace("&", "&amp;") in listing.content.decode()
    # The unfiltered list has no draft to run it for; the group list always offers it.
    unfiltered = client.get(reverse("wagtailsnippets_forms_opinion:list")).content.decode()
    assert reverse("wagtailsnippets_forms_opiniongroup:regroup") not in unfiltered
    groups_list = client.get(reverse("wagtailsnippets_forms_opiniongroup:list")).content.decode()
    assert reverse("wagtailsnippets_forms_opiniongroup:regroup") in groups_list

    form = client.get(start)
    assert form.status_code == 200
    assert f'<option value="{draft.pk}" selected>' in form.content.decode()
    response = client.post(
        reverse("wagtailsnippets_forms_opiniongroup:regroup"), {"page": draft.pk}
    )
    run = GroupingRun.objects.get(page=draft)
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailsnippets_forms_opiniongroup:run", args=[run.pk])
    assert run.state == GroupingRun.State.DONE and run.started_by == handler
    assert run.partitions_done == run.partitions_total >= 1
    assert {group_of(o) for o in made} != {None} and len({group_of(o) for o in made}) == 1
    assert run.opinions_grouped == 3 and run.groups_created == 1

    page = client.get(response["Location"]).content.decode()
    assert 'data-grouping-run="done"' in page and 'http-equiv="refresh"' not in page
    assert f"<dd data-groups-created>{run.groups_created}</dd>" in page
    assert f"<dd data-opinions-grouped>{run.opinions_grouped}</dd>" in page


def test_a_running_run_refreshes_itself_and_a_second_click_starts_nothing(client, handler, draft):
    running = GroupingRun.objects.create(
        page=draft, page_title=draft.title, state=GroupingRun.State.RUNNING,
        partitions_total=10, partitions_done=4,
    )  # fmt: skip
    client.force_login(handler)
    response = client.post(
        reverse("wagtailsnippets_forms_opiniongroup:regroup"), {"page": draft.pk}, follow=True
    )
    assert GroupingRun.objects.filter(page=draft).count() == 1
    html = response.content.decode()
    assert 'http-equiv="refresh"' in html and 'value="40"' in html
    assert "4 / 10" in html
    assert any("已在进行中" in m for m in messages_of(response))
    assert response.redirect_chain[-1][0].endswith(f"/runs/{running.pk}/")


def test_a_queue_that_is_down_gives_a_failed_run_not_an_error(client, handler, draft, monkeypatch):
    from forms.tasks import group_page

    def down(*args, **kwargs):
        raise ConnectionError("queue down")

    monkeypatch.setattr(type(group_page), "enqueue", down)
    client.force_login(handler)
    response = client.post(
        reverse("wagtailsnippets_forms_opiniongroup:regroup"), {"page": draft.pk}, follow=True
    )
    assert response.status_code == 200
    run = GroupingRun.objects.get(page=draft)
    assert run.state == GroupingRun.State.FAILED
    assert "后台任务无法启动" in response.content.decode()
    # A failed run does not block the next attempt.
    monkeypatch.undo()
    client.post(reverse("wagtailsnippets_forms_opiniongroup:regroup"), {"page": draft.pk})
    assert GroupingRun.objects.filter(page=draft, state=GroupingRun.State.DONE).count() == 1


@pytest.mark.parametrize("bad", ["", "abc", "99999999", "１", "=HYPERLINK(1)", "1\x00"])
def test_start_with_bad_input_explains_and_stores_nothing(client, handler, demo_site, bad):
    client.force_login(handler)
    response = client.post(reverse("wagtailsnippets_forms_opiniongroup:regroup"), {"page": bad})
    assert response.status_code == 200
    assert (
        "请选择一份草案或征集" in response.content.decode()
        or "这个字段是必填项" in response.content.decode()
    )
    assert not GroupingRun.objects.exists()


def test_only_who_may_change_opinions_runs_or_corrects_grouping(client, draft, target):
    liaison = member_of("法工委联络员", "lianluo")
    made = opinions(draft, target, VARIANTS[:2])
    group_duplicates(draft.pk)
    group = OpinionGroup.objects.get(pk=group_of(made[0]))
    client.force_login(liaison)
    for url, data in [
        (reverse("wagtailsnippets_forms_opiniongroup:regroup"), {"page": draft.pk}),
        (reverse("wagtailsnippets_forms_opiniongroup:members", args=[group.pk]),
         {"action": "remove", "opinion": made[0].pk}),
        (reverse("wagtailsnippets_forms_opiniongroup:merge", args=[group.pk]), {"other": 1}),
    ]:  # fmt: skip
        response = client.post(url, data)
        assert response.status_code in (302, 403)
        assert response.status_code == 403 or "/runs/" not in response["Location"]
    assert not GroupingRun.objects.exists()
    assert group_of(made[0]) == group.pk
    listing = client.get(reverse("wagtailsnippets_forms_opiniongroup:list")).content.decode()
    assert reverse("wagtailsnippets_forms_opiniongroup:regroup") not in listing


# --- Correcting groups by hand -----------------------------------------------------------------


@pytest.fixture
def two_groups(draft, target):
    first = opinions(draft, target, VARIANTS)
    second = opinions(draft, target, OTHER_VARIANTS)
    group_duplicates(draft.pk)
    a, b = group_of(first[0]), group_of(second[0])
    assert a and b and a != b
    return OpinionGroup.objects.get(pk=a), first, OpinionGroup.objects.get(pk=b), second


def test_a_wrong_member_is_removed_recorded_and_stays_out(client, handler, draft, two_groups):
    group, members, _other, _ = two_groups
    wrong = members[-1]
    client.force_login(handler)
    url = reverse("wagtailsnippets_forms_opiniongroup:members", args=[group.pk])
    response = client.post(url, {"action": "remove", "opinion": [wrong.pk]}, follow=True)
    assert any(wrong.receipt_code in m for m in messages_of(response))
    assert group_of(wrong) is None
    group.refresh_from_db()
    assert group.size == len(members) - 1
    entry = ModelLogEntry.objects.for_instance(group).get(action=grouping.REMOVE_ACTION)
    assert entry.user == handler and entry.data["opinions"] == [wrong.receipt_code]
    assert "人工调整记录" in response.content.decode()
    # The next run does not put it back; a new copy of it does not pull it into a group either.
    group_duplicates(draft.pk)
    create_opinion(draft, Submission(text=wrong.text, target=_target(wrong)), channel=Channel.WEB)
    assert group_of(wrong) is None


def _target(opinion):
    return opinion.page.specific.get_comment_target(opinion.article_key)


def test_removing_an_opinion_of_another_group_is_refused(client, handler, two_groups):
    group, members, other, other_members = two_groups
    client.force_login(handler)
    url = reverse("wagtailsnippets_forms_opiniongroup:members", args=[group.pk])
    for data in [
        {"action": "remove", "opinion": [other_members[0].pk]},
        {"action": "remove", "opinion": ["abc"]},
        {"action": "remove"},
        {"action": "delete", "opinion": [members[0].pk]},
    ]:
        response = client.post(url, data, follow=True)
        assert response.status_code == 200 and messages_of(response)
    assert group_of(other_members[0]) == other.pk
    assert {group_of(o) for o in members} == {group.pk}
    assert not ModelLogEntry.objects.filter(action__startswith="forms.group").exists()


def test_a_group_is_split_and_the_next_run_keeps_the_split(client, handler, draft, two_groups):
    group, members, _other, _ = two_groups
    chosen = members[-2:]
    client.force_login(handler)
    url = reverse("wagtailsnippets_forms_opiniongroup:members", args=[group.pk])
    client.post(url, {"action": "split", "opinion": [o.pk for o in chosen]})
    new_ids = {group_of(o) for o in chosen}
    assert len(new_ids) == 1
    new = OpinionGroup.objects.get(pk=new_ids.pop())
    assert new.pk != group.pk and new.size == 2 and new.article_key == group.article_key
    group.refresh_from_db()
    assert group.size == len(members) - 2
    assert ModelLogEntry.objects.for_instance(new).get(action=grouping.SPLIT_ACTION).user == handler
    group_duplicates(draft.pk)
    assert {group_of(o) for o in chosen} == {new.pk}
    assert {group_of(o) for o in members[:-2]} == {group.pk}
    # Splitting off everything, or a single opinion, is refused with a reason.
    everyone = [o.pk for o in members[:-2]]
    response = client.post(url, {"action": "split", "opinion": everyone}, follow=True)
    assert any("不要全选" in m for m in messages_of(response))
    response = client.post(url, {"action": "split", "opinion": everyone[:1]}, follow=True)
    assert any("至少要有两条" in m for m in messages_of(response))


def test_two_groups_are_merged_and_recorded(client, handler, two_groups):
    group, members, other, other_members = two_groups
    client.force_login(handler)
    url = reverse("wagtailsnippets_forms_opiniongroup:merge", args=[group.pk])
    response = client.post(url, {"other": other.pk}, follow=True)
    assert any("并入本组" in m for m in messages_of(response))
    assert {group_of(o) for o in members + other_members} == {group.pk}
    group.refresh_from_db()
    other.refresh_from_db()
    assert group.size == len(members) + len(other_members) and other.size == 0
    entry = ModelLogEntry.objects.for_instance(group).get(action=grouping.MERGE_ACTION)
    assert entry.user == handler and entry.data["from_group"] == other.pk
    # The emptied group leaves the list.
    listing = client.get(reverse("wagtailsnippets_forms_opiniongroup:list")).content.decode()
    assert f"/inspect/{other.pk}/" not in listing


def test_merging_refuses_other_articles_drafts_itself_and_nonsense(
    client, handler, draft, closed_draft, two_groups
):
    group, members, other, _ = two_groups
    elsewhere = opinions(draft, draft.get_comment_targets()[2], VARIANTS[:2])
    closed = opinions(closed_draft, closed_draft.get_comment_targets()[0], VARIANTS[:2])
    group_duplicates(draft.pk)
    group_duplicates(closed_draft.pk)
    client.force_login(handler)
    url = reverse("wagtailsnippets_forms_opiniongroup:merge", args=[group.pk])
    for value, expected in [
        (group_of(elsewhere[0]), "同一条文"),
        (group_of(closed[0]), "同一草案"),
        (group.pk, "自己"),
        (999999, "没有编号"),
        ("", "组编号"),
        ("１２", None),
        ("=HYPERLINK(1)", "组编号"),
        ("1\x00", "组编号"),
        ("9" * 30, "组编号"),
    ]:
        response = client.post(url, {"other": value}, follow=True)
        assert response.status_code == 200
        if expected:
            assert any(expected in m for m in messages_of(response)), (value, messages_of(response))
    assert {group_of(o) for o in members} == {group.pk}
    assert group_of(elsewhere[0]) != group.pk and group_of(closed[0]) != group.pk


def test_group_list_masks_the_representatives_personal_data(client, handler, two_groups):
    client.force_login(handler)
    html = client.get(reverse("wagtailsnippets_forms_opiniongroup:list")).content.decode()
    assert "电动自行车" in html and "13612345678" not in html


# --- The group form offers only legal transitions -------------------------------------------------


def test_group_form_offers_only_transitions_legal_for_its_members(client, handler, two_groups):
    group, members, _other, _ = two_groups
    client.force_login(handler)
    inspect = reverse("wagtailsnippets_forms_opiniongroup:inspect", args=[group.pk])
    form = client.get(inspect).context["answer_form"]
    offered = [value for value, _label in form.fields["to_status"].choices]
    assert offered == [Status.REVIEWING, Status.INVALID]
    # A crafted decision on opinions still 已接收 is refused; nothing changes.
    answer = reverse("wagtailsnippets_forms_opiniongroup:answer", args=[group.pk])
    response = client.post(answer, {"to_status": Status.ADOPTED, "reply": "采纳"}, follow=True)
    assert any("无法更改状态" in m for m in messages_of(response))
    assert set(Opinion.objects.filter(group=group).values_list("status", flat=True)) == {
        Status.RECEIVED
    }
    # Once some are in review, 转交 is offered for those (with how many it fits).
    transition(members[0], Status.REVIEWING, user=handler)
    form = client.get(inspect).context["answer_form"]
    choices = dict(form.fields["to_status"].choices)
    assert Status.FORWARDED in choices and "1 条可改" in str(choices[Status.FORWARDED])
    assert Status.DUPLICATE not in choices and Status.ADOPTED not in choices
