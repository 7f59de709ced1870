"""`mixmig identity dedupe | encode | link-encoded`: the CLI contract used by the benchmarks."""

from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parents[2] / ".." / "shared" / "data" / "linkage"
HEADER = "record_id,given_name,family_name,sex,date_of_birth,nationality,notes\n"
PEOPLE = [
    "a1,Mohammed,Al-Rashid,M,1990-05-03,SYR,first registration",
    "a2,محمد,الرشيد,M,1990-03-05,SYR,day and month swapped",
    "a3,Muhamad,Rashid,M,1990,,year only",
    "b1,Anna,Ivanova,F,1985-07-12,UKR,",
    "b2,Анна,Иванова,F,1985-01-01,UKR,estimated date",
    "c1,Tesfay,Gebremedhin,M,2008-02-14,ERI,",
    "d1,John,Smith,M,1970-02-02,GBR,",
    "e1,Wei,Zhang,F,1999-11-30,CHN,",
]


def _write(path: Path, lines: list[str], header: str = HEADER) -> Path:
    path.write_text(header + "\n".join(lines) + "\n", encoding="utf-8")
    return path


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_dedupe_clusters_across_scripts_and_writes_every_record(run, tmp_path):
    out = tmp_path / "out.csv"
    pairs = tmp_path / "pairs.csv"
    result = run(
        "identity_dedupe", str(_write(tmp_path / "in.csv", PEOPLE)), output=str(out), pairs=str(pairs)
    )
    assert result.code == 0, result.err
    rows = _read(out)
    assert [r["record_id"] for r in rows] == [line.split(",")[0] for line in PEOPLE]
    cluster = {r["record_id"]: r["cluster_id"] for r in rows}
    assert cluster["a1"] == cluster["a2"] == cluster["a3"]
    assert cluster["b1"] == cluster["b2"]
    assert len({cluster["a1"], cluster["b1"], cluster["c1"], cluster["d1"], cluster["e1"]}) == 5
    explained = _read(pairs)
    assert explained and "date_of_birth" in explained[0]["explanation"]


def test_dedupe_missing_columns_exit_2_naming_them(run, tmp_path):
    bad = _write(tmp_path / "bad.csv", ["1,Ali"], header="record_id,given_name\n")
    result = run("identity_dedupe", str(bad), output=str(tmp_path / "o.csv"))
    assert result.code == 2
    for column in ("family_name", "sex", "date_of_birth", "nationality"):
        assert column in result.err
    assert not (tmp_path / "o.csv").exists()


def test_dedupe_refuses_duplicate_record_ids(run, tmp_path):
    result = run(
        "identity_dedupe",
        str(_write(tmp_path / "d.csv", PEOPLE[:2] + PEOPLE[:1])),
        output=str(tmp_path / "o.csv"),
    )
    assert result.code == 2 and "a1" in result.err


