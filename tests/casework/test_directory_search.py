"""Directory search (issue 18, item 8): words in names, keywords, descriptions and categories,
found by PostgreSQL's English full-text search here (stems: "meals" finds "meal"); the embedded
SQLite mode's fallback (parts of words) is checked on SQLite by tests/core/test_embedded_mode.py
(tests/embedded_crawl.py searches the demo directory). A resource's page starts a referral for
a client of the person's own caseload."""

import pytest
from django.urls import reverse

from casework.selectors.resource import directory

from .helpers import resource_make


@pytest.fixture
def services(case_manager):
    return [
        resource_make(
            case_manager,
            name="Oak House",
            description="A home for men leaving treatment.",
            keywords="sober living, halfway house",
        ),
        resource_make(
            case_manager,
            organization_name="Harbor Pantry",
            name="Community pantry",
            description="Free groceries and a hot meal on Fridays.",
            category_codes=["food"],
        ),
        resource_make(
            case_manager,
            organization_name="Northgate Works",
            name="Job readiness workshop",
            description="Résumés and interview practice.",
            category_codes=["employment"],
            keywords="work, career",
        ),
    ]


def _found(q: str) -> list[str]:
    return [resource.name for resource in directory(q=q)]


@pytest.mark.parametrize(
    ("words", "names"),
    [
        ("sober", ["Oak House"]),  # a keyword
        ("halfway house", ["Oak House"]),  # every word, anywhere
        ("meals", ["Community pantry"]),  # a stem of the description's "meal"
        ("food", ["Community pantry"]),  # a category's name
        ("Employment", ["Job readiness workshop"]),  # another category, any case
        ("career", ["Job readiness workshop"]),
        ("interview", ["Job readiness workshop"]),
        ("pantry", ["Community pantry"]),  # the name
        ("Harbor", ["Community pantry"]),  # the organization
        ("spanish", ["Community pantry", "Job readiness workshop", "Oak House"]),  # a language
        ("sober food", []),
        ("zebra", []),
    ],
)
def test_search_finds_words_in_names_keywords_descriptions_and_categories(services, words, names):
    assert _found(words) == names


def test_the_directory_page_searches_the_same_way(client, case_manager, services):
    client.force_login(case_manager)
    page = client.get(reverse("casework:resources"), {"q": "sober"}).content.decode()
    assert "Oak House" in page and "Community pantry" not in page


def test_a_resource_page_starts_a_referral_for_a_client_of_the_caseload(
    client, case_manager, client_record, other_client_record, services
):
    client.force_login(case_manager)
    resource = services[0]
    page = client.get(reverse("casework:resource", args=[resource.pk])).content.decode()
    assert "Refer a client here" in page
    assert client_record.display_name in page
    assert other_client_record.display_name not in page  # not on this caseload
    refer = reverse("casework:resource_refer", args=[resource.pk])
    response = client.get(refer, {"client": client_record.pk})
    new = reverse("casework:referral_new", args=[client_record.pk])
    assert response.status_code == 302
    assert response["Location"] == f"{new}?resource={resource.pk}"
    form = client.get(response["Location"]).context["form"]
    assert str(form["resource"].value()) == str(resource.pk)
    # Someone else's client: as if there were none; nonsense: a plain 400.
    assert client.get(refer, {"client": other_client_record.pk}).status_code == 404
    assert client.get(refer, {"client": "x"}).status_code == 400
    assert client.get(refer)["Location"] == reverse("casework:resource", args=[resource.pk])


def test_facilitators_read_the_directory_but_refer_no_one(client, facilitator, services):
    client.force_login(facilitator)
    resource = services[0]
    page = client.get(reverse("casework:resource", args=[resource.pk])).content.decode()
    assert "Refer a client here" not in page
    refer = reverse("casework:resource_refer", args=[resource.pk])
    assert client.get(refer, {"client": 1}).status_code == 403


def test_the_demo_directory_finds_what_people_search_for(db):
    """The same searches as the embedded SQLite mode's (tests/core/test_embedded_mode.py),
    here with PostgreSQL's full-text search: the same answers."""
    from casework.demo.referral import seed_directory

    seed_directory()
    assert _found("sober") == ["Peer recovery community", "Recovery residence placement"]
    assert _found("food pantry") == ["Emergency food box", "Weekly groceries"]
    assert _found("Narcan") == ["Naloxone and test strips"]
    legal = _found("Legal")
    assert "Expungement clinic" in legal and "Tenant rights help" in legal
