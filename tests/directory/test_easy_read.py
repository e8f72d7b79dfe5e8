"""Easy read: the switch (kept in the session), the service page and search cards with it on and off."""
import re

import pytest

from directory import easy_read
from directory.easy_read import easy_read_lines

EASY = "We help children who find talking hard. We play and talk with your child.\nYou can come too!"


def lead_lines(html: str) -> list[str]:
    """The lines of the easy-read list that takes the summary's place at the top of a service page."""
    block = re.search(r'<ul class="govuk-list app-easy-read app-easy-read--lead">(.*?)</ul>', html, re.S)
    return re.findall(r"<li>(.*?)</li>", block.group(1), re.S) if block else []


@pytest.fixture
def talking(make_service):
    return make_service("Talk Together", summary="Speech and language therapy groups for under-fives.",
                        easy_read_summary=EASY, categories=["health"])


@pytest.fixture
def plain(make_service):
    return make_service("Plain Play Club", summary="A weekly play session for toddlers.", categories=["health"])


# --- splitting into lines ----------------------------------------------------------------------------------

@pytest.mark.parametrize("text, lines", [
    ("A club. We talk and play.", ["A club.", "We talk and play."]),
    ("Is it free? Yes! Come along.", ["Is it free?", "Yes!", "Come along."]),
    ("One line\nAnother line", ["One line", "Another line"]),
    ("- Call us\n- Email us\n\n1. Come to the group", ["Call us", "Email us", "Come to the group"]),
    ("We said “come in.” Then we played.", ["We said “come in.”", "Then we played."]),
    ("It costs £2.50 a week.", ["It costs £2.50 a week."]),
    ("   \n\n", []),
    ("", []),
    (None, []),
])
def test_easy_read_lines_split_at_sentence_ends_and_line_breaks(text, lines):
    assert easy_read_lines(text) == lines


# --- the switch --------------------------------------------------------------------------------------------

def test_easy_read_is_off_until_turned_on(client, talking):
    html = client.get(f"/services/{talking.id}").get_data(as_text=True)
    assert "Easy read: off" in html
    assert "?easy_read=1" in html
    assert not lead_lines(html)


def test_the_switch_is_kept_in_the_session_and_the_address_is_cleaned(client, talking):
    response = client.get(f"/services/{talking.id}?easy_read=1")
    assert response.status_code == 303
    assert response.headers["Location"] == f"/services/{talking.id}"
    with client.session_transaction() as session:
        assert session[easy_read.SESSION_KEY] is True

    # It stays on for other pages in the same session.
    html = client.get("/search?q=talk").get_data(as_text=True)
    assert "Easy read: on" in html and "Turn off easy read" in html

    response = client.get("/search?q=talk&easy_read=0")
    assert response.status_code == 303
    assert response.headers["Location"] == "/search?q=talk"
    with client.session_transaction() as session:
        assert easy_read.SESSION_KEY not in session
    assert "Easy read: off" in client.get("/search?q=talk").get_data(as_text=True)


def test_the_switch_link_keeps_the_search(client, talking):
    html = client.get("/search?q=talk&free=yes").get_data(as_text=True)
    assert 'href="/search?q=talk&amp;free=yes&amp;easy_read=1"' in html


@pytest.mark.parametrize("value", ["yes", "2", "", "<script>"])
def test_a_nonsense_switch_value_changes_nothing(client, talking, value):
    response = client.get(f"/services/{talking.id}", query_string={"easy_read": value})
    assert response.status_code == 303
    with client.session_transaction() as session:
        assert easy_read.SESSION_KEY not in session


def test_the_clean_address_never_leaves_the_site():
    assert easy_read.without_switch("//evil.example", [("easy_read", "1")]) == "/evil.example"
    assert easy_read.without_switch("/search", [("q", "a b"), ("easy_read", "1")]) == "/search?q=a+b"


def test_a_post_with_the_parameter_is_not_taken_as_a_switch(client, talking):
    response = client.post(f"/services/{talking.id}/report?easy_read=1", data={})
    assert response.status_code != 303
    with client.session_transaction() as session:
        assert easy_read.SESSION_KEY not in session


# --- the service page --------------------------------------------------------------------------------------

def test_with_easy_read_on_the_summary_is_replaced_by_easy_read_lines(client, talking):
    client.get("/?easy_read=1")
    response = client.get(f"/services/{talking.id}")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert lead_lines(html) == ["We help children who find talking hard.", "We play and talk with your child.",
                                "You can come too!"]
    assert "Speech and language therapy groups for under-fives." not in html
    assert "No easy read version yet" not in html
    assert len(re.findall(r"<h1\b", html)) == 1


def test_with_easy_read_off_the_summary_shows_and_easy_read_is_folded_away(client, talking):
    html = client.get(f"/services/{talking.id}").get_data(as_text=True)
    assert '<p class="govuk-body-l">Speech and language therapy groups for under-fives.</p>' in html
    assert "govuk-details" in html and "We play and talk with your child." in html
    assert "No easy read version yet" not in html


def test_a_service_without_easy_read_says_so_when_easy_read_is_on(client, plain):
    client.get("/?easy_read=1")
    html = client.get(f"/services/{plain.id}").get_data(as_text=True)
    assert "A weekly play session for toddlers." in html
    assert "No easy read version yet" in html
    assert not lead_lines(html)


def test_easy_read_text_is_escaped(client, make_service):
    service = make_service("Risky", summary="Fine.", easy_read_summary="We play. <script>alert(1)</script>")
    client.get("/?easy_read=1")
    html = client.get(f"/services/{service.id}").get_data(as_text=True)
    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


# --- search result cards -----------------------------------------------------------------------------------

def card(html: str, name: str) -> str:
    match = re.search(r'<li class="app-result">(?:(?!<li class="app-result">).)*?' + re.escape(name)
                      + r".*?</dl>", html, re.S)
    assert match, name
    return match.group(0)


def test_cards_show_easy_read_where_it_exists_when_on(client, talking, plain):
    client.get("/?easy_read=1")
    html = client.get("/search?category=health").get_data(as_text=True)
    talking_card, plain_card = card(html, "Talk Together"), card(html, "Plain Play Club")
    assert "We play and talk with your child." in talking_card
    assert "Speech and language therapy groups" not in talking_card
    assert "A weekly play session for toddlers." in plain_card
    assert "No easy read version yet" in plain_card
    assert "No easy read version yet" not in talking_card


def test_cards_show_the_summary_when_off(client, talking, plain):
    html = client.get("/search?category=health").get_data(as_text=True)
    assert "Speech and language therapy groups" in card(html, "Talk Together")
    assert "We play and talk with your child." not in html
    assert "No easy read version yet" not in html


def test_category_pages_follow_the_switch_too(client, talking):
    client.get("/?easy_read=1")
    html = client.get("/categories/health").get_data(as_text=True)
    assert "Easy read: on" in html
    assert "We play and talk with your child." in card(html, "Talk Together")
