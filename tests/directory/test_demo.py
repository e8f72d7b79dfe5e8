"""Demo data: a believable local area, fictional contacts, and deterministic synthetic services."""
import re
from datetime import date

import pytest
from sqlalchemy import func, select

from directory import demo, geo
from directory.models import (AREAS, DELIVERY_MODES, PUBLISHED, Location, Organisation, Service, service_terms)
from directory.services import published_counts_by_term
from directory.taxonomy import codes
from portal import create_app
from portal.config import TestConfig
from portal.extensions import db

EMAIL = re.compile(r"^[a-z0-9.-]+@[a-z0-9-]+\.example\.org$")
PHONE = re.compile(r"^(01632 960\d{3}|07700 900\d{3})$")
WEBSITE = re.compile(r"^https://[a-z0-9-]+\.example\.org(/[a-z0-9-]*)?$")


@pytest.fixture
def demo_counts(app):
    return demo.load_demo()


def _published():
    return db.session.scalars(select(Service).where(Service.status == PUBLISHED)).all()


def test_load_demo_makes_a_full_area(demo_counts):
    published = _published()
    assert len(published) >= 320
    assert demo_counts["services"] == db.session.scalar(select(func.count()).select_from(Service))
    assert demo_counts["organisations"] == db.session.scalar(select(func.count()).select_from(Organisation))
    assert 60 <= demo_counts["organisations"] <= 90
    assert demo_counts["locations"] == db.session.scalar(select(func.count()).select_from(Location))


def test_every_category_and_need_has_plenty_of_services(demo_counts):
    for vocabulary in ("category", "need"):
        counts = published_counts_by_term(vocabulary)
        for code in codes(vocabulary):
            assert counts.get(code, 0) >= 15, (vocabulary, code, counts.get(code, 0))


def test_contacts_are_all_fictional(demo_counts):
    for service in db.session.scalars(select(Service)):
        assert EMAIL.match(service.email), service.email
        assert PHONE.match(service.phone), service.phone
        assert WEBSITE.match(service.website), service.website
    for org in db.session.scalars(select(Organisation)):
        assert EMAIL.match(org.email) and PHONE.match(org.phone) and WEBSITE.match(org.website), org.name


def test_locations_have_coordinates_near_their_district(demo_counts):
    shipped = geo.shipped_districts()
    for location in db.session.scalars(select(Location)):
        assert location.has_coordinates, location.name
        assert geo.normalise_postcode(location.postcode) == location.postcode, location.postcode
        lat, lng = shipped[geo.outward_code(location.postcode)]
        assert abs(location.latitude - lat) <= 0.005 + 1e-9 and abs(location.longitude - lng) <= 0.005 + 1e-9
        assert location.address_1 and location.city
    local = db.session.scalars(select(Location.postcode)).all()
    assert sum(geo.outward_code(p) in demo.LOCAL_DISTRICTS for p in local) > len(local) * 0.7


def test_ages_costs_access_and_delivery_are_sensible(demo_counts):
    services = _published()
    for service in services:
        assert 0 <= service.age_min <= service.age_max <= 25, service.name
        assert service.delivery and set(service.delivery) <= set(DELIVERY_MODES), service.name
        assert service.area_served in AREAS
        if not service.is_free:
            assert "£" in service.cost_detail, service.name
        assert service.name and service.summary and service.description and service.how_to_access
    assert any(s.age_max <= 5 for s in services) and any(s.age_min >= 16 for s in services)
    assert 0.1 < sum(not s.is_free for s in services) / len(services) < 0.5
    assert {s.area_served for s in services} == {"local", "outside", "national"}
    assert sum(s.area_served == "local" for s in services) > len(services) / 2
    assert any(s.ehc_plan_required for s in services) and any(s.self_referral for s in services)
    assert sum(bool(s.easy_read_summary) for s in services) >= 10


def test_schedules_languages_and_accessibility(demo_counts):
    services = _published()
    assert sum(bool(s.schedules) for s in services) > len(services) * 0.8
    assert any("Term time only" in sch.description for s in services for sch in s.schedules)
    languages = {lang.name for s in services for lang in s.languages}
    assert {"English", "Turkish", "Polish", "Bengali", "Somali", "Yiddish", "British Sign Language"} <= languages
    assert all(any(lang.code == "en" for lang in s.languages) for s in services)
    assert sum(bool(loc.accessibility) for loc in db.session.scalars(select(Location))) > 50


