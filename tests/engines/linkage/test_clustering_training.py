"""Clustering = connected components of accepted pairs; EM recovers a planted structure."""

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from linkage_people import people as _people

from mixmig.engines.linkage.clustering import connected_components
from mixmig.engines.linkage.pipeline import dedupe


def _reference_components(n, edges):
    parent = list(range(n))

    def find(x):
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in edges:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    return [min(y for y in range(n) if find(y) == find(x)) for x in range(n)]


@settings(max_examples=100, deadline=None)
@given(
    st.integers(1, 30).flatmap(
        lambda n: st.tuples(
            st.just(n), st.lists(st.tuples(st.integers(0, n - 1), st.integers(0, n - 1)), max_size=40)
        )
    )
)
def test_clusters_are_connected_components(case):
    n, edges = case
    i = np.array([a for a, _ in edges], dtype=np.int64)
    j = np.array([b for _, b in edges], dtype=np.int64)
    assert connected_components(n, i, j).tolist() == _reference_components(n, edges)


def test_dedupe_finds_planted_duplicates_and_explains_them():
    rows = _people()
    result = dedupe(rows)
    ids = result.cluster_ids()
    by_id = dict(zip([r["record_id"] for r in rows], ids, strict=True))
    duplicates = [r["record_id"] for r in rows if r["record_id"].endswith("b")]
    found = sum(by_id[d] == by_id[d[:-1]] for d in duplicates)
    assert found >= 0.9 * len(duplicates)
    assert len(set(ids)) >= 100 - 3  # distinct people are not merged
    k = result.matches()[0]
    explanation = result.model.explain(result.gammas[k])
    assert [e["field"] for e in explanation] == [
        "given_name",
        "family_name",
        "date_of_birth",
        "sex",
        "nationality",
    ]


def test_labels_override_the_model():
    rows = _people()
    first_dup = next(r["record_id"] for r in rows if r["record_id"].endswith("b"))
    result = dedupe(rows, labels={(first_dup[:-1], first_dup): False})
    by_id = dict(zip([r["record_id"] for r in rows], result.cluster_ids(), strict=True))
    assert by_id[first_dup] != by_id[first_dup[:-1]]


def test_training_keeps_same_date_strangers_and_namesakes_apart():
    """Candidates dominated by pairs that share only an exact birth date (one blocking key), as at a
    million registrations; the prior is the population's (matches among all pairs), not the candidates'."""
    from mixmig.engines.linkage.comparisons import default_comparisons
    from mixmig.engines.linkage.training import train

    comparisons = default_comparisons()
    rng = np.random.default_rng(4)
    matches = np.column_stack(
        [
            rng.choice([2, 3, 4], 2_000, p=[0.2, 0.3, 0.5]),
            rng.choice([2, 3, 4], 2_000, p=[0.2, 0.3, 0.5]),
            rng.choice([1, 2, 4, 5], 2_000, p=[0.1, 0.2, 0.1, 0.6]),
            np.ones(2_000, dtype=int),
            rng.choice([-1, 1], 2_000, p=[0.2, 0.8]),
        ]
    )
    same_date = np.column_stack(
        [
            rng.choice([0, 1, 2], 40_000, p=[0.8, 0.15, 0.05]),
            rng.choice([0, 1, 2], 40_000, p=[0.8, 0.15, 0.05]),
            np.full(40_000, 5),
            np.ones(40_000, dtype=int),
            rng.choice([0, 1], 40_000, p=[0.7, 0.3]),
        ]
    )
    same_name = np.column_stack(
        [
            np.full(8_000, 4),
            rng.choice([3, 4], 8_000),
            rng.choice([0, 1, 2], 8_000, p=[0.9, 0.07, 0.03]),
            rng.choice([0, 1], 8_000),
            rng.choice([0, 1], 8_000, p=[0.5, 0.5]),
        ]
    )
    gammas = np.concatenate([matches, same_date, same_name]).astype(np.int8)
    u = [
        np.array([0.95, 0.03, 0.015, 0.004, 0.001]),
        np.array([0.96, 0.025, 0.01, 0.004, 0.001]),
        np.array([0.955, 0.03, 0.01, 0.002, 0.002, 0.001]),
        np.array([0.5, 0.5]),
        np.array([0.8, 0.2]),
    ]
    n = 100_000
    model = train(gammas, u, comparisons, pairs_total=n * (n - 1) / 2)
    probability = model.probabilities(
        np.array([[0, 0, 5, 1, 1], [4, 4, 5, 1, 1], [4, 4, 2, 1, 1], [4, 4, 0, 1, 1]], dtype=np.int8)
    )
    assert probability[0] < 0.01  # different names, same date: a stranger born the same day
    assert probability[1] > 0.99 and probability[2] > 0.5
    assert probability[3] < 0.5  # same name, birth years far apart: a namesake
    assert 1e-7 < model.prior < 1e-5  # ~2,000 matches among 5e9 pairs


def test_a_small_file_is_scored_with_the_default_model():
    """Six registrations give too few pairs to train on: the engine's default model finds the obvious."""
    rows = [
        {"record_id": "a", "given_name": "Mohammed", "family_name": "Al Rashid", "sex": "M", "date_of_birth": "1990-05-03"},
        {"record_id": "b", "given_name": "محمد", "family_name": "الرشيد", "sex": "M", "date_of_birth": "1990"},
        {"record_id": "c", "given_name": "Muhammad", "family_name": "Rashid", "sex": "M", "date_of_birth": "1990-03-05"},
        {"record_id": "d", "given_name": "Anna", "family_name": "Schmidt", "sex": "F", "date_of_birth": "1970-02-02"},
        {"record_id": "e", "given_name": "Kim", "family_name": "Minjun", "sex": "M", "date_of_birth": "2001-01-01"},
        {"record_id": "f", "given_name": "Minjun", "family_name": "Kim", "sex": "M", "date_of_birth": "2001"},
    ]  # fmt: skip
    result = dedupe(rows)
    assert result.cluster_ids() == ["a", "a", "a", "d", "e", "e"]
    assert not result.adjustment.any()  # no full-name counts in so small a population
