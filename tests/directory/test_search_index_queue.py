"""Several web workers, one index writer (SEARCH_INDEX_WRITER=queue, `flask search index-worker`).

Each test has the conftest's app (writing the index itself, as one process would) and makes more instances of
the app on the same database and index: web workers in queue mode, and an index worker."""
from __future__ import annotations

import pytest
from flask import Flask
from sqlalchemy import func, select

from directory.models import SearchIndexChange, Service
from directory.search import SearchQuery, backend, index_queue, reindex, search
from directory.search.whoosh_backend import IndexReadOnly, SearchUnavailable
from portal import create_app
from portal.extensions import db

pytestmark = pytest.mark.search_backend("whoosh")


@pytest.fixture
def another_instance(app):
    """Another app on the same database and index, as another process would make it."""
    made: list[Flask] = []

    def make(**config) -> Flask:
        settings = {key: app.config[key] for key in app.config if key.isupper()}
        settings.update(config)
        other = create_app(settings)
        made.append(other)
        return other
    yield make
    for other in made:
        with other.app_context():
            db.session.remove()
            db.engine.dispose()


@pytest.fixture
def web(another_instance):
    return another_instance(SEARCH_INDEX_WRITER="queue")


def queued() -> list:
    return list(db.session.scalars(select(SearchIndexChange.service_id).order_by(SearchIndexChange.id)))


def found(text: str) -> list:
    return [hit.service_id for hit in search(SearchQuery(text=text)).hits]


def generation(instance: Flask) -> tuple | None:
    return backend(instance)._state()


def test_a_web_worker_in_queue_mode_notes_changes_and_leaves_the_index_alone(app, web, make_service):
    reindex()
    before = generation(app)
    with web.app_context():
        service = make_service("Riverside Otter Swimming")
        assert queued() == [service.id]
        service.summary = "Lessons for children who find pools noisy."
        db.session.commit()
        assert queued() == [service.id, service.id]
        assert found("otter") == []  # not in the index until the index worker applies it
    assert generation(app) == before


def test_a_rolled_back_change_is_not_queued(web, make_service):
    with web.app_context():
        service = make_service("Riverside Otter Swimming")
        db.session.execute(SearchIndexChange.__table__.delete())
        db.session.commit()
        service.name = "Something else"
        db.session.flush()
        db.session.rollback()
        assert queued() == []


def test_the_index_worker_applies_the_queue_and_other_workers_see_it(app, web, another_instance, make_service,
                                                                     make_organisation):
    gone_id = make_service("Riverside Badger Club").id
    reindex()  # as `make serve-prod` does before the web workers start
    other_web = another_instance(SEARCH_INDEX_WRITER="queue")
    with other_web.app_context():
        # This reader now has a searcher open on the index as it is.
        assert found("otter") == [] and found("badger") == [gone_id]
    with web.app_context():
        service_id = make_service("Riverside Otter Swimming", organisation=make_organisation("Otters")).id
        db.session.delete(db.session.get(Service, gone_id))
        db.session.commit()
        assert queued() == [service_id, gone_id]
        assert found("badger") == [gone_id]

    worker = another_instance(SEARCH_INDEX_WRITER="queue")
    result = worker.test_cli_runner().invoke(args=["search", "index-worker", "--once"])
    assert result.exit_code == 0, result.output
    assert "Applied 2 queued search index changes." in result.output

    with other_web.app_context():
        assert found("otter") == [service_id]
        assert found("badger") == []
        assert queued() == []
    with web.app_context():
        assert found("otter") == [service_id]


def test_a_web_worker_in_queue_mode_cannot_write_the_index(web, make_service):
    with web.app_context():
        engine = backend()
        service = make_service("Riverside Otter Swimming")
        with pytest.raises(IndexReadOnly):
            engine.update({service.id})
        with pytest.raises(IndexReadOnly):
            engine.apply({service.id})
        with pytest.raises(IndexReadOnly):
            reindex()
        with pytest.raises(IndexReadOnly):
            engine._rebuild_fresh()


