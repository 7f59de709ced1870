"""Comparison levels: symmetric, missing is missing, dates tolerate estimates and swaps."""

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from mixmig.engines.linkage.comparisons import default_comparisons
from mixmig.engines.linkage.dates import EXACT, YEAR_ONLY, parse_birth_date
from mixmig.engines.linkage.records import prepare

COMPARISONS = default_comparisons()


def _pair(a: dict, b: dict):
    prepared = prepare([a, b])
    return COMPARISONS.compare(prepared.take(np.array([0])), prepared.take(np.array([1])))


def _row(**fields):
    base = {
        "record_id": "x",
        "given_name": "",
        "family_name": "",
        "sex": "",
        "date_of_birth": "",
        "nationality": "",
    }
    return base | fields


def test_dates_parse_with_precision():
    assert parse_birth_date("1990-05-03").precision == EXACT
    assert parse_birth_date("1990").precision == YEAR_ONLY
    assert parse_birth_date("1990-01-01").precision == YEAR_ONLY  # a 1 January default is an estimate
    assert parse_birth_date("19900503").digits == "19900503"
    assert parse_birth_date("not a date").year == 0


def test_day_month_swap_and_estimates_are_partial_agreement():
    levels = COMPARISONS.comparisons[2].levels
    gammas, _ = _pair(_row(date_of_birth="1990-05-03"), _row(date_of_birth="1990-03-05"))
    assert levels[gammas[0, 2]] == "one digit typo or day/month swapped"
    gammas, _ = _pair(_row(date_of_birth="1990-05-03"), _row(date_of_birth="1990-01-01"))
    assert levels[gammas[0, 2]] == "same year, one date estimated or year-only"
    gammas, _ = _pair(_row(date_of_birth="1990-05-03"), _row(date_of_birth="1991-07-21"))
    assert levels[gammas[0, 2]] == "years within 1"
    gammas, _ = _pair(_row(date_of_birth="1990-05-03"), _row(date_of_birth=""))
    assert gammas[0, 2] == -1


def test_swapped_names_are_recognised():
    gammas, swapped = _pair(
        _row(given_name="Ahmed", family_name="Karimi"), _row(given_name="Karimi", family_name="Ahmed")
    )
    assert swapped[0] and gammas[0, 0] == 4 and gammas[0, 1] == 4


names = st.sampled_from(["Mohammed", "محمد", "Ahmad", "أحمد", "Fatima", "", "Anna", "Анна", "Li", "李"])
dates = st.sampled_from(["1990-05-03", "1990-03-05", "1990", "1991-01-01", "", "1985-12-30"])
rows = st.builds(
    lambda g, f, d, s, n: _row(given_name=g, family_name=f, date_of_birth=d, sex=s, nationality=n),
    names,
    names,
    dates,
    st.sampled_from(["M", "F", ""]),
    st.sampled_from(["SYR", "AFG", ""]),
)


@settings(max_examples=80, deadline=None)
@given(rows, rows)
def test_comparisons_are_symmetric(a, b):
    forward, _ = _pair(a, b)
    backward, _ = _pair(b, a)
    assert forward.tolist() == backward.tolist()


@settings(max_examples=40, deadline=None)
@given(rows)
def test_a_registration_agrees_fully_with_itself_where_present(a):
    gammas, _ = _pair(a, a)
    for k, comparison in enumerate(COMPARISONS.comparisons):
        assert gammas[0, k] in (-1, len(comparison.levels) - 1) or comparison.name == "date_of_birth"
