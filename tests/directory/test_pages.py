"""Public pages: home, service, browse, organisation, glossary."""
import re
import uuid

from directory import services
from directory.models import ARCHIVED, DRAFT, Schedule, ServiceLanguage
from portal.extensions import db


def h1s(response) -> list[str]:
    return re.findall(r"<h1[^>]*>(.*?)</h1>", response.get_data(as_text=True), re.S)


def test_home_explains_and_offers_ways_in(client, make_service):
    make_service("Riverside Speech Clinic", categories=["health"], needs=["slcn"])
    response = client.get("/")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert len(h1s(response)) == 1
    assert "aged 0 to 25" in html
    assert 'action="/search"' in html
    for code in ["education", "health", "social-care", "short-breaks", "post-16", "advice", "leisure"]:
        assert f'href="/categories/{code}"' in html
    assert "1 service" in html  # the health count


def test_service_page_shows_what_a_family_needs(client, make_service):
    service = make_service(
        "Little Stars Short Breaks", summary="Saturday club for disabled children.",
        description="We play games.\n\nWe go on trips.", categories=["short-breaks"], needs=["autism"],
        locations=[("E8 1DY", 51.543, -0.064)], age_min=5, age_max=11, is_free=False,
        cost_detail="£5 a session", self_referral=True, phone="01632 960123", email="stars@example.org",
        eligibility="Children who live in Riverside.", how_to_access="Fill in the form on our website.",
    )
    service.schedules.append(Schedule(weekday=5, description="term time only"))
    service.languages.append(ServiceLanguage(code="tr", name="Turkish"))
    db.session.commit()
    response = client.get(f"/services/{service.id}")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert h1s(response) == ["Little Stars Short Breaks"]
    for text in ["5 to 11 years", "Autism", "£5 a session", "You can refer yourself", "Children who live in Riverside.",
                 'href="tel:01632960123"', 'href="mailto:stars@example.org"', "E8 1DY", "Turkish", "Saturday",
                 "term time only", "We go on trips.", "Riverside Family Support"]:
        assert text in html, text


def test_service_page_leaves_out_empty_fields(client, make_service):
    service = make_service("Bare Service")
    html = client.get(f"/services/{service.id}").get_data(as_text=True)
    for heading in ["Who can use it", ">Contact<", "Opening times", "Languages spoken", "How to access",
                    "Related services", ">Easy read<"]:  # the folded easy-read text, not the switch
        assert heading not in html, heading


def test_related_services_share_a_need(client, make_service):
    one = make_service("Autism Parent Group", needs=["autism"])
    make_service("Autism Swim Club", needs=["autism"])
    make_service("Hearing Support", needs=["hearing-impairment"])
    html = client.get(f"/services/{one.id}").get_data(as_text=True)
    assert "Autism Swim Club" in html and "Hearing Support" not in html


def test_related_services_are_those_sharing_most_terms_then_by_name(app, client, make_service):
    one = make_service("Autism Play Scheme", categories=["leisure", "short-breaks"], needs=["autism", "adhd"])
    make_service("Zebra Club", categories=["leisure", "short-breaks"], needs=["autism", "adhd"])  # shares 4
    make_service("Bramble Breaks", categories=["short-breaks"], needs=["autism", "adhd"])  # shares 3
    make_service("Acorn Autism Group", needs=["autism"])  # shares 1
    make_service("Apple Tree Club", categories=["leisure"])  # shares 1, first by name
    make_service("Cedar Sports", categories=["leisure"], needs=["adhd"])  # shares 2
    make_service("Hidden Twin", categories=["leisure", "short-breaks"], needs=["autism", "adhd"], status=DRAFT)
    make_service("Hearing Support", needs=["hearing-impairment"])  # shares none
    expected = ["Zebra Club", "Bramble Breaks", "Cedar Sports", "Acorn Autism Group", "Apple Tree Club"]
    with app.test_request_context():
        assert [s.name for s in services.related_services(one)] == expected
        assert [s.name for s in services.related_services(one, limit=2)] == expected[:2]
    html = client.get(f"/services/{one.id}").get_data(as_text=True)
    section = html[html.index("Related services"):]
    assert [section.index(name) for name in expected] == sorted(section.index(name) for name in expected)
    assert "Hidden Twin" not in html and "Hearing Support" not in html


