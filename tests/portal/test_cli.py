"""`flask users create|grant-role`: accounts made from the command line, never by default."""
from __future__ import annotations

import pytest
from werkzeug.security import check_password_hash

from portal.extensions import db
from portal.models import AuditEntry, User
from portal.services import user_by_email

PASSWORD = "correct horse battery staple"


@pytest.fixture(autouse=True)
def instance_in_tmp(app, tmp_path):
    """Email written to the outbox folder goes to this test's folder, not the repository's instance/."""
    app.instance_path = str(tmp_path / "instance")


def test_there_are_no_default_accounts(app):
    assert db.session.query(User).count() == 0


def test_create_an_officer_with_the_password_typed_twice(runner):
    result = runner.invoke(args=["users", "create", "--role", "officer", "--role", "admin", "--name", "Olu Officer",
                                 "Olu@Example.org"], input=f"{PASSWORD}\n{PASSWORD}\n")
    assert result.exit_code == 0, result.output
    assert "Created the account olu@example.org (admin, officer)." in result.output
    assert PASSWORD not in result.output  # hidden input is not echoed
    user = user_by_email("olu@example.org")
    assert user.roles == {"officer", "admin"}
    assert user.name == "Olu Officer"
    assert check_password_hash(user.password_hash, PASSWORD)
    assert db.session.query(AuditEntry).filter_by(action="user.create").count() == 1


def test_create_reads_the_password_from_the_environment(runner):
    result = runner.invoke(args=["users", "create", "--role", "provider", "pat@example.org"],
                           env={"PORTAL_NEW_PASSWORD": PASSWORD})
    assert result.exit_code == 0, result.output
    assert user_by_email("pat@example.org").roles == {"provider"}


def test_the_two_typed_passwords_must_match(runner):
    result = runner.invoke(args=["users", "create", "olu@example.org"],
                           input=f"{PASSWORD}\n{PASSWORD}x\n{PASSWORD}\n{PASSWORD}\n")
    assert result.exit_code == 0, result.output
    assert "do not match" in result.output.lower() or "don't match" in result.output.lower()
    assert user_by_email("olu@example.org") is not None


def test_weak_passwords_are_refused(runner):
    for weak, reason in [("password1234", "too common"), ("short", "12 characters or more"),
                         ("olu.officer forever", "must not contain your email address")]:
        result = runner.invoke(args=["users", "create", "--role", "officer", "olu.officer@example.org"],
                               env={"PORTAL_NEW_PASSWORD": weak})
        assert result.exit_code == 1
        assert reason in result.output
    assert user_by_email("olu.officer@example.org") is None


def test_duplicates_are_refused_before_asking_for_a_password(runner, make_user):
    make_user("olu@example.org")
    result = runner.invoke(args=["users", "create", "OLU@example.org"], input="")
    assert result.exit_code == 1
    assert "already exists" in result.output
    assert "Password" not in result.output
    assert db.session.query(User).count() == 1


def test_unknown_roles_are_refused(runner):
    result = runner.invoke(args=["users", "create", "--role", "superuser", "olu@example.org"],
                           env={"PORTAL_NEW_PASSWORD": PASSWORD})
    assert result.exit_code == 2
    assert user_by_email("olu@example.org") is None


def test_grant_role(runner, make_user):
    user = make_user("pat@example.org", roles=("provider",))
    result = runner.invoke(args=["users", "grant-role", "pat@example.org", "officer"])
    assert result.exit_code == 0, result.output
    assert "pat@example.org now has the role officer." in result.output
    db.session.refresh(user)
    assert user.roles == {"provider", "officer"}
    assert db.session.query(AuditEntry).filter_by(action="user.grant_role").count() == 1

    result = runner.invoke(args=["users", "grant-role", "pat@example.org", "officer"])
    assert "already has the role officer" in result.output

    result = runner.invoke(args=["users", "grant-role", "nobody@example.org", "officer"])
    assert result.exit_code == 1
    assert "There is no account" in result.output


def test_created_account_can_sign_in(runner, client):
    runner.invoke(args=["users", "create", "--role", "officer", "olu@example.org"],
                  env={"PORTAL_NEW_PASSWORD": PASSWORD})
    response = client.post("/sign-in", data={"email": "olu@example.org", "password": PASSWORD})
    assert response.status_code == 302
