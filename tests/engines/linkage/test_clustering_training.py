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
