"""The 1-vs-many duplicate check and the keyed balanced Bloom-filter encodings."""

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from linkage_people import people

from mixmig.engines.linkage import dedupe
from mixmig.engines.linkage.bloom import BITS, Encoder
from mixmig.engines.linkage.index import CandidateIndex
from mixmig.engines.linkage.pprl import link_encoded

SECRET = b"test-secret-0123456789abcdef"


def test_duplicate_check_finds_the_earlier_registration_with_reasons():
    rows = people()
    result = dedupe(rows)
    index = CandidateIndex(result.prepared, result.model)
    new = {
        "record_id": "new",
        "given_name": "أحمد",
        "family_name": "حداد",
        "sex": "M",
        "date_of_birth": "1950",
        "nationality": "SYR",
    }
    found = index.check(new)
    # the earlier registration or its planted duplicate ("<id>b", the same person spelt differently)
    assert found and found[0].record_id.removesuffix("b") in {
        r["record_id"] for r in rows if r["given_name"] == "Ahmad" and r["family_name"] == "Haddad"
    }
    assert {e["field"] for e in found[0].explanation} >= {"given_name", "family_name", "date_of_birth"}
    stranger = {
        "record_id": "s",
        "given_name": "Zebulon",
        "family_name": "Quimby",
        "sex": "M",
        "date_of_birth": "2001-02-03",
        "nationality": "USA",
    }
    assert index.check(stranger) == []


names = st.text(alphabet=st.sampled_from(list("abcdefghijklmnoprstuyz محمدعليАнна")), min_size=0, max_size=12)


@settings(max_examples=50, deadline=None)
@given(names, names, st.sampled_from(["1990-05-03", "1990", ""]))
def test_encodings_are_balanced_and_deterministic(given_name, family_name, dob):
    row = {"given_name": given_name, "family_name": family_name, "date_of_birth": dob, "sex": "F"}
    encoder = Encoder(SECRET)
    first = encoder.encode([row])
    assert np.bitwise_count(first).sum() == BITS  # exactly half of 2 * BITS
    assert np.array_equal(first, Encoder(SECRET).encode([row]))


def test_another_secret_gives_unrelated_encodings():
    row = {"given_name": "Mohammed", "family_name": "Haddad", "date_of_birth": "1990-05-03", "sex": "M"}
    a, b = Encoder(SECRET).encode([row]), Encoder(b"another-secret-9876543210").encode([row])
    agreement = 1 - np.bitwise_count(a ^ b).sum() / (2 * BITS)
    assert 0.4 < agreement < 0.65  # no better than chance
    assert Encoder(SECRET).key_check != Encoder(b"another-secret-9876543210").key_check


def test_cross_script_records_link_through_encodings():
    encoder = Encoder(SECRET)
    a = [
        {"given_name": "محمد", "family_name": "حداد", "date_of_birth": "1990-05-03", "sex": "M"},
        {"given_name": "Layla", "family_name": "Nasser", "date_of_birth": "1985-11-02", "sex": "F"},
    ]
    b = [
        {"given_name": "Layla", "family_name": "Naser", "date_of_birth": "1985-02-11", "sex": "F"},
        {"given_name": "Mohammed", "family_name": "Haddad", "date_of_birth": "1990-05-03", "sex": "M"},
        {"given_name": "Karim", "family_name": "Aziz", "date_of_birth": "1970-01-01", "sex": "M"},
    ]
    links = link_encoded(
        encoder.encode(a),
        encoder.encode(b),
        None,
        [encoder.blocking_keys(r) for r in a],
        [encoder.blocking_keys(r) for r in b],
    )
    assert sorted(zip(links.a.tolist(), links.b.tolist(), strict=True)) == [(0, 1), (1, 0)]