def test_a_missing_index_is_a_503_and_a_rebuild_request_until_the_worker_builds_it(app, web, another_instance,
                                                                                    make_service, monkeypatch):
    import shutil

    from directory.search import whoosh_backend

    # The id now: the conftest app's objects must not load anything while another app's context is current
    # (Flask-SQLAlchemy would take a connection from that app's engine).
    service_id = make_service("Riverside Otter Swimming").id
    shutil.rmtree(app.config["SEARCH_INDEX_DIR"], ignore_errors=True)
    monkeypatch.setattr(whoosh_backend, "HEAL_WAIT", 0.2)
    with web.app_context():
        with pytest.raises(SearchUnavailable):
            search(SearchQuery(text="otter"))
        assert queued() == [None]  # a rebuild, asked for once however many searches fail
        with pytest.raises(SearchUnavailable):
            search(SearchQuery(text="otter"))
        assert queued() == [None]
    response = web.test_client().get("/search?q=otter")
    assert response.status_code == 503 and response.headers["Retry-After"]

    worker = another_instance(SEARCH_INDEX_WRITER="queue")
    with worker.app_context():
        assert index_queue.run(backend(), once=True, echo=lambda text: None) == 1
    with web.app_context():
        assert found("otter") == [service_id]
        assert queued() == []
    assert web.test_client().get("/search?q=otter").status_code == 200


def test_the_worker_builds_the_index_when_there_is_none(app, another_instance, make_service):
    import shutil
    # The id now: the conftest app's objects must not load anything while another app's context is current
    # (Flask-SQLAlchemy would take a connection from that app's engine).
    service_id = make_service("Riverside Otter Swimming").id
    shutil.rmtree(app.config["SEARCH_INDEX_DIR"], ignore_errors=True)
    worker = another_instance(SEARCH_INDEX_WRITER="queue")
    lines: list[str] = []
    with worker.app_context():
        index_queue.run(backend(), once=True, echo=lines.append)
        assert found("otter") == [service_id]
    assert lines == ["Indexed 1 services (there was no index)."]


def test_only_the_rows_read_are_deleted(app, another_instance, make_service, monkeypatch):
    """A note committed while the worker applies a batch stays for the next round."""
    reindex()
    web = another_instance(SEARCH_INDEX_WRITER="queue")
    with web.app_context():
        first_id = make_service("Riverside Otter Swimming").id
    worker = another_instance(SEARCH_INDEX_WRITER="queue")
    with worker.app_context():
        engine = backend()
        engine.claim_writer()
        real_apply = engine.apply

        def apply_while_another_change_arrives(ids):
            real_apply(ids)
            with web.app_context():
                make_service("Riverside Otter Club")
        monkeypatch.setattr(engine, "apply", apply_while_another_change_arrives)
        assert index_queue.apply_pending(engine) == 1
        # The new club's note (and its organisation's other service, touched by gaining a service) waits.
        waiting = db.session.scalar(select(func.count()).select_from(SearchIndexChange))
        assert waiting >= 1
        monkeypatch.setattr(engine, "apply", real_apply)
        assert index_queue.apply_pending(engine) == waiting
        assert index_queue.pending_count() == 0
        otters = found("otter")
        assert first_id in otters and len(otters) == 2


def test_inline_mode_queues_nothing(app, make_service):
    service = make_service("Riverside Otter Swimming")
    assert found("otter") == [service.id]
    assert queued() == []


def test_the_writer_setting_is_checked(another_instance):
    with pytest.raises(ValueError, match="SEARCH_INDEX_WRITER"):
        another_instance(SEARCH_INDEX_WRITER="sometimes")


def test_reindex_command_may_write_in_queue_mode(app, web, make_service):
    # The id now: the conftest app's objects must not load anything while another app's context is current
    # (Flask-SQLAlchemy would take a connection from that app's engine).
    service_id = make_service("Riverside Otter Swimming").id
    result = web.test_cli_runner().invoke(args=["search", "reindex"])
    assert result.exit_code == 0, result.output
    with web.app_context():
        assert found("otter") == [service_id]
