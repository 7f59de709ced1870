"""Which linkage model scores pairs: the one trained by the last finished batch run, else sensible defaults.

The defaults are m/u probabilities of the usual Fellegi–Sunter shape (agreement far likelier among matches,
disagreement far likelier among non-matches); a batch run replaces them with weights learnt from the registry.
"""

from __future__ import annotations

import numpy as np

from mixmig.apps.identity.models import LinkageRun
from mixmig.engines.linkage.comparisons import default_comparisons
from mixmig.engines.linkage.model import LinkageModel

# per comparison, levels 0 (different) … highest agreement
_DEFAULT_M = {
    "given_name": [0.03, 0.05, 0.12, 0.30, 0.50],
    "family_name": [0.05, 0.05, 0.12, 0.28, 0.50],
    "date_of_birth": [0.04, 0.08, 0.18, 0.10, 0.10, 0.50],
    "sex": [0.03, 0.97],
    "nationality": [0.10, 0.90],
}
_DEFAULT_U = {
    "given_name": [0.90, 0.07, 0.02, 0.008, 0.002],
    "family_name": [0.93, 0.05, 0.015, 0.004, 0.001],
    "date_of_birth": [0.90, 0.06, 0.03, 0.006, 0.002, 0.002],
    "sex": [0.50, 0.50],
    "nationality": [0.75, 0.25],
}
# hand-set for pairs that share a blocking key (the u above are among such pairs, not random ones)
DEFAULT_PRIOR = 0.01

_cache: dict[int, LinkageModel] = {}


def default_model() -> LinkageModel:
    comparisons = default_comparisons()
    m = [np.array(_DEFAULT_M[c.name]) for c in comparisons.comparisons]
    u = [np.array(_DEFAULT_U[c.name]) for c in comparisons.comparisons]
    return LinkageModel(comparisons, m, u, DEFAULT_PRIOR)


def current_model() -> tuple[LinkageModel, int | None]:
    """The model of the newest finished run (and its id), or the default model (and None)."""
    run = (
        LinkageRun.objects.filter(status=LinkageRun.Status.DONE, model__isnull=False)
        .order_by("-id")
        .values("pk")
        .first()
    )
    if run is None:
        return default_model(), None
    if run["pk"] not in _cache:
        data = LinkageRun.objects.values_list("model", flat=True).get(pk=run["pk"])
        _cache.clear()
        _cache[run["pk"]] = LinkageModel.from_dict(data)
    return _cache[run["pk"]], run["pk"]
