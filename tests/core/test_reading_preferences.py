"""适老化: larger text and high-contrast / eye-care modes, remembered across pages without JS."""

from core.reading import parse_cookie


def test_choice_is_remembered_across_pages(client, demo_site):
    response = client.get("/prefs/", {"text": "large", "next": "/about/"})
    assert response.status_code == 302
    assert response["Location"] == "/about/"
    html = client.get("/help/").content.decode()
    assert 'class="text-large theme-default"' in html
    client.get("/prefs/", {"theme": "contrast", "next": "/"})
    html = client.get("/en/").content.decode()
    assert 'class="text-large theme-contrast"' in html


def test_current_choice_is_marked_for_screen_readers(client, demo_site):
    client.get("/prefs/", {"theme": "eyecare"})
    html = client.get("/").content.decode()
    assert 'data-reading-theme="eyecare" aria-current="true"' in html


def test_redirect_never_leaves_the_site(client, demo_site):
    response = client.get("/prefs/", {"text": "large", "next": "https://evil.example/"})
    assert response["Location"] == "/"


def test_unknown_values_fall_back_to_defaults():
    prefs = parse_cookie("huge.<script>")
    assert (prefs.text, prefs.theme) == ("normal", "default")
    assert parse_cookie(None).html_classes == "text-normal theme-default"
