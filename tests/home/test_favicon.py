"""A favicon (issue 18, item 9): /favicon.ico answers with an icon, to anyone, and every page
links its icons."""

from django.urls import reverse


def test_favicon_ico_is_an_icon_for_anyone(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/x-icon"
    assert response.content[:4] == b"\x00\x00\x01\x00"  # an ICO file's header
    assert "max-age=86400" in response["Cache-Control"]


def test_pages_link_their_icon(client, client_user):
    for page in (reverse("account_login"), reverse("groups:finder")):
        html = client.get(page).content.decode()
        assert '<link rel="icon" href="/favicon.ico"' in html
    client.force_login(client_user)
    html = client.get(reverse("home:my_recovery")).content.decode()
    assert '<link rel="icon" href="/favicon.ico"' in html