def test_related_services_count_shared_terms_exactly_among_a_bounded_sample(app, make_service, monkeypatch):
    """However many services share a term, only some are considered, but the best of those still come first."""
    monkeypatch.setattr(services, "RELATED_CANDIDATES_PER_TERM", 4)
    one = make_service("Autism Swim", categories=["leisure"], needs=["autism"])
    for n in range(8):
        make_service(f"Leisure Only {n}", categories=["leisure"])
        make_service(f"Autism Only {n}", needs=["autism"])
    for n in range(3):
        make_service(f"Both {n}", categories=["leisure"], needs=["autism"])
    with app.test_request_context():
        related = services.related_services(one, limit=10)
    assert 0 < len(related) <= 10
    shared = [len({t.id for t in s.terms} & {t.id for t in one.terms}) for s in related]
    assert shared == sorted(shared, reverse=True)  # counted across both terms, not per term
    assert len(related) <= 2 * 4  # two terms, up to four candidates each


def test_unpublished_and_unknown_services_are_not_found(client, make_service):
    for status in (DRAFT, ARCHIVED):
        hidden = make_service(f"Hidden {status}", status=status)
        assert client.get(f"/services/{hidden.id}").status_code == 404
    assert client.get(f"/services/{uuid.uuid4()}").status_code == 404
    response = client.get("/services/not-a-uuid")
    assert response.status_code == 404
    assert "Page not found" in response.get_data(as_text=True)


def test_browse_by_category_and_need(client, make_service):
    make_service("Holiday Play Scheme", categories=["short-breaks", "leisure"], needs=["learning-disability"])
    make_service("Maths Tutor", categories=["education"])
    html = client.get("/categories/short-breaks").get_data(as_text=True)
    assert "Holiday Play Scheme" in html and "Maths Tutor" not in html
    html = client.get("/needs/learning-disability").get_data(as_text=True)
    assert "Holiday Play Scheme" in html and "Maths Tutor" not in html
    assert "Learning disability" in client.get("/needs").get_data(as_text=True)
    assert client.get("/categories/nonsense").status_code == 404
    assert client.get("/needs/short-breaks?page=abc").status_code == 404
    assert client.get("/categories/education?page=999").status_code == 200


def test_organisation_page_lists_published_services_only(client, make_service, make_organisation):
    org = make_organisation("Hackney Wick Youth Trust", phone="01632 960555")
    make_service("Youth Club", organisation=org)
    make_service("Secret Draft", organisation=org, status=DRAFT)
    html = client.get(f"/organisations/{org.id}").get_data(as_text=True)
    assert "Youth Club" in html and "Secret Draft" not in html and "01632960555" in html
    empty = make_organisation("No Services Yet")
    assert client.get(f"/organisations/{empty.id}").status_code == 404


def test_glossary_explains_the_jargon(client):
    response = client.get("/glossary")
    html = response.get_data(as_text=True)
    assert len(h1s(response)) == 1
    for term in ["EHC plan", "SENCO", "SENDIASS", "CAMHS", "SALT", "OT", "Short breaks", "Preparing for adulthood"]:
        assert term in html, term


def test_listing_text_is_escaped(client, make_service):
    service = make_service("<script>alert(1)</script>", summary="<img src=x onerror=alert(2)>")
    html = client.get(f"/services/{service.id}").get_data(as_text=True)
    assert "<script>alert(1)" not in html and "&lt;script&gt;" in html
    html = client.get("/search?q=alert").get_data(as_text=True)
    assert "<img src=x" not in html


def test_forum_members_can_raise_an_issue_from_a_service_page(client, make_service, make_user, login):
    service = make_service("Riverside Respite")
    assert "Raise an issue or idea about this service" not in client.get(f"/services/{service.id}").get_data(as_text=True)
    login(make_user(roles=("forum_member",)))
    html = client.get(f"/services/{service.id}").get_data(as_text=True)
    assert f'href="/feedback/new?service={service.id}"' in html
