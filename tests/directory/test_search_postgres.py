"""The PostgreSQL search backend's own workings: the weighted tsvector, the GIN index, pg_trgm, translations
stemmed by PostgreSQL's configuration for their language, keeping the index in step, healing.

Always on PostgreSQL with the postgres backend, whatever TEST_DATABASE says: on a SQLite run the conftest
starts its throwaway server for this module (never a skip). The behaviour both backends share is tested
in test_search.py, test_search_page.py and test_translated_search.py, which run on this backend whenever
the database is PostgreSQL.
"""
from __future__ import annotations

import pytest
from flask import Flask
from sqlalchemy import text

from directory import content_translations as ct
from directory.models import CONTENT_SERVICE
from directory.search import BACKENDS, SearchQuery, backend, init_app, reindex, search, suggest_spelling
from directory.search.postgres_backend import SCHEMA, PostgresBackend, tsvector_literal
from portal.extensions import db

pytestmark = [pytest.mark.database_engine("postgresql"), pytest.mark.search_backend("postgres")]


def found(**query) -> list:
    return [hit.service_id for hit in search(SearchQuery(**query)).hits]


def sql(statement: str, **params):
    with db.engine.connect() as conn:
        return conn.execute(text(statement), params).all()


def lexemes(service_id, weights: str) -> set[str]:
    """The lexemes of a service's tsvector that carry one of these weights (e.g. "a" or "ab")."""
    (row,) = sql(f"SELECT tsvector_to_array(ts_filter(document, CAST(:weights AS \"char\"[]))) "
                 f"FROM {SCHEMA}.documents WHERE service_id = :id", weights="{" + ",".join(weights) + "}",
                 id=service_id)
    return set(row[0])


@pytest.fixture
def officer(make_user):
    return make_user("officer@example.org", roles=("officer",))


def test_the_postgres_backend_is_in_use(app):
    assert isinstance(backend(), PostgresBackend)
    assert db.engine.dialect.name == "postgresql"


# Choosing the backend ---------------------------------------------------------------------------

@pytest.mark.parametrize("uri, configured, expected", [
    ("postgresql+psycopg://u@localhost/portal", "", "postgres"),
    ("postgresql://u@localhost/portal", None, "postgres"),
    ("sqlite:///portal.sqlite", "", "whoosh"),
    ("postgresql+psycopg://u@localhost/portal", "whoosh", "whoosh"),
])
def test_the_default_backend_follows_the_database_engine(tmp_path, uri, configured, expected):
    assert BACKENDS == ("whoosh", "postgres")
    other = Flask("other")
    other.config.update(SQLALCHEMY_DATABASE_URI=uri, SEARCH_BACKEND=configured,
                        SEARCH_INDEX_DIR=str(tmp_path / "index"))
    init_app(other)
    assert type(other.extensions["directory_search"]).__name__ == \
        {"postgres": "PostgresBackend", "whoosh": "WhooshBackend"}[expected]


def test_postgres_search_on_a_sqlite_database_is_refused_with_the_reason(tmp_path):
    other = Flask("other")
    other.config.update(SQLALCHEMY_DATABASE_URI="sqlite:///portal.sqlite", SEARCH_BACKEND="postgres",
                        SEARCH_INDEX_DIR=str(tmp_path / "index"))
    with pytest.raises(ValueError, match="SEARCH_BACKEND=postgres needs a PostgreSQL database"):
        init_app(other)


# The schema it makes for itself -----------------------------------------------------------------

def test_schema_objects_are_made_on_first_use(app, make_service):
    make_service("Swim club")
    assert search(SearchQuery(text="swim")).total == 1
    assert sql("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'")
    indexes = [row[0] for row in sql("SELECT indexdef FROM pg_indexes WHERE schemaname = :s AND tablename = 'documents'",
                                     s=SCHEMA)]
    assert any("USING gin (document)" in definition for definition in indexes), indexes
    assert backend().count() == 1


def test_text_search_uses_the_gin_index(app, make_service):
    for n in range(30):
        make_service(f"Club {n}", summary="Board games")
    swim = make_service("Swim club")
    with db.engine.connect() as conn:
        conn.execute(text("SET enable_seqscan = off"))
        plan = "\n".join(row[0] for row in conn.execute(text(
            f"EXPLAIN SELECT service_id FROM {SCHEMA}.documents WHERE document @@ CAST('swim' AS tsquery)")))
    assert "Bitmap Index Scan on documents_document_" in plan, plan
    assert found(text="swimming") == [swim.id]


def test_the_tsvector_weights_name_a_summary_b_description_c(make_service, make_organisation):
    service = make_service("Riverside Swim Club", summary="Weekly sessions for families",
                           description="The pool has a hoist.", organisation=make_organisation("Kingfisher Trust"),
                           needs=["autism"])
    assert lexemes(service.id, "a") == {"riversid", "swim", "club"}
    assert lexemes(service.id, "b") == {"week", "session", "famili"}
    # Description, organisation and topic names share C.
    assert {"pool", "hoist", "kingfish", "trust", "autism"} <= lexemes(service.id, "c")
    assert lexemes(service.id, "d") == set()


