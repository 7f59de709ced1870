"""Which linkage model scores pairs: the one trained by the last finished batch run, else the engine's
defaults (``engines.linkage.defaults``: m/u of the usual Fellegi–Sunter shape); a batch run replaces them
with weights learnt from the registry.
"""

from __future__ import annotations

from mixmig.apps.identity.models import LinkageRun
from mixmig.engines.linkage.defaults import default_model
from mixmig.engines.linkage.model import LinkageModel

_cache: dict[int, LinkageModel] = {}


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
