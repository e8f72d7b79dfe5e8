"""People shared by the feedback tests: a forum member who raises items and an officer."""
import pytest


@pytest.fixture
def raiser(make_user):
    return make_user("priya@example.org", roles=("forum_member",), name="Priya Parentname")


@pytest.fixture
def officer(make_user):
    return make_user("officer@council.example.org", roles=("officer",), name="Olu Officer")