def test_synonym_concepts_are_lexemes_of_the_tsvector(make_service):
    service = make_service("Weekend club", summary="Short breaks for disabled children")
    assert any(lexeme.startswith("syn:") for lexeme in lexemes(service.id, "b"))
    assert found(text="respite") == [service.id]


def test_weights_rank_name_then_summary_then_description(make_service):
    c = make_service("Alpha", summary="Help", description="A trampoline")
    b = make_service("Beta", summary="Trampoline fun")
    a = make_service("Zeta trampoline")
    results = search(SearchQuery(text="trampoline"))
    assert [h.service_id for h in results.hits] == [a.id, b.id, c.id]
    scores = [h.score for h in results.hits]
    assert scores == sorted(scores, reverse=True) and scores[-1] > 0


def test_tsvector_literal_quotes_and_limits(app):
    vector, distinct = tsvector_literal([("it's", "A"), ("back\\slash", "B"), ("x" * 3000, "C"), ("it's", "D")])
    assert vector == "'it''s':1A,4D 'back\\\\slash':2B"
    assert distinct == {"it's", "back\\slash"}
    # PostgreSQL sorts lexemes; D, the default weight, is not shown.
    assert sql("SELECT CAST(:v AS tsvector)::text", v=vector)[0][0] == "'back\\\\slash':2B 'it''s':1A,4"


# Translations through PostgreSQL's configuration for their language --------------------------------

def test_romanian_translation_is_stemmed_by_the_romanian_configuration(make_service, officer):
    service = make_service("Family support", summary="Support for families")
    ct.save_translations(officer, CONTENT_SERVICE, service, "ro", {"summary": "Sprijin pentru familiile copiilor"})
    (stem,) = sql("SELECT tsvector_to_array(to_tsvector('romanian', 'familiilor'))")[0][0]
    assert "~ro:" + stem in lexemes(service.id, "d")
    assert "~familiile" in lexemes(service.id, "d")
    assert found(text="familiilor", language="ro") == [service.id]
    # Read in Polish (no configuration): the word as written only, which the translation does not have.
    assert found(text="familiilor", language="pl") == []


def test_turkish_name_is_stemmed_by_the_turkish_configuration(make_service, officer):
    service = make_service("Youth club", summary="Games")
    make_service("Chess club", summary="Board games")
    ct.save_translations(officer, CONTENT_SERVICE, service, "tr", {"name": "Gençlik kulübü"})
    assert "~tr:kulüp" in lexemes(service.id, "a")  # a translated name weighs as a name
    # "kulüpler" (clubs) appears nowhere; Turkish stemming finds "kulübü" (its club).
    assert found(text="kulüpler", language="tr") == [service.id]
    assert search(SearchQuery(text="kulüpler", language="tr")).suggestion is None


def test_translated_words_do_not_reorder_english_results(make_service, officer):
    in_name = make_service("Gamma Trampoline Centre", summary="Sessions")
    in_summary = make_service("Beta Centre", summary="Trampoline sessions")
    ct.save_translations(officer, CONTENT_SERVICE, in_summary, "pl", {"name": "Trampoline trampoline"})
    assert "~trampoline" in lexemes(in_summary.id, "a")
    assert "trampolin" not in lexemes(in_summary.id, "a")
    assert found(text="trampoline") == [in_name.id, in_summary.id]


# Typos and "Did you mean" (pg_trgm candidates, edit distance rules) ------------------------------

def test_typo_finds_the_word_and_is_suggested(make_service):
    autism = make_service("Autism support group", summary="For parents")
    make_service("Chess club", summary="Board games")
    results = search(SearchQuery(text="autsim"))
    assert [h.service_id for h in results.hits] == [autism.id]
    assert results.suggestion == "autism"
    assert suggest_spelling("Councelling") is None  # no listing word within reach
    assert suggest_spelling("suport groupp") == "support group"


def test_spelling_rules_first_letter_and_distance(make_service):
    make_service("Counselling for young people", summary="Talk to someone")
    assert suggest_spelling("councelling") == "counselling"  # 1 edit, 11 letters
    assert suggest_spelling("ounselling") is None  # the first letter must match
    assert suggest_spelling("peple") == "people"  # 5 letters: 1 edit
    assert suggest_spelling("pepl") is None  # 4 letters, 2 edits: too far


def test_the_word_counts_follow_changes(make_service):
    service = make_service("Kingfisher swim club")
    other = make_service("Kingfisher chess club")
    counts = dict(sql(f"SELECT token, ndoc FROM {SCHEMA}.lexicon WHERE kind = 'w' AND token IN ('kingfisher', 'swim')"))
    assert counts == {"kingfisher": 2, "swim": 1}
    service.name = "Heron swim club"
    db.session.commit()
    db.session.delete(other)
    db.session.commit()
    counts = dict(sql(f"SELECT token, ndoc FROM {SCHEMA}.lexicon WHERE kind = 'w' AND token IN ('kingfisher', 'heron')"))
    assert counts == {"heron": 1}
    assert suggest_spelling("kingfishr") is None
    assert suggest_spelling("heronn") == "heron"


