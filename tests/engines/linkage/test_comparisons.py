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


def _by_value(columns: dict) -> dict:
    """The columns a Spark partition passes: values only, no integer codes or packed digits."""
    return {k: v for k, v in columns.items() if not k.endswith("#") and k != "dob_packed"}


typo_dates = st.builds(
    lambda y, m, d: f"{y:04d}-{m:02d}-{d:02d}",
    st.integers(1985, 1992),
    st.integers(1, 12),
    st.integers(1, 28),
)
varied = st.builds(
    lambda g, f, d, s, n: _row(given_name=g, family_name=f, date_of_birth=d, sex=s, nationality=n),
    names,
    names,
    st.one_of(dates, typo_dates),
    st.sampled_from(["M", "F", "", "X"]),
    st.sampled_from(["SYR", "AFG", "", "XXA"]),
)


@settings(max_examples=60, deadline=None)
@given(st.lists(varied, min_size=2, max_size=12))
def test_coded_comparisons_equal_comparisons_by_value(batch):
    prepared = prepare(batch)
    i, j = np.triu_indices(len(batch), k=1)
    coded = COMPARISONS.compare(prepared.take(i, COMPARISONS.columns), prepared.take(j, COMPARISONS.columns))
    plain = COMPARISONS.compare(_by_value(prepared.take(i)), _by_value(prepared.take(j)))
    assert coded[0].tolist() == plain[0].tolist()
    assert coded[1].tolist() == plain[1].tolist()


def test_one_digit_typo_is_one_changed_or_two_transposed_digits():
    from rapidfuzz.distance import OSA

    from mixmig.engines.linkage.comparisons import _one_digit_typo

    dates = ["1990-05-13", "1990-05-31", "1990-05-14", "1909-05-13", "1990-50-13", "1991-05-13", "1980-06-13"]
    prepared = prepare([_row(date_of_birth=d) for d in dates])
    i, j = np.meshgrid(np.arange(len(dates)), np.arange(len(dates)))
    i, j = i.ravel(), j.ravel()
    typo = _one_digit_typo(prepared.take(i), prepared.take(j))
    digits = prepared.columns["dob_digits"]
    expected = [OSA.distance(digits[a], digits[b]) <= 1 for a, b in zip(i, j, strict=True)]
    assert typo.tolist() == expected
    assert not all(expected) and any(e for e, a, b in zip(expected, i, j, strict=True) if a != b)
