"""Search behaviour: text, synonyms, typos, filters, facets, distance, sorting, paging, highlighting."""
from __future__ import annotations

import uuid
from datetime import datetime

import pytest
from markupsafe import Markup

from directory.search import SearchQuery, search, suggest_spelling
from directory.search.synonyms import load, parse

HACKNEY = ("E8 1EA", 51.5450, -0.0553)


def found(**query) -> list[uuid.UUID]:
    return [hit.service_id for hit in search(SearchQuery(**query)).hits]


# Free text -------------------------------------------------------------------------------------

def test_stemming_swimming_finds_swim_club(make_service):
    swim = make_service("Riverside Swim Club", summary="Weekly sessions at the leisure centre")
    make_service("Chess Club", summary="Board games on Saturdays")
    assert found(text="swimming") == [swim.id]
    assert found(text="swims") == [swim.id]


def test_plural_and_singular_match(make_service):
    therapy = make_service("Therapies for children", summary="Physiotherapy and more")
    assert found(text="therapy") == [therapy.id]


def test_name_outranks_summary_outranks_description(make_service):
    # Alphabetical order is the reverse of the expected one, so a name sort cannot pass this.
    in_description = make_service("Alpha Centre", summary="Help for families",
                                  description="Our hall has a trampoline and soft play.")
    in_summary = make_service("Beta Centre", summary="Trampoline sessions for families",
                              description="Our hall has soft play.")
    in_name = make_service("Gamma Trampoline Centre", summary="Sessions for families",
                           description="Our hall has soft play.")
    assert found(text="trampoline") == [in_name.id, in_summary.id, in_description.id]


def test_words_are_anded(make_service):
    both = make_service("Autism swimming", summary="Pool sessions")
    make_service("Swimming for all", summary="Pool sessions")
    make_service("Autism advice", summary="Help line")
    assert found(text="autism swimming") == [both.id]


def test_no_listing_has_every_word_falls_back_to_any(make_service):
    swim = make_service("Swim club", summary="Pool sessions")
    music = make_service("Music group", summary="Singing")
    results = search(SearchQuery(text="swim music"))
    assert results.total == 2
    assert set(h.service_id for h in results.hits) == {swim.id, music.id}


def test_organisation_and_topic_names_are_searched(make_service, make_organisation):
    forum = make_organisation("Riverside Parent Carer Forum")
    by_org = make_service("Coffee mornings", summary="Meet other parents", organisation=forum)
    by_need = make_service("Reading club", summary="Stories", needs=["visual-impairment"])
    make_service("Chess club", summary="Board games")
    assert found(text="forum") == [by_org.id]
    assert found(text="visual impairment") == [by_need.id]


def test_only_stop_words_is_like_no_text(make_service):
    a = make_service("Alpha")
    b = make_service("Beta")
    assert found(text="the and of") == [a.id, b.id]


# Synonyms --------------------------------------------------------------------------------------

SYNONYM_PAIRS = [
    ("SALT", "speech and language therapy"),
    ("ASD", "autism"),
    ("ASC", "autism"),
    ("autistic", "autism"),
    ("respite", "short breaks"),
    ("EHCP", "education health and care plan"),
    ("OT", "occupational therapy"),
    ("CAMHS", "mental health"),
    ("PfA", "preparing for adulthood"),
    ("SENCO", "special educational needs coordinator"),
]


@pytest.mark.parametrize("jargon, plain", SYNONYM_PAIRS)
@pytest.mark.parametrize("direction", ["jargon finds plain", "plain finds jargon"])
def test_synonyms_work_both_ways(make_service, jargon, plain, direction):
    listed, typed = (plain, jargon) if direction == "jargon finds plain" else (jargon, plain)
    target = make_service("Riverside service", summary=f"We offer {listed} for local families.")
    make_service("Chess club", summary="Board games on Saturdays")
    assert found(text=typed) == [target.id]


def test_synonym_phrase_must_be_a_phrase(make_service):
    make_service("Walking group", summary="A short walk, with breaks for lunch")
    breaks = make_service("Weekend club", summary="Short breaks for disabled children")
    assert found(text="respite") == [breaks.id]


