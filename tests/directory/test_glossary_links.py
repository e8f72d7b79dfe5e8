"""Glossary terms linked (and abbreviations expanded) where a listing's text first uses them."""
import re

import pytest
from markupsafe import Markup

from directory.glossary import GLOSSARY
from directory.glossary_links import TERM_FORMS, familiar_words, link_glossary_terms


@pytest.fixture
def ctx(app):
    with app.test_request_context():
        yield


def linked(markup: str) -> list[tuple[str, str]]:
    """(glossary anchor, the words as written) for every glossary link in MARKUP."""
    return [(anchor, re.sub(r"<[^>]+>", "", inner)) for anchor, inner in
            re.findall(r'<a class="govuk-link app-glossary-term" href="/glossary#([\w-]+)">(.*?)'
                        r'<span class="govuk-visually-hidden">', markup)]


def test_every_form_points_at_a_real_glossary_entry():
    anchors = {anchor for anchor, *_ in GLOSSARY}
    assert {form.anchor for form in TERM_FORMS} <= anchors


def test_an_abbreviation_is_linked_and_expanded(ctx):
    html = link_glossary_terms("Ask your SENCO.")
    assert html == Markup(
        'Ask your <a class="govuk-link app-glossary-term" href="/glossary#senco">'
        '<abbr title="special educational needs coordinator">SENCO</abbr>'
        '<span class="govuk-visually-hidden"> (what this means)</span></a>.')


def test_a_longer_term_is_linked_without_abbr(ctx):
    html = link_glossary_terms("We offer short breaks at weekends.")
    assert linked(html) == [("short-breaks", "short breaks")]
    assert "<abbr" not in html


def test_only_the_first_occurrence_is_linked(ctx):
    html = link_glossary_terms("SEND support. More SEND help. An EHC plan, then an EHCP, then SEND again.")
    assert linked(html) == [("send", "SEND"), ("ehcp", "EHC plan")]
    assert html.count("SEND") == 3


def test_first_occurrence_counts_across_the_page(ctx):
    seen: set[str] = set()
    first = link_glossary_terms("For families with an EHC plan.", seen)
    second = link_glossary_terms("Bring your EHC plan and ask your SENCO.", seen)
    assert linked(first) == [("ehcp", "EHC plan")]
    assert linked(second) == [("senco", "SENCO")]


@pytest.mark.parametrize("text, expected", [
    ("Talk to the senco", [("senco", "senco")]),
    ("Talk to the SENCo", [("senco", "SENCo")]),
    ("Your ehc Plan review", [("ehcp", "ehc Plan")]),
    ("Short Breaks for disabled children", [("short-breaks", "Short Breaks")]),
    ("our Local offer", [("local-offer", "Local offer")]),
    ("EHC plans and SENCOs", [("ehcp", "EHC plans"), ("senco", "SENCOs")]),
])
def test_matching_ignores_letter_case_and_takes_plurals(ctx, text, expected):
    assert linked(link_glossary_terms(text)) == expected


@pytest.mark.parametrize("text", [
    "We send a letter.",          # the verb, not the abbreviation
    "SENDING letters",            # inside a longer word
    "Our SENDERS",
    "Add salt to taste.",         # everyday words that are also abbreviations need capitals
    "The rag rug club",
    "A hot day",
    "RESENDS",
    "PRESENCO",
])
def test_words_that_only_look_like_terms_are_left_alone(ctx, text):
    html = link_glossary_terms(text)
    assert "app-glossary-term" not in html
    assert html == Markup.escape(text)


def test_word_boundaries_still_allow_punctuation_around_a_term(ctx):
    html = link_glossary_terms("(SEND) support, post-16 options; CAMHS.")
    assert linked(html) == [("send", "SEND"), ("post-16", "post-16"), ("camhs", "CAMHS")]


def test_longest_form_wins(ctx):
    html = link_glossary_terms("Help with SEN support in school.")
    assert linked(html) == [("sen-support", "SEN support")]


def test_content_is_escaped_and_a_script_comes_out_inert(ctx):
    text = 'For SEND <script>alert("x")</script> & "quotes" <b>bold</b>'
    html = link_glossary_terms(text)
    assert isinstance(html, Markup)
    assert "<script>" not in html and "<b>" not in html
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; &#34;quotes&#34; &lt;b&gt;bold&lt;/b&gt;" in html
    assert linked(html) == [("send", "SEND")]


def test_a_term_inside_markup_like_text_is_still_escaped(ctx):
    html = link_glossary_terms('<a href="x">SENCO</a>')
    assert html.startswith("&lt;a href=&#34;x&#34;&gt;")
    assert html.endswith("&lt;/a&gt;")


def test_empty_text(ctx):
    assert link_glossary_terms("") == Markup("")
    assert link_glossary_terms(None) == Markup("")


def test_glossary_words_count_as_familiar():
    words = familiar_words()
    assert {"educational", "disabilities", "coordinator", "co-production"} <= words


def test_the_service_page_links_terms_once_and_keeps_scripts_inert(client, make_service):
    service = make_service(
        "Bridges", summary="Help for families.",
        description="For children with SEND and an EHC plan.\n\nOur SEND team <script>alert(1)</script> helps.",
        eligibility="Children with SEND aged 5 to 11.",
        how_to_access="Ask your SENCO, or a short breaks worker, to refer you. Any SENCO can.")
    html = client.get(f"/services/{service.id}").get_data(as_text=True)
    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    links = linked(html)
    # Eligibility comes first on the page, so it explains SEND; the description does not again.
    assert links == [("send", "SEND"), ("ehcp", "EHC plan"), ("senco", "SENCO"), ("short-breaks", "short breaks")]
    assert html.count('href="/glossary#send"') == 1
