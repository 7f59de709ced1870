"""The same pipeline on PySpark in local mode gives the same comparisons and clusters as locally."""

from __future__ import annotations

import os
import shutil
import sys

import numpy as np
import pytest

from mixmig.engines.linkage import dedupe

pytestmark = pytest.mark.slow

pyspark = pytest.importorskip("pyspark", reason="pyspark not installed (pip install pyspark)")
if shutil.which("java") is None:
    pytest.skip("no Java runtime for Spark", allow_module_level=True)

from linkage_people import people as _people  # noqa: E402


@pytest.fixture(scope="module")
def spark():
    from pyspark.sql import SparkSession

    os.environ["PYSPARK_PYTHON"] = sys.executable  # workers must import mixmig from this environment

    session = (
        SparkSession.builder.master("local[2]")
        .appName("mixmig-linkage-test")
        .config("spark.sql.shuffle.partitions", "4")
        .config("spark.ui.enabled", "false")
        .getOrCreate()
    )
    yield session
    session.stop()


def test_spark_pipeline_matches_local(spark):
    from mixmig.engines.linkage.spark import dedupe_spark

    rows = _people()
    local = dedupe(rows)
    frame = spark.createDataFrame(rows)
    clusters, model, scored = dedupe_spark(spark, frame)

    # identical candidate pairs and comparison levels
    rid = local.prepared.record_id
    local_pairs = {
        tuple(sorted((rid[a], rid[b]))): tuple(local.gammas[k].tolist())
        for k, (a, b) in enumerate(zip(local.i, local.j, strict=True))
    }
    cols = [f"g{j}" for j in range(local.gammas.shape[1])]
    spark_pairs = {
        tuple(sorted((r["id_l"], r["id_r"]))): tuple(r[c] for c in cols)
        for r in scored.select("id_l", "id_r", *cols).collect()
    }
    assert spark_pairs == local_pairs

    # same clusters (as partitions of the records)
    by_local = dict(zip(rid.tolist(), local.cluster_ids(), strict=True))
    by_spark = dict(zip(clusters["record_id"], clusters["cluster_id"], strict=True))
    same_local = {(a, b) for a in by_local for b in by_local if a < b and by_local[a] == by_local[b]}
    same_spark = {(a, b) for a in by_spark for b in by_spark if a < b and by_spark[a] == by_spark[b]}
    assert len(same_local ^ same_spark) <= 0.02 * max(len(same_local), 1)
    assert np.isclose(model.prior, local.model.prior, atol=0.05)