def test_synonym_highlight_marks_the_listed_words(make_service):
    make_service("Weekend club", summary="Short breaks at the weekend, and a short walk for a break")
    hit = search(SearchQuery(text="respite")).hits[0]
    assert hit.highlight == Markup("<mark>Short breaks</mark> at the weekend, and a short walk for a break")


def test_highlight_marks_a_phrase_with_its_stop_words(make_service):
    make_service("Help", summary="Help with an education, health and care plan. We plan ahead.")
    hit = search(SearchQuery(text="EHCP")).hits[0]
    assert str(hit.highlight) == "Help with an <mark>education, health and care plan</mark>. We plan ahead."


def test_synonyms_file_format(tmp_path):
    path = tmp_path / "synonyms.txt"
    path.write_text("# a comment\n\nswim, swimming pool\n  zorb ,  bubble football \nlonely\n")
    assert parse(path.read_text().splitlines()) == [["swim", "swimming pool"], ["zorb", "bubble football"]]
    synonyms = load(str(path))
    assert len(synonyms) == 2
    assert synonyms.match(["bubbl", "footbal"], 0).concept == synonyms.match(["zorb"], 0).concept


def test_shipped_synonyms_group_the_required_pairs():
    synonyms = load()
    from directory.search.text import stems
    for jargon, plain in SYNONYM_PAIRS:
        a, b = synonyms.match(stems(jargon), 0), synonyms.match(stems(plain), 0)
        assert a and b and a.concept == b.concept, (jargon, plain)


# Typos -----------------------------------------------------------------------------------------

def test_typo_finds_the_intended_word(make_service):
    autism = make_service("Autism support group", summary="For parents")
    make_service("Chess club", summary="Board games")
    results = search(SearchQuery(text="autsim"))
    assert [h.service_id for h in results.hits] == [autism.id]
    assert results.suggestion == "autism"


def test_typo_of_a_synonym_finds_its_group(make_service):
    autistic = make_service("Social club", summary="For autistic teenagers")
    assert found(text="autsim") == [autistic.id]


def test_typo_in_one_of_two_words(make_service):
    swim = make_service("Swimming lessons", summary="For disabled children")
    make_service("Swimming gala", summary="Spectators welcome")
    results = search(SearchQuery(text="swiming lessons"))
    assert [h.service_id for h in results.hits] == [swim.id]
    assert results.suggestion == "swimming lessons"


def test_did_you_mean_for_a_rare_spelling(make_service):
    make_service("Speach group", summary="A typo in a listing")
    for n in range(5):
        make_service(f"Speech clinic {n}", summary="Therapy")
    results = search(SearchQuery(text="speach"))
    assert results.total == 1
    assert results.suggestion == "speech"


def test_no_suggestion_when_spelled_right(make_service):
    make_service("Speech clinic", summary="Therapy")
    assert search(SearchQuery(text="speech")).suggestion is None
    assert suggest_spelling("speech clinic") is None


def test_suggest_spelling_keeps_the_rest_of_the_text(make_service):
    make_service("Counselling for young people", summary="Talk to someone")
    assert suggest_spelling("Councelling for young people") == "counselling for young people"
    assert suggest_spelling("zzzzzz") is None


def test_no_suggestion_when_nothing_is_close(make_service):
    make_service("Chess club")
    results = search(SearchQuery(text="xylophone"))
    assert results.total == 0 and results.suggestion is None


# Filters ---------------------------------------------------------------------------------------

def test_categories_are_anded(make_service):
    both = make_service("Both", categories=["education", "health"])
    make_service("Education only", categories=["education"])
    make_service("Health only", categories=["health"])
    assert found(categories=["education", "health"]) == [both.id]
    assert len(found(categories=["education"])) == 2


def test_needs_are_anded(make_service):
    both = make_service("Both", needs=["autism", "adhd"])
    make_service("Autism only", needs=["autism"])
    assert found(needs=["autism", "adhd"]) == [both.id]
    assert len(found(needs=["autism"])) == 2


