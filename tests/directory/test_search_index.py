"""The index: kept in step with commits, never breaking them, rebuilt on demand and when damaged."""
from __future__ import annotations

import logging
import os
import shutil
from datetime import time

import pytest
import whoosh.index
from flask import current_app

from directory import search as search_module
from directory.models import Location, Schedule, Service
from directory.search import SearchQuery, backend, reindex, search
from directory.search import whoosh_backend
from portal.extensions import db

# The Whoosh index's own behaviour: tested on Whoosh whichever backend the other tests use.
pytestmark = pytest.mark.search_backend("whoosh")


def found(**query):
    return [hit.service_id for hit in search(SearchQuery(**query)).hits]


def index_dir() -> str:
    return current_app.config["SEARCH_INDEX_DIR"]


# Only published services --------------------------------------------------------------------------

@pytest.mark.parametrize("status", ["draft", "pending", "archived"])
def test_unpublished_services_are_never_indexed(make_service, status):
    make_service("Hidden club", status=status)
    published = make_service("Open club")
    assert found(text="club") == [published.id]
    assert backend().count() == 1
    assert reindex() == 1
    assert found(text="club") == [published.id]


def test_archiving_a_published_service_removes_it(make_service):
    service = make_service("Swim club")
    assert found(text="swim") == [service.id]
    service.status = "archived"
    db.session.commit()
    assert found(text="swim") == []
    service.status = "published"
    db.session.commit()
    assert found(text="swim") == [service.id]


def test_publishing_a_draft_adds_it(make_service):
    service = make_service("Swim club", status="draft")
    assert found(text="swim") == []
    service.status = "published"
    db.session.commit()
    assert found(text="swim") == [service.id]


def test_editing_a_service_updates_the_index(make_service):
    service = make_service("Swim club", summary="Pool")
    service.name = "Chess club"
    db.session.commit()
    assert found(text="swim") == []
    assert found(text="chess") == [service.id]
    assert backend().count() == 1


def test_deleting_a_service_removes_it(make_service):
    service = make_service("Swim club")
    keep = make_service("Chess club")
    db.session.delete(service)
    db.session.commit()
    assert found() == [keep.id]


def test_changes_flushed_before_commit_are_indexed(make_service):
    service = make_service("Swim club")
    service.name = "Chess club"
    db.session.flush()  # the change leaves session.dirty here, before before_commit would see it
    db.session.commit()
    assert found(text="chess") == [service.id]


def test_moving_a_location_updates_distances(make_service):
    service = make_service("Club", locations=[("E8", 52.5, 0.0)])
    assert search(SearchQuery(origin=(51.5, 0.0))).hits[0].distance_miles == pytest.approx(69.09, abs=0.05)
    location = db.session.get(Location, service.locations[0].id)
    location.latitude = 51.5
    db.session.commit()
    assert search(SearchQuery(origin=(51.5, 0.0))).hits[0].distance_miles == pytest.approx(0.0, abs=0.01)


def test_renaming_an_organisation_reindexes_its_services(make_service, make_organisation):
    org = make_organisation("Old Name Trust")
    service = make_service("Club", organisation=org)
    org.name = "Kingfisher Trust"
    db.session.commit()
    assert found(text="kingfisher") == [service.id]


def test_schedule_and_location_changes_touch_their_service(make_service, monkeypatch):
    service = make_service("Club", locations=[("E8", 51.5, 0.0)])
    touched = []
    monkeypatch.setattr(backend(), "update", lambda ids: touched.append(set(ids)))
    db.session.add(Schedule(service_id=service.id, weekday=0, opens_at=time(9), closes_at=time(17)))
    db.session.commit()
    assert touched == [{service.id}]
    schedule = db.session.query(Schedule).one()
    schedule.description = "Term time only"
    db.session.commit()
    location = db.session.query(Location).one()
    location.postcode = "E8 2AA"
    db.session.commit()
    assert touched == [{service.id}] * 3


def test_unrelated_commits_do_not_touch_the_index(make_service, monkeypatch):
    make_service("Club")
    touched = []
    monkeypatch.setattr(backend(), "update", lambda ids: touched.append(ids))
    from directory.models import SearchEvent
    db.session.add(SearchEvent(query="club"))
    db.session.commit()
    assert touched == []


# A database write never depends on the index --------------------------------------------------