def test_assured_dates_spread_over_eighteen_months(demo_counts):
    ages = [(date.today() - s.assured_on).days for s in _published()]
    assert all(0 <= age <= 550 for age in ages)
    assert sum(age > 365 for age in ages) >= 20  # some are overdue for their yearly check
    assert sum(age < 180 for age in ages) >= 50


def test_text_mentions_jargon_for_synonym_search(demo_counts):
    text = " ".join(f"{s.name} {s.summary} {s.description}" for s in _published())
    for word in ("SALT", "OT", "CAMHS", "EHCP", "respite", "SENCO", "PfA", "ASD"):
        assert re.search(rf"\b{word}\b", text), word
    # …but not everywhere, so the synonyms have work to do.
    assert sum("CAMHS" in s.description for s in _published()) < 40


def test_names_are_unique(demo_counts):
    names = [s.name for s in db.session.scalars(select(Service))]
    assert len(names) == len(set(names))


def test_load_demo_is_deterministic(app, tmp_path, new_database_url):
    def load():
        demo.load_demo()
        return sorted((s.name, s.age_min, s.age_max, s.cost_detail, s.is_free) for s in _published())
    assert _in_fresh_app(tmp_path / "a", load, new_database_url) == _in_fresh_app(tmp_path / "b", load, new_database_url)


def _fresh_app(path, new_database_url):
    """Another app on an empty database of the tests' engine (SQLite: <path>/test.sqlite)."""
    path.mkdir()
    return create_app({
        **{k: getattr(TestConfig, k) for k in dir(TestConfig) if k.isupper()},
        "SQLALCHEMY_DATABASE_URI": new_database_url(folder=path, empty=True),
        "SEARCH_INDEX_DIR": str(path / "search-index"),
        "SECRET_KEY": "test-only-secret",
    })


def _in_fresh_app(path, work, new_database_url):
    fresh = _fresh_app(path, new_database_url)
    with fresh.app_context():
        db.create_all()
        try:
            return work()
        finally:
            db.session.remove()
            db.engine.dispose()


def _generated_names():
    demo.generate_services(50, seed=3)
    return db.session.scalars(select(Service.name).order_by(Service.name)).all()


def test_generate_services_is_deterministic(app, tmp_path, new_database_url):
    first = _in_fresh_app(tmp_path / "one", _generated_names, new_database_url)
    second = _in_fresh_app(tmp_path / "two", _generated_names, new_database_url)
    assert len(first) == 50
    assert first == second


def test_generate_services_adds_exactly_count(app):
    demo.generate_services(5, seed=1)
    before = db.session.scalar(select(func.count()).select_from(Service))
    assert demo.generate_services(137, seed=2) == 137
    assert db.session.scalar(select(func.count()).select_from(Service)) == before + 137


def test_generated_services_are_complete(app, monkeypatch):
    monkeypatch.setattr(demo, "GENERATE_CHUNK", 40)  # several chunks
    demo.generate_services(100, seed=7)
    services = db.session.scalars(select(Service)).all()
    assert len(services) == 100 and all(s.status == PUBLISHED for s in services)
    for service in services:
        assert service.categories and service.needs, service.name
        assert 0 <= service.age_min <= service.age_max <= 25
        assert EMAIL.match(service.email) and PHONE.match(service.phone) and WEBSITE.match(service.website)
        if {"in_person", "home_visits"} & set(service.delivery):
            assert len(service.locations) == 1 and service.locations[0].has_coordinates
            assert demo.is_london_district(geo.outward_code(service.locations[0].postcode))
    assert len({s.name for s in services}) > 90
    terms = db.session.scalar(select(func.count()).select_from(service_terms))
    assert terms >= 300


def test_different_seeds_give_different_services(app, tmp_path, new_database_url):
    def names(seed):
        def work():
            demo.generate_services(20, seed=seed)
            return db.session.scalars(select(Service.name).order_by(Service.name)).all()
        return work
    assert (_in_fresh_app(tmp_path / "s1", names(1), new_database_url)
            != _in_fresh_app(tmp_path / "s2", names(2), new_database_url))