@pytest.mark.parametrize("age, included", [(4, False), (5, True), (8, True), (11, True), (12, False)])
def test_age_boundaries_are_inclusive(make_service, age, included):
    service = make_service("Primary club", age_min=5, age_max=11)
    assert found(age=age) == ([service.id] if included else [])


def test_free_filter(make_service):
    free = make_service("Free club", is_free=True)
    make_service("Paid club", is_free=False)
    assert found(free=True) == [free.id]


def test_self_referral_filter(make_service):
    direct = make_service("Drop in", self_referral=True)
    make_service("By referral", self_referral=False)
    assert found(self_referral=True) == [direct.id]


def test_delivery_modes_are_anded(make_service):
    both = make_service("Both ways", delivery=["in_person", "online"])
    make_service("Online only", delivery=["online"])
    make_service("Home visits", delivery=["home_visits"])
    assert found(delivery=["in_person", "online"]) == [both.id]
    assert len(found(delivery=["online"])) == 2


def test_filters_and_text_combine(make_service):
    match = make_service("Swim club", categories=["leisure"], needs=["autism"], age_min=5, age_max=16,
                         is_free=True, self_referral=True, delivery=["in_person"])
    make_service("Swim club paid", categories=["leisure"], needs=["autism"], age_min=5, age_max=16,
                 is_free=False, self_referral=True, delivery=["in_person"])
    make_service("Swim club teens", categories=["leisure"], needs=["autism"], age_min=13, age_max=16,
                 is_free=True, self_referral=True, delivery=["in_person"])
    make_service("Swim club online", categories=["leisure"], needs=["autism"], age_min=5, age_max=16,
                 is_free=True, self_referral=True, delivery=["online"])
    make_service("Music club", categories=["leisure"], needs=["autism"], age_min=5, age_max=16,
                 is_free=True, self_referral=True, delivery=["in_person"])
    query = dict(text="swimming", categories=["leisure"], needs=["autism"], age=8, free=True,
                 self_referral=True, delivery=["in_person"])
    assert found(**query) == [match.id]


def test_unknown_filter_code_matches_nothing(make_service):
    make_service("Club", categories=["leisure"])
    assert search(SearchQuery(categories=["no-such-code"])).total == 0


# Facets ----------------------------------------------------------------------------------------

def test_facet_counts_match_the_results(make_service):
    specs = [
        dict(categories=["leisure"], needs=["autism"], delivery=["in_person"], is_free=True, self_referral=True),
        dict(categories=["leisure", "health"], needs=["autism", "adhd"], delivery=["online"], is_free=False,
             self_referral=True),
        dict(categories=["health"], needs=[], delivery=["in_person", "home_visits"], is_free=True,
             self_referral=False),
        dict(categories=["education"], needs=["adhd"], delivery=["online"], is_free=True, self_referral=False),
    ]
    for n, spec in enumerate(specs):
        make_service(f"Club {n}", summary="A club", **spec)
    make_service("Unrelated", summary="Something else", categories=["advice"], is_free=True)

    def by_hand(chosen):
        counts = {"category": {}, "need": {}, "delivery": {}}
        for spec in chosen:
            for facet, key in (("category", "categories"), ("need", "needs"), ("delivery", "delivery")):
                for value in spec[key]:
                    counts[facet][value] = counts[facet].get(value, 0) + 1
        counts["free"] = {"yes": sum(s["is_free"] for s in chosen)}
        counts["self_referral"] = {"yes": sum(s["self_referral"] for s in chosen)}
        return counts

    results = search(SearchQuery(text="club"))
    assert results.total == 4
    assert results.facets == by_hand(specs)

    results = search(SearchQuery(text="club", free=True))
    assert results.total == 3
    assert results.facets == by_hand([s for s in specs if s["is_free"]])


# Distance --------------------------------------------------------------------------------------

