"""An evaluation (实施评估) is commentable on its regulation's articles: targets are the text in
force (keys, labels, links into the regulation page), only while its window is open; a forged
key finds nothing; a resident comments on one article through the real opinion form."""

import pytest
from django.urls import reverse

from core.interfaces import as_commentable
from regulations.services import add_version

from .conftest import items_of, regulation_text


def test_targets_are_the_regulations_articles(make_regulation, make_evaluation):
    regulation = make_regulation(n=4)
    evaluation = as_commentable(make_evaluation(regulation))
    assert evaluation is not None
    targets = evaluation.get_comment_targets()
    articles = regulation.articles()
    assert [t.key for t in targets] == [a["key"] for a in articles]
    assert [t.label for t in targets] == ["第一条", "第二条", "第三条", "第四条"]
    assert targets[1].url == regulation.url + "#article-2"
    assert targets[1].version_label == "公布"
    assert evaluation.current_article_labels([articles[2]["key"], "nope"]) == {
        articles[2]["key"]: "第三条"
    }


def test_forged_keys_and_other_regulations_versions_find_nothing_new(
    make_regulation, make_evaluation
):
    regulation, other = make_regulation(n=3), make_regulation(n=3)
    evaluation = make_evaluation(regulation)
    key = regulation.articles()[0]["key"]
    assert evaluation.get_comment_target("00000000-0000-0000-0000-000000000000") is None
    assert evaluation.get_comment_target("<script>") is None
    assert evaluation.get_comment_target("") is None
    assert evaluation.get_comment_target(other.articles()[0]["key"]) is None
    # Another regulation's version id is not this one's: the article as it reads here.
    target = evaluation.get_comment_target(key, version_id=other.current_version.pk)
    assert target.key == key and target.version_id == regulation.current_version.pk


def test_an_article_changed_since_reads_as_commented(make_regulation, make_evaluation):
    regulation = make_regulation(n=2)
    first = regulation.current_version
    evaluation = make_evaluation(regulation)
    key = regulation.articles()[1]["key"]
    add_version(
        regulation,
        items_of(regulation_text(2, words={2: "改写后的第二条。"})),
        kind="amendment",
        label="修正",
    )
    evaluation = type(evaluation).objects.get(pk=evaluation.pk)
    assert evaluation.get_comment_target(key).text == "改写后的第二条。"
    old = evaluation.get_comment_target(key, version_id=first.pk)
    assert old.text.startswith("关于第2项") and old.version_label == "公布"


@pytest.mark.parametrize("window,accepts", [("open", True), ("closed", False), ("upcoming", False)])
def test_the_window(make_regulation, make_evaluation, window, accepts):
    evaluation = make_evaluation(make_regulation(n=1), window=window)
    assert evaluation.accepts_comments() is accepts
    assert evaluation.comment_window_message()


def _post(**overrides):
    data = {
        "text": "第二条规定的管理事务在我们小区执行得不好，建议明确办理时限。",
        "article": "",
        "category": "public",
        "name": "李四",
        "phone": "13912345678",
        "email": "",
        "region": "滨城区",
        "publish_consent": "anonymous",
        "privacy_consent": "on",
    }
    data.update(overrides)
    return data


def test_a_resident_comments_on_one_article(client, make_regulation, make_evaluation):
    from forms.models import Opinion

    regulation = make_regulation(n=3)
    evaluation = make_evaluation(regulation)
    key = regulation.articles()[1]["key"]
    html = client.get(evaluation.url).content.decode()
    assert "关于第2项管理事务" in html  # the text in force, article by article
    form_url = reverse("opinions_new", args=[evaluation.pk])
    assert f"{form_url}?article={key}" in html
    assert f'href="{form_url}"' in html and "对整部法规提出评估意见" in html  # the whole regulation

    response = client.post(form_url, _post(article=key))
    assert response.status_code == 302
    opinion = Opinion.objects.get(page=evaluation)
    assert (opinion.article_key, opinion.article_label) == (key, "第二条")

    # A forged article key is not stored as one.
    client.post(
        form_url,
        _post(article="11111111-1111-1111-1111-111111111111", text="另一条意见，内容足够长。"),
    )
    assert not Opinion.objects.filter(
        page=evaluation, article_key="11111111-1111-1111-1111-111111111111"
    ).exists()


def test_a_closed_evaluation_takes_no_opinion(client, make_regulation, make_evaluation):
    from forms.models import Opinion

    regulation = make_regulation(n=2)
    evaluation = make_evaluation(regulation, window="closed")
    html = client.get(evaluation.url).content.decode()
    assert "opinions/new/" not in html and "征求意见已于" in html
    client.post(reverse("opinions_new", args=[evaluation.pk]), _post())
    assert not Opinion.objects.filter(page=evaluation).exists()


def test_the_regulation_page_calls_out_an_open_evaluation(client, make_regulation, make_evaluation):
    regulation = make_regulation(n=2)
    assert "实施评估征求意见中" not in client.get(regulation.url).content.decode()
    evaluation = make_evaluation(regulation)
    html = client.get(regulation.url).content.decode()
    assert "实施评估征求意见中" in html and evaluation.url in html
    assert f"{evaluation.url}#article-2" in html  # comment on this article there


def test_conclusions_are_published_once_the_period_is_over(
    client, make_regulation, make_evaluation
):
    regulation = make_regulation(n=1)
    running = make_evaluation(regulation, conclusions="<p>结论：条例总体执行良好。</p>")
    assert "条例总体执行良好" not in client.get(running.url).content.decode()
    done = make_evaluation(
        regulation, window="closed", conclusions="<p>结论：条例总体执行良好。</p>"
    )
    html = client.get(done.url).content.decode()
    assert "评估结论" in html and "条例总体执行良好" in html


def test_the_api_serves_regulations_and_evaluations(client, make_regulation, make_evaluation):
    regulation = make_regulation(n=2)
    make_evaluation(regulation, conclusions="<p>未到公开时间的结论</p>")
    data = client.get(
        "/api/v2/pages/", {"type": "regulations.RegulationPage", "fields": "*"}
    ).json()
    found = next(item for item in data["items"] if item["id"] == regulation.pk)
    assert found["status"] == "in_force" and found["promulgated_on"] == "2020-06-01"
    assert [a["number"] for a in found["structure"] if a["type"] == "article"] == [
        "第一条",
        "第二条",
    ]
    assert found["version_list"][0]["label"] == "公布"
    evaluations = client.get(
        "/api/v2/pages/",
        {"type": "regulations.EvaluationPage", "fields": "*", "child_of": regulation.pk},
    ).json()["items"]
    assert evaluations[0]["window"] == "open" and evaluations[0]["published_conclusions"] == ""


def test_the_form_speaks_of_the_regulation(client, make_regulation, make_evaluation):
    from django.urls import reverse

    evaluation = make_evaluation(make_regulation(3))
    html = client.get(reverse("opinions_new", args=[evaluation.pk])).content.decode()
    assert "对法规实施情况提意见" in html and "法规整体" in html
    assert "对草案提意见" not in html and "草案整体" not in html
