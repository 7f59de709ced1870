"""Blocking: the vectorised integer keys group registrations exactly as the string keys define."""

from collections import defaultdict

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from mixmig.engines.linkage.blocking import candidate_pairs, key_table, record_keys
from mixmig.engines.linkage.records import prepare

names = st.sampled_from(
    [
        "Mohammed",
        "محمد",
        "Ahmad Ali",
        "أحمد",
        "Ali",
        "Omar",
        "",
        "Abd al Rahman",
        "Li",
        "李小明",
        "Kim Min",
        "Anna",
    ]
)
rows = st.builds(
    lambda g, f, d, s, n: {
        "record_id": "x",
        "given_name": g,
        "family_name": f,
        "date_of_birth": d,
        "sex": s,
        "nationality": n,
    },
    names,
    names,
    st.sampled_from(["1990-05-03", "1990", "1990-01-01", "1991-05-03", ""]),
    st.sampled_from(["M", "F", ""]),
    st.sampled_from(["SYR", "AFG", ""]),
)


def _groups(pairs):
    by_key = defaultdict(set)
    for row, key in pairs:
        by_key[key].add(row)
    return sorted(sorted(group) for group in by_key.values())


@settings(max_examples=80, deadline=None)
@given(st.lists(rows, min_size=1, max_size=15))
def test_integer_keys_group_rows_as_the_string_keys_do(batch):
    prepared = prepare(batch)
    c = prepared.columns
    expected = [
        (i, key)
        for i, tokens in enumerate(prepared.tokens)
        for key in record_keys(
            tokens, int(c["dob_year"][i]), c["dob_digits"][i], c["sex"][i], c["nationality"][i]
        )
    ]
    rows_, keys = key_table(prepared)
    assert _groups(zip(rows_.tolist(), keys.tolist(), strict=True)) == _groups(expected)


def test_swapped_names_and_script_variants_become_candidates():
    batch = [
        {"record_id": "a", "given_name": "Mohammed", "family_name": "Karimi", "date_of_birth": "1990-05-03"},
        {"record_id": "b", "given_name": "Karimi", "family_name": "Muhammad", "date_of_birth": "1990"},
        {"record_id": "c", "given_name": "محمد", "family_name": "كريمي", "date_of_birth": ""},
        {"record_id": "d", "given_name": "Anna", "family_name": "Schmidt", "date_of_birth": "1970-02-02"},
    ]
    i, j = candidate_pairs(prepare(batch))
    pairs = set(zip(i.tolist(), j.tolist(), strict=True))
    assert {(0, 1), (0, 2), (1, 2)} <= pairs
    assert not any(3 in pair for pair in pairs)
    assert np.all(i < j)