def test_distance_is_haversine_miles_to_the_nearest_location(make_service):
    # One degree of latitude is 69.09 miles; one degree of longitude at 51.5 N is 43.0 miles.
    north = make_service("North", locations=[("N1", 52.5, 0.0)])
    east = make_service("East", locations=[("E1", 51.5, 1.0), ("X1", 53.5, 1.0)])
    online = make_service("Online", delivery=["online"])
    hits = {h.service_id: h for h in search(SearchQuery(origin=(51.5, 0.0))).hits}
    assert hits[north.id].distance_miles == pytest.approx(69.09, abs=0.05)
    assert hits[east.id].distance_miles == pytest.approx(43.0, abs=0.1)
    assert hits[online.id].distance_miles is None


def test_no_origin_no_distance(make_service):
    make_service("Somewhere", locations=[HACKNEY])
    assert search(SearchQuery()).hits[0].distance_miles is None


@pytest.fixture(params=["measure all", "search by map cell"])
def distance_method(request, monkeypatch):
    from directory.search import whoosh_backend
    monkeypatch.setattr(whoosh_backend, "GRID_FROM", 10**9 if request.param == "measure all" else 0)


def test_sort_by_distance_nearest_first_then_unlocated(make_service, distance_method):
    far = make_service("Aardvark far", locations=[("N1", 51.60, -0.06)])
    online = make_service("Aardvark online")
    near = make_service("Zebra near", locations=[("E8", 51.546, -0.055)])
    middle = make_service("Middle", locations=[("E5", 51.56, -0.055)])
    results = search(SearchQuery(origin=(51.545, -0.055), sort="distance"))
    assert [h.service_id for h in results.hits] == [near.id, middle.id, far.id, online.id]
    distances = [h.distance_miles for h in results.hits[:3]]
    assert distances == sorted(distances)


def test_sort_by_distance_with_text_and_paging(make_service, distance_method):
    services = [make_service(f"Club {n}", summary="swimming", locations=[("E8", 51.5 + n / 100, 0.0)])
                for n in range(5)]
    make_service("Far away chess", summary="chess", locations=[("E8", 51.5, 0.0)])
    page2 = search(SearchQuery(text="swimming", origin=(51.5, 0.0), sort="distance", page=2, per_page=2))
    assert [h.service_id for h in page2.hits] == [services[2].id, services[3].id]
    assert page2.total == 5


