"""The 普法园地 menu is there for the people who write and review 普法 articles, not for every
office role with admin access."""

import json

import pytest
from django.contrib.auth.models import Group

from law_education.workflow import EDITORS


def _menu_labels(client) -> str:
    html = client.get("/admin/").content.decode()
    start = html.index('id="wagtail-sidebar-props"')
    props = json.loads(html[html.index(">", start) + 1 : html.index("</script>", start)])
    return json.dumps(props, ensure_ascii=False)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("group", "shown"), [(EDITORS, True), ("意见办理员", False), ("草案编辑", False)]
)
def test_law_education_menu_only_for_its_editors(client, django_user_model, group, shown):
    user = django_user_model.objects.create_user("menu-" + str(abs(hash(group))), password="x")
    user.groups.add(Group.objects.get(name=group))
    client.force_login(user)
    labels = _menu_labels(client)
    assert ("普法文章" in labels) is shown, labels[:500]
