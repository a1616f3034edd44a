"""A questionnaire takes answers only through its own questions. The generic
opinion form and the opinions API refuse a submission to it."""

import json

from forms import api_keys
from forms.models import ApiClient, Opinion


def test_the_opinion_form_refuses_a_questionnaire(client, questionnaire):
    url = f"/opinions/new/{questionnaire.pk}/"
    assert client.get(url).status_code == 404
    response = client.post(url, {"text": "借问卷页面提交的意见", "privacy_consent": "on"})
    assert response.status_code == 404
    assert not Opinion.objects.filter(page_id=questionnaire.pk).exists()


def test_the_api_refuses_a_questionnaire(client, questionnaire):
    api_client = ApiClient(name="小程序")
    key = api_keys.issue(api_client)
    api_client.save()
    payload = {
        "page_id": questionnaire.pk,
        "text": "借问卷页面提交的意见",
        "category": "public",
        "privacy_consent": True,
    }
    response = client.post(
        "/api/opinions/", json.dumps(payload), content_type="application/json", HTTP_X_API_KEY=key
    )
    assert response.status_code == 404, response.content
    assert response.json()["message"]
    assert not Opinion.objects.filter(page_id=questionnaire.pk).exists()