def test_grid_finds_the_same_nearest_as_measuring_all():
    import random

    from directory.search.distance import Grid, nearest_miles, prepare
    rng = random.Random(3)
    points = [prepare([(51.5 + rng.gauss(0, 0.3), -0.1 + rng.gauss(0, 0.5))
                       for _ in range(rng.choice([0, 1, 1, 2]))]) for _ in range(3000)]
    member = bytes(rng.choice([0, 255, 85]) for _ in range(3000 // 8 + 1))
    members = [d for d in range(3000) if member[d >> 3] >> (d & 7) & 1]
    grid = Grid(points)
    for origin in [(51.5, -0.1), (51.9, 0.6), (50.0, -3.0), (55.0, -0.1)]:
        exact = nearest_miles(origin, points, members)
        best = sorted(exact, key=lambda d: (exact[d], d))[:25]
        near = grid.nearest(origin, points, member, 25)
        assert sorted(near, key=lambda d: (near[d], d))[:25] == best
        assert all(near[d] == exact[d] for d in near)


def test_sort_distance_without_origin_does_not_fail(make_service):
    make_service("Club")
    assert search(SearchQuery(sort="distance")).total == 1


# Sorting and paging ----------------------------------------------------------------------------

def test_sort_by_name(make_service):
    b = make_service("banana club", summary="club")
    a = make_service("Apple club", summary="club")
    c = make_service("Cherry club", summary="club club club")
    assert found(text="club", sort="name") == [a.id, b.id, c.id]


def test_no_text_relevance_is_name_order(make_service):
    b = make_service("Beta")
    a = make_service("alpha")
    assert found() == [a.id, b.id]


def test_sort_by_updated_newest_first(make_service):
    old = make_service("Old", updated_at=datetime(2023, 1, 1))
    new = make_service("New", updated_at=datetime(2025, 6, 1))
    mid = make_service("Mid", updated_at=datetime(2024, 3, 1))
    assert found(sort="updated") == [new.id, mid.id, old.id]


def test_pagination(make_service):
    made = {make_service(f"Service {n:02d}").id for n in range(25)}
    pages = [search(SearchQuery(page=p, per_page=10)) for p in (1, 2, 3, 4)]
    assert [len(r.hits) for r in pages] == [10, 10, 5, 0]
    assert all(r.total == 25 for r in pages)
    seen = [h.service_id for r in pages for h in r.hits]
    assert len(seen) == 25 and set(seen) == made


def test_hits_are_uuids(make_service):
    service = make_service("Club")
    hit = search(SearchQuery()).hits[0]
    assert isinstance(hit.service_id, uuid.UUID) and hit.service_id == service.id


# Highlighting ----------------------------------------------------------------------------------

def test_highlight_marks_matches_and_escapes_everything_else(make_service):
    make_service("Club", summary='Swimming & <script>alert("x")</script> twice a week; she swims')
    hit = search(SearchQuery(text="swim")).hits[0]
    assert isinstance(hit.highlight, Markup)
    assert str(hit.highlight) == ('<mark>Swimming</mark> &amp; &lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; '
                                  'twice a week; she <mark>swims</mark>')


def test_highlight_without_text_is_the_escaped_summary(make_service):
    make_service("Club", summary="Fish & chips")
    assert str(search(SearchQuery()).hits[0].highlight) == "Fish &amp; chips"


def test_highlight_cannot_be_injected_through_the_query(make_service):
    make_service("Club", summary="Mark my words")
    hit = search(SearchQuery(text="<mark>words</mark>")).hits[0]
    assert str(hit.highlight) == "<mark>Mark</mark> my <mark>words</mark>"


# Hostile and odd input -------------------------------------------------------------------------

@pytest.mark.parametrize("text", ['"swim', "swim*", "(swim", "swim)", "swim AND", "AND", "OR NOT", "name:swim",
                                  "swim^3", "swim~2", "[a TO z]", "{x}", ":", "*", "?", "\\", "''", "-swim",
                                  "+swim", "swim/club", "swim\x00club", "🏊 swim", "ſwim"])
def test_query_syntax_is_plain_words(make_service, text):
    swim = make_service("Swim club", summary="Pool sessions")
    results = search(SearchQuery(text=text))
    if "swim" in text.lower() and "\x00" not in text:
        assert swim.id in [h.service_id for h in results.hits]


def test_very_long_query_does_not_crash(make_service):
    autism = make_service("Autism club")
    assert search(SearchQuery(text="autism " * 700)).total == 1
    assert search(SearchQuery(text="x" * 5000)).total == 0
    assert search(SearchQuery(text=" ".join(f"word{n}" for n in range(1000)))).total == 0
    assert found(text="autism " + "qwertyuiop " * 600) == [autism.id]


def test_odd_paging_values_do_not_crash(make_service):
    make_service("Club")
    assert search(SearchQuery(page=0, per_page=0)).total == 1
    assert search(SearchQuery(page=-3)).hits


def test_stale_listings_rank_below_fresh_ones_of_equal_relevance(app, make_service):
    """A listing not checked within the review period comes after an equally relevant fresh one."""
    from datetime import date, timedelta

    from directory.search import SearchQuery, search

    old = date.today() - timedelta(days=app.config["REVIEW_PERIOD_DAYS"] + 30)
    make_service("Aardvark Swimming", summary="Swimming lessons", assured_on=old)
    make_service("Zebra Swimming", summary="Swimming lessons", assured_on=date.today())
    names = [h.service_id for h in search(SearchQuery(text="swimming")).hits]
    from directory.models import Service
    from portal.extensions import db
    ordered = [db.session.get(Service, i).name for i in names]
    assert ordered == ["Zebra Swimming", "Aardvark Swimming"]
    # A more relevant stale listing still comes first: staleness only breaks ties.
    make_service("Swimming Club", summary="Swimming for everyone", description="swimming swimming", assured_on=old)
    first = db.session.get(Service, search(SearchQuery(text="swimming")).hits[0].service_id)
    assert first.name == "Swimming Club"