def test_console_script_maps_two_words(tmp_path):
    out = tmp_path / "out.csv"
    script = Path(sys.executable).with_name("mixmig")
    done = subprocess.run(
        [str(script), "identity", "dedupe", str(_write(tmp_path / "in.csv", PEOPLE)), "--output", str(out)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert len(_read(out)) == len(PEOPLE)


def test_encode_and_link_encoded_without_names(run, tmp_path):
    secret = tmp_path / "secret"
    secret.write_text("a-shared-secret-of-enough-length-2024")
    agency_a = _write(tmp_path / "a.csv", PEOPLE[:1] + PEOPLE[3:4] + PEOPLE[5:])
    agency_b = _write(
        tmp_path / "b.csv",
        [
            "x1,Mohamed,Al Rashid,M,1990-05-03,,",
            "x2,Anna,Ivanova,F,1985-07-12,UKR,",
            "x3,Li,Wang,M,1960-01-01,CHN,",
        ],
    )
    for name, source in (("a.enc", agency_a), ("b.enc", agency_b)):
        result = run("identity_encode", str(source), secret_file=str(secret), output=str(tmp_path / name))
        assert result.code == 0, result.err
    lines = (tmp_path / "a.enc").read_text().splitlines()
    assert lines[0].startswith("# mixmig-pprl-rbf-v1") and lines[1] == "record_id,encoding,blocks"
    for row in csv.DictReader(lines[1:]):
        assert set(row) == {"record_id", "encoding", "blocks"}  # nothing in clear but the id
        assert all(len(k) == 16 and int(k, 16) >= 0 for k in row["blocks"].split())
    result = run(
        "identity_link_encoded",
        str(tmp_path / "a.enc"),
        str(tmp_path / "b.enc"),
        output=str(tmp_path / "pairs.csv"),
    )
    assert result.code == 0, result.err
    links = {(r["record_id_a"], r["record_id_b"]) for r in _read(tmp_path / "pairs.csv")}
    assert ("a1", "x1") in links and ("b1", "x2") in links
    assert not any(b == "x3" for _, b in links)


def test_link_encoded_refuses_different_secrets(run, tmp_path):
    source = _write(tmp_path / "a.csv", PEOPLE)
    for name, key in (("a.enc", "first-secret-0123456789"), ("b.enc", "second-secret-0123456789")):
        (tmp_path / f"{name}.key").write_text(key)
        run(
            "identity_encode",
            str(source),
            secret_file=str(tmp_path / f"{name}.key"),
            output=str(tmp_path / name),
        )
    result = run(
        "identity_link_encoded",
        str(tmp_path / "a.enc"),
        str(tmp_path / "b.enc"),
        output=str(tmp_path / "p.csv"),
    )
    assert result.code == 2 and "different secrets" in result.err


def test_encode_refuses_short_secret(run, tmp_path):
    (tmp_path / "s").write_text("short")
    result = run(
        "identity_encode",
        str(_write(tmp_path / "a.csv", PEOPLE)),
        secret_file=str(tmp_path / "s"),
        output=str(tmp_path / "e"),
    )
    assert result.code == 2 and "16 bytes" in result.err


def test_febrl4_encoded_linkage_f1(run, tmp_path):
    """FEBRL 4 through the CLI: both agencies encode, link, and F1 stays above 0.99 (address columns encoded)."""
    if not (DATA / "febrl" / "dataset4a.csv").exists():
        pytest.skip(f"FEBRL data not found at {DATA / 'febrl'} (shared data directory absent)")
    secret = tmp_path / "secret"
    secret.write_text("febrl-test-secret-0123456789abcdef")
    files = {}
    for part in ("4a", "4b"):
        rows = []
        with (DATA / "febrl" / f"dataset{part}.csv").open(newline="") as handle:
            for raw in csv.DictReader(handle, skipinitialspace=True):
                row = {k.strip(): (v or "").strip() for k, v in raw.items()}
                dob = row["date_of_birth"]
                rows.append(
                    [
                        row["rec_id"],
                        row["given_name"],
                        row["surname"],
                        "",
                        f"{dob[:4]}-{dob[4:6]}-{dob[6:]}" if len(dob) == 8 else "",
                        "",
                        row["postcode"],
                        row["suburb"],
                        row["street_number"],
                        row["address_1"],
                        row["state"],
                    ]
                )
        path = tmp_path / f"{part}.csv"
        with path.open("w", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(
                [
                    "record_id",
                    "given_name",
                    "family_name",
                    "sex",
                    "date_of_birth",
                    "nationality",
                    "postcode",
                    "suburb",
                    "street_number",
                    "address_1",
                    "state",
                ]
            )
            writer.writerows(rows)
        files[part] = tmp_path / f"{part}.enc"
        result = run(
            "identity_encode",
            str(path),
            secret_file=str(secret),
            output=str(files[part]),
            extra_columns="postcode,suburb,street_number,address_1,state",
        )
        assert result.code == 0, result.err
    result = run(
        "identity_link_encoded", str(files["4a"]), str(files["4b"]), output=str(tmp_path / "pairs.csv")
    )
    assert result.code == 0, result.err
    links = _read(tmp_path / "pairs.csv")
    hits = sum(r["record_id_a"].split("-")[1] == r["record_id_b"].split("-")[1] for r in links)
    precision, recall = hits / len(links), hits / 5000
    assert 2 * precision * recall / (precision + recall) >= 0.99