def test_index_error_does_not_break_the_commit(make_service, monkeypatch, caplog):
    search(SearchQuery())  # the index exists

    def broken_writer(self, *args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(whoosh.index.FileIndex, "writer", broken_writer)
    with caplog.at_level(logging.ERROR):
        service = make_service("Swim club")
    assert db.session.get(Service, service.id) is not None
    assert "Search index update failed" in caplog.text
    assert "disk full" in caplog.text

    # The change is not lost: it is written with the next change once the index works again.
    monkeypatch.undo()
    other = make_service("Chess club")
    assert set(found()) == {service.id, other.id}


def test_error_noting_changes_does_not_break_the_commit(make_service, monkeypatch, caplog):
    from directory.search import hooks

    def broken(session, obj):
        raise RuntimeError("bug")

    monkeypatch.setattr(hooks, "_services_touched", broken)
    with caplog.at_level(logging.ERROR):
        service = make_service("Swim club")
    assert db.session.get(Service, service.id) is not None
    assert "Could not note services" in caplog.text


def test_update_waits_for_a_busy_index_without_blocking_the_commit(make_service):
    search(SearchQuery())
    ix = whoosh.index.open_dir(index_dir())
    holder = ix.writer()  # as if a rebuild were running
    try:
        service = make_service("Swim club")
        assert db.session.get(Service, service.id) is not None
    finally:
        holder.cancel()
    worker = backend()._worker
    assert worker is not None
    worker.join(timeout=30)
    assert not worker.is_alive()
    assert found(text="swim") == [service.id]


# Rebuilding and healing -----------------------------------------------------------------------

def test_reindex_counts_published_services(make_service):
    for n in range(3):
        make_service(f"Club {n}")
    make_service("Draft", status="draft")
    assert reindex() == 3
    assert search(SearchQuery()).total == 3


def test_reindex_command(runner, make_service):
    make_service("Club")
    result = runner.invoke(args=["search", "reindex"])
    assert result.exit_code == 0, result.output
    assert "Indexed 1 services." in result.output


def test_readers_see_the_old_index_while_it_is_rebuilt(make_service, monkeypatch):
    for n in range(5):
        make_service(f"Club {n}")
    assert search(SearchQuery()).total == 5
    seen = []
    real = whoosh_backend.published_documents

    def spying(session, *args, **kwargs):
        for batch in real(session, *args, **kwargs):
            seen.append(search(SearchQuery()).total)
            yield batch

    monkeypatch.setattr(whoosh_backend, "published_documents", spying)
    assert reindex() == 5
    assert seen == [5]
    assert search(SearchQuery()).total == 5


def test_search_rebuilds_a_deleted_index(make_service):
    service = make_service("Swim club")
    assert found(text="swim") == [service.id]
    shutil.rmtree(index_dir())
    assert found(text="swim") == [service.id]
    assert os.path.isdir(index_dir())


def test_reindex_after_the_directory_is_deleted(make_service):
    make_service("Swim club")
    search(SearchQuery())
    shutil.rmtree(index_dir())
    assert reindex() == 1
    assert search(SearchQuery()).total == 1


def _corrupt_every_file(path: str) -> None:
    for name in os.listdir(path):
        with open(os.path.join(path, name), "wb") as fh:
            fh.write(b"\x00garbage" * 64)


def test_search_rebuilds_a_corrupted_index(make_service, caplog):
    service = make_service("Swim club")
    assert found(text="swim") == [service.id]
    _corrupt_every_file(index_dir())
    # A fresh backend, as a new worker process would be, with nothing cached from before.
    current_app.extensions[search_module.EXTENSION] = whoosh_backend.WhooshBackend(current_app)
    with caplog.at_level(logging.ERROR):
        assert found(text="swim") == [service.id]


def test_search_rebuilds_an_index_of_garbage_files(make_service):
    service = make_service("Swim club")
    search(SearchQuery())
    shutil.rmtree(index_dir())
    os.makedirs(index_dir())
    for name in ("_MAIN_7.toc", "MAIN_abc.seg", "junk"):
        with open(os.path.join(index_dir(), name), "wb") as fh:
            fh.write(os.urandom(256))
    assert found(text="swim") == [service.id]


def test_reindex_repairs_a_corrupted_index(make_service):
    make_service("Swim club")
    search(SearchQuery())
    _corrupt_every_file(index_dir())
    current_app.extensions[search_module.EXTENSION] = whoosh_backend.WhooshBackend(current_app)
    assert reindex() == 1
    assert search(SearchQuery(text="swim")).total == 1


def test_search_on_an_empty_directory_builds_an_empty_index(app):
    results = search(SearchQuery(text="anything"))
    assert results.total == 0 and results.hits == []
    assert os.path.isdir(index_dir())


def test_edited_synonyms_file_rebuilds_the_index(make_service, tmp_path):
    service = make_service("Swim club")
    assert found(text="zorb") == []
    synonyms = tmp_path / "synonyms.txt"
    synonyms.write_text("zorb, swim\n")
    current_app.config["SEARCH_SYNONYMS_FILE"] = str(synonyms)
    current_app.extensions[search_module.EXTENSION] = whoosh_backend.WhooshBackend(current_app)
    assert found(text="zorb") == [service.id]


def test_unknown_backend_is_refused(app):
    from flask import Flask
    other = Flask("other")
    other.config["SEARCH_BACKEND"] = "elasticsearch"
    with pytest.raises(ValueError):
        search_module.init_app(other)