# Keeping up to date and healing -----------------------------------------------------------------

def test_commits_update_the_index(make_service):
    service = make_service("Swim club")
    draft = make_service("Chess club", status="draft")
    assert found(text="club") == [service.id]
    service.status = "archived"
    draft.status = "published"
    db.session.commit()
    assert found(text="club") == [draft.id]
    assert backend().count() == 1


def test_reindex_counts_published_services_and_swaps_the_tables(make_service):
    for n in range(3):
        make_service(f"Club {n}")
    make_service("Draft", status="draft")
    assert reindex() == 3
    assert search(SearchQuery()).total == 3
    tables = {row[0] for row in sql("SELECT tablename FROM pg_tables WHERE schemaname = :s", s=SCHEMA)}
    assert tables == {"documents", "lexicon", "meta"}


def test_dropped_tables_are_rebuilt_from_the_database(make_service):
    service = make_service("Swim club")
    assert found(text="swim") == [service.id]
    with db.engine.begin() as conn:
        conn.execute(text(f"DROP SCHEMA {SCHEMA} CASCADE"))
    assert found(text="swim") == [service.id]


def test_an_index_out_of_step_is_rebuilt_by_a_new_process(app, make_service):
    service = make_service("Swim club")
    assert found(text="swim") == [service.id]
    with db.engine.begin() as conn:
        conn.execute(text(f"DELETE FROM {SCHEMA}.documents"))
    app.extensions["directory_search"] = PostgresBackend(app)  # as a new worker process would start
    assert found(text="swim") == [service.id]


def test_edited_synonyms_rebuild_the_index(app, make_service, tmp_path):
    service = make_service("Swim club")
    assert found(text="zorb") == []
    synonyms = tmp_path / "synonyms.txt"
    synonyms.write_text("zorb, swim\n")
    app.config["SEARCH_SYNONYMS_FILE"] = str(synonyms)
    app.extensions["directory_search"] = PostgresBackend(app)
    assert found(text="zorb") == [service.id]


def test_distance_sort_in_sql_matches_haversine(make_service):
    far = make_service("Far", locations=[("N1", 51.60, -0.06)])
    two = make_service("Two places", locations=[("X", 53.5, 1.0), ("E8", 51.546, -0.055)])
    online = make_service("Online")
    hits = search(SearchQuery(origin=(51.545, -0.055), sort="distance")).hits
    assert [h.service_id for h in hits] == [two.id, far.id, online.id]
    assert hits[0].distance_miles == pytest.approx(0.069, abs=0.002)
    assert hits[2].distance_miles is None


def test_distance_counts_every_place_of_a_listing(make_service):
    """The first few further places are measured inline, any more through unnest: the nearest still wins."""
    many = make_service("Many places", locations=[("X", 53.5, 1.0), ("Y", 52.0, -1.0), ("Z", 52.5, 0.5),
                                                   ("W", 50.9, -1.5), ("E8", 51.546, -0.055)])
    near = make_service("Near", locations=[("E8", 51.5455, -0.052)])
    hits = search(SearchQuery(origin=(51.545, -0.055), sort="distance")).hits
    assert [h.service_id for h in hits] == [many.id, near.id]
    assert hits[0].distance_miles == pytest.approx(0.069, abs=0.002)
    texted = search(SearchQuery(text="places", origin=(51.545, -0.055))).hits
    assert texted[0].distance_miles == pytest.approx(0.069, abs=0.002)


def _every_match_ranked(monkeypatch):
    """Make searches rank every match (no exact ranks skipped for words no listing has)."""
    from directory.search import postgres_backend

    run = PostgresBackend._run

    def full(self, conn, where, params, clauses, join, sort, origin, absent=frozenset()):
        return run(self, conn, where, params, clauses, join, sort, origin)

    monkeypatch.setattr(PostgresBackend, "_run", full)
    monkeypatch.setattr(postgres_backend.PostgresLexicon, "present", lambda self, tokens: True)


def _pages(**query):
    out = []
    for page in (1, 2, 3):
        results = search(SearchQuery(page=page, per_page=8, **query))
        out.append(([(h.service_id, h.score) for h in results.hits], results.total, results.facets,
                    results.suggestion))
    return out


def test_skipped_ranks_find_what_ranking_every_match_finds(make_service, monkeypatch):
    for n in range(12):
        make_service(f"Trampoline club {n}" + " trampoline" * (n % 3), summary="Fun" + " trampolining" * (n % 2),
                     categories=["health"] if n % 2 else [])
    for n in range(6):
        make_service(f"Club {n}", summary="Trampoline trampoline trampolines" + " trampoline" * n,
                     description="We have a trampoline.", categories=["health"])
    for n in range(4):
        make_service(f"Hall {n}", description="A trampoline" + " and trampoline" * n)
    quick = [_pages(text="trampoline"), _pages(text="trampoline", categories=["health"]), _pages(text="trampolnie")]
    assert quick[0][0][1] == 22 and len(quick[0][0][0]) == 8
    _every_match_ranked(monkeypatch)
    assert [_pages(text="trampoline"), _pages(text="trampoline", categories=["health"]),
            _pages(text="trampolnie")] == quick
