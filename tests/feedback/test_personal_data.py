"""The personal-data warnings shown before an item is made public: positive and negative examples of each
kind, and the NHS number check digit."""
from __future__ import annotations

import pytest

from feedback.personal_data import (CHILD_AT_SCHOOL, DATE_OF_BIRTH, EMAIL, NHS_NUMBER, PHONE, find_personal_data,
                                    nhs_number_is_valid, scan_item)
from feedback.models import FeedbackItem


def found(text: str, kind: str) -> list[str]:
    return [finding.text for finding in find_personal_data(text) if finding.kind == kind]


@pytest.mark.parametrize("text,name", [
    ("My daughter Amelia has been out of school since March.", "Amelia"),
    ("Oliver goes to Riverside Primary School and has no transport.", "Oliver"),
    ("Amelia is in Year 3 at the academy on the hill.", "Amelia"),
    ("Charles's nursery closed without warning.", "Charles's"),
    ("The nursery told us that Freddie cannot stay for lunch.", "Freddie"),
    ("We met Mrs Patel at the academy.", "Patel"),
])
def test_a_name_near_a_school_is_found(text, name):
    assert found(text, CHILD_AT_SCHOOL) == [name]


@pytest.mark.parametrize("text", [
    "The school does not answer emails about transport.",
    "Riverside Primary School has no lift.",
    "Oliver Twist is a good book.",  # a name, but no school
    "Transport to the school is late every day.",
    "We asked the Local Offer team about nursery places in September.",
    "Lunch is late at school on Mondays.",
    "Our SENCO at the academy is very helpful.",
    "There are no nursery places near Hackney Council offices.",
])
def test_no_name_is_found_in_ordinary_sentences(text):
    assert found(text, CHILD_AT_SCHOOL) == []


@pytest.mark.parametrize("text,match", [
    ("He was born on 3 March 2015 and diagnosed at 4.", "born on 3 March 2015"),
    ("born on the 3rd of March", "born on the 3rd of March"),
    ("DOB: 01/02/2016", "DOB: 01/02/2016"),
    ("Her birthday is 29/02/2016, a leap day.", "29/02/2016"),
    ("since 7-9-2019", "7-9-2019"),
])
def test_dates_of_birth_are_found(text, match):
    assert found(text, DATE_OF_BIRTH) == [match]


@pytest.mark.parametrize("text", [
    "We met on 31/02/2020.",  # no such date
    "The form said 12/25/2020.",  # American order, not a real dd/mm date
    "29/02/2019",  # not a leap year
    "The idea was born out of frustration.",
    "Costs went up in 2024.",
    "Page 12/13 of the plan.",
])
def test_no_date_of_birth_is_found_where_there_is_none(text):
    assert found(text, DATE_OF_BIRTH) == []


def test_the_nhs_check_digit():
    assert nhs_number_is_valid("9434765919")  # the NHS's own example number
    assert nhs_number_is_valid("943 476 5919")
    assert not nhs_number_is_valid("9434765918")  # wrong check digit
    assert not nhs_number_is_valid("943476591")  # nine digits
    # A remainder of 1 gives a check digit of 10: no valid NHS number has those first nine digits.
    nine = next(f"{n:09d}" for n in range(10**8, 10**9)
                if sum(int(d) * w for d, w in zip(f"{n:09d}", range(10, 1, -1))) % 11 == 1)
    assert not any(nhs_number_is_valid(nine + str(d)) for d in range(10))
    # A remainder of 0 gives a check digit of 0.
    zero = next(f"{n:09d}" for n in range(10**8, 10**9)
                if sum(int(d) * w for d, w in zip(f"{n:09d}", range(10, 1, -1))) % 11 == 0)
    assert nhs_number_is_valid(zero + "0") and not nhs_number_is_valid(zero + "1")


@pytest.mark.parametrize("text,match", [
    ("NHS number 943 476 5919 please", "943 476 5919"),
    ("nhs:9434765919.", "9434765919"),
    ("ref 943-476-5919", "943-476-5919"),
])
def test_nhs_numbers_are_found(text, match):
    assert found(text, NHS_NUMBER) == [match]


@pytest.mark.parametrize("text", [
    "943 476 5918",  # check digit wrong
    "94 3476 5919",  # not grouped 3-3-4
    "943 4765919",  # mixed grouping
    "94347659190",  # eleven digits
    "The budget is 1234567890 pounds",  # check digit wrong
])
def test_numbers_that_are_not_nhs_numbers(text):
    assert found(text, NHS_NUMBER) == []


@pytest.mark.parametrize("text,match", [
    ("Call me on 07700 900123 after 3pm", "07700 900123"),
    ("the office is 01632 960000", "01632 960000"),
    ("+44 (0)20 7946 0000", "+44 (0)20 7946 0000"),
    ("text +447700900123", "+447700900123"),
    ("ring 020-7946-0000", "020-7946-0000"),
    ("0044 7700 900123", "0044 7700 900123"),
])
def test_uk_phone_numbers_are_found(text, match):
    assert found(text, PHONE) == [match]


@pytest.mark.parametrize("text", [
    "It costs £120 a year for 12345 families.",
    "A 7 year old waited 52 weeks.",
    "Call 999 in an emergency.",
    "Order number 12345678901",  # eleven digits, not starting with 0
    "09123 456789",  # premium-rate style, not a personal number pattern we look for
])
def test_numbers_that_are_not_phone_numbers(text):
    assert found(text, PHONE) == []


@pytest.mark.parametrize("text,match", [
    ("Email jane.doe@example.org please", "jane.doe@example.org"),
    ("<a.b+c@mail.example.co.uk>", "a.b+c@mail.example.co.uk"),
])
def test_email_addresses_are_found(text, match):
    assert found(text, EMAIL) == [match]


@pytest.mark.parametrize("text", ["Find us @riversideforum", "name at example dot com", "user@localhost"])
def test_things_that_are_not_email_addresses(text):
    assert found(text, EMAIL) == []


def test_scan_item_reports_by_field_in_reading_order():
    item = FeedbackItem(title="About Amelia at Hill Academy", body="Plain words only.",
                        would_help="Email a@b.org or call 07700 900123")
    result = scan_item(item)
    assert set(result) == {"title", "would_help"}
    assert [f.kind for f in result["would_help"]] == [EMAIL, PHONE]
    assert result["title"][0].label == "A name near a school, academy or nursery"
