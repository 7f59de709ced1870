"""The same linkage pipeline on Apache Spark, for registries one machine cannot hold.

Each stage reuses the local code on Spark partitions: ``prepare`` and ``record_keys`` in ``mapInPandas``,
the blocking join in Spark SQL, ``ComparisonSet.compare`` on joined pair batches, EM on the distinct
comparison patterns (a small table collected to the driver), scoring as a broadcast join of pattern
weights. Connected components run on the driver over the accepted pairs (for national scale, swap in
GraphFrames' connected components; the accepted-pair table is the input it needs).

``pyspark`` is imported lazily: the engine does not depend on it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from .blocking import DEFAULT_MAX_BLOCK, record_keys
from .clustering import connected_components
from .comparisons import default_comparisons
from .records import REQUIRED_COLUMNS, prepare
from .training import estimate_u, train

_STRING_COLUMNS = [
    f"{side}_{part}"
    for side in ("given", "family")
    for part in ("latin", "skeleton", "sorted_skeleton", "first")
] + ["sex", "nationality", "dob_digits"]
_INT_COLUMNS = ["given_consonants", "family_consonants", "dob_year", "dob_month", "dob_day", "dob_precision"]


def _feature_schema(extras: Sequence[str]) -> str:
    strings = ["record_id", *_STRING_COLUMNS, *[f"x_{e}" for e in extras]]
    return ", ".join(
        [f"`{c}` string" for c in strings] + [f"`{c}` int" for c in _INT_COLUMNS] + ["keys array<string>"]
    )


def _prepare_batches(extras: Sequence[str]):
    def run(batches):
        for frame in batches:
            rows = frame.fillna("").astype(str).to_dict("records")
            prepared = prepare(rows, extras)
            out: dict[str, object] = {"record_id": prepared.record_id.astype(str)}
            for name in [*_STRING_COLUMNS, *[f"x_{e}" for e in extras]]:
                out[name] = prepared.columns[name].astype(str)
            for name in _INT_COLUMNS:
                out[name] = prepared.columns[name].astype(np.int32)
            c = prepared.columns
            out["keys"] = [
                list(
                    record_keys(
                        t, int(c["dob_year"][i]), c["dob_digits"][i], c["sex"][i], c["nationality"][i]
                    )
                )
                for i, t in enumerate(prepared.tokens)
            ]
            yield pd.DataFrame(out)

    return run


def _columns(frame: pd.DataFrame, suffix: str) -> dict[str, np.ndarray]:
    out: dict[str, np.ndarray] = {}
    for name in frame.columns:
        if name.endswith(suffix):
            values = frame[name].to_numpy()
            out[name[: -len(suffix)]] = values.astype(object) if values.dtype == object else values
    return out


def dedupe_spark(
    spark: Any,
    registrations: Any,
    extras: Sequence[str] = (),
    threshold: float = 0.5,
    max_block: int = DEFAULT_MAX_BLOCK,
    u_sample: int = 50_000,
):
    """Cluster a Spark DataFrame of registrations; returns a pandas frame ``record_id, cluster_id``.

    Also returns the trained model, and the scored candidate pairs as a Spark DataFrame.
    """
    from pyspark.sql import functions as F

    comparisons = default_comparisons(extras)
    k = len(comparisons.comparisons)
    source = registrations.select(*REQUIRED_COLUMNS, *extras)
    features = source.mapInPandas(_prepare_batches(extras), schema=_feature_schema(extras)).cache()

    keys = features.select("record_id", F.explode("keys").alias("key")).distinct()
    sizes = keys.groupBy("key").count().filter((F.col("count") >= 2) & (F.col("count") <= max_block))
    keys = keys.join(sizes.select("key"), "key")
    pairs = (
        keys.alias("l")
        .join(
            keys.alias("r"),
            (F.col("l.key") == F.col("r.key")) & (F.col("l.record_id") < F.col("r.record_id")),
        )
        .select(F.col("l.record_id").alias("id_l"), F.col("r.record_id").alias("id_r"))
        .distinct()
    )
    plain = features.drop("keys")
    left = plain.select(*[F.col(c).alias(f"{c}_l") for c in plain.columns])
    right = plain.select(*[F.col(c).alias(f"{c}_r") for c in plain.columns])
    joined = pairs.join(left, pairs.id_l == left.record_id_l).join(right, pairs.id_r == right.record_id_r)

    def compare(batches):
        for frame in batches:
            gammas, swapped = comparisons.compare(_columns(frame, "_l"), _columns(frame, "_r"))
            out = pd.DataFrame({"id_l": frame["id_l"], "id_r": frame["id_r"], "swapped": swapped})
            for j in range(k):
                out[f"g{j}"] = gammas[:, j].astype(np.int32)
            yield out

    schema = "id_l string, id_r string, swapped boolean, " + ", ".join(f"g{j} int" for j in range(k))
    scored = joined.mapInPandas(compare, schema=schema).cache()

    patterns = scored.groupBy(*[f"g{j}" for j in range(k)]).count().toPandas()
    pattern_gammas = patterns[[f"g{j}" for j in range(k)]].to_numpy().astype(np.int8)
    sample = source.limit(u_sample).toPandas().fillna("").astype(str).to_dict("records")
    u = estimate_u(prepare(sample, extras), comparisons)
    n = features.count()
    model = train(
        pattern_gammas, u, comparisons, pairs_total=n * (n - 1) / 2, counts=patterns["count"].to_numpy()
    )
    patterns["match_probability"] = model.probabilities(pattern_gammas.astype(np.int64))
    weights = spark.createDataFrame(patterns.drop(columns=["count"]))
    scored = scored.join(F.broadcast(weights), [f"g{j}" for j in range(k)])

    accepted = scored.filter(F.col("match_probability") >= threshold).select("id_l", "id_r").toPandas()
    ids = features.select("record_id").toPandas()["record_id"].to_numpy()
    position = {rid: n for n, rid in enumerate(ids.tolist())}
    i = np.array([position[x] for x in accepted["id_l"]], dtype=np.int64)
    j = np.array([position[x] for x in accepted["id_r"]], dtype=np.int64)
    labels = connected_components(len(ids), i, j)
    clusters = pd.DataFrame({"record_id": ids, "cluster_id": ids[labels]})
    return clusters, model, scored
