"""Full-name frequency: agreeing on a name many registrations carry is weaker evidence than on a rare one."""

import numpy as np

from mixmig.engines.linkage.comparisons import default_comparisons
from mixmig.engines.linkage.frequency import FullNameCounts, full_name_adjustment
from mixmig.engines.linkage.index import CandidateIndex
from mixmig.engines.linkage.model import LinkageModel
from mixmig.engines.linkage.records import prepare


def _row(rid, given, family, dob="1990-05-03"):
    return {"record_id": rid, "given_name": given, "family_name": family, "date_of_birth": dob, "sex": "M"}


def _model():
    comparisons = default_comparisons()
    m = [np.full(len(c.levels), 1 / len(c.levels)) for c in comparisons.comparisons]
    u = [np.full(len(c.levels), 1 / len(c.levels)) for c in comparisons.comparisons]
    u[0] = np.array([0.9, 0.05, 0.03, 0.019, 0.001])
    u[1] = np.array([0.9, 0.05, 0.03, 0.019, 0.001])
    return LinkageModel(comparisons, m, u, 1e-4)


POPULATION = (
    [_row(f"kim{n}", "Minjun", "Kim", f"{1950 + n % 60}-01-0{1 + n % 9}") for n in range(50)]
    + [_row("rare1", "Zebulon", "Quimby"), _row("rare2", "Zebulon", "Quimby")]
    + [_row(f"x{n}", f"Given{chr(97 + n % 26)}", f"Family{chr(97 + n // 26)}") for n in range(148)]
)


def test_counts_and_adjustment_follow_the_full_name():
    prepared = prepare(POPULATION)
    names = FullNameCounts(prepared)
    counts = names.of(names.codes)
    assert counts[0] == 50 and counts[50] == 2
    gammas = np.array([[4, 4, 5, 1, -1], [4, 4, 5, 1, -1], [4, 3, 5, 1, -1]], dtype=np.int8)
    model = _model()
    adjustment = full_name_adjustment(model, gammas, np.array([49, 1, 1]), len(prepared))
    # u_given * u_family = 1e-6: a name carried by 49 of 200 others weighs log2(1e-6 / 0.245) less
    assert np.isclose(adjustment[0], np.log2(1e-6 / (49 / 200)))
    assert adjustment[1] > adjustment[0] and adjustment[2] == 0  # only exact agreement on both names
    # a full name no one else carries, or rarer than its two names predict, adds nothing
    assert not full_name_adjustment(model, gammas[:1], np.array([0]), len(prepared)).any()
    assert not full_name_adjustment(model, gammas[:1], np.array([1]), 10**9).any()


def test_the_duplicate_check_explains_a_common_full_name():
    prepared = prepare(POPULATION)
    index = CandidateIndex(prepared, _model())
    common = index.check(_row("new", "Minjun", "Kim", "1955-01-06"), threshold=0.0, limit=50)
    rare = index.check(_row("new", "Zebulon", "Quimby"), threshold=0.0)
    line = {c.record_id: c.explanation[-1] for c in common}
    assert line["kim5"]["field"] == "full_name"
    rare_line = rare[0].explanation[-1]
    assert rare_line["field"] == "full_name" and rare_line["weight"] > line["kim5"]["weight"]
