"""Data for the linkage benchmark: FEBRL loaders and a multi-script registration-noise generator.

The multi-script set starts from real name pairs (Arabic ↔ English from Wikipedia, English ↔ Hebrew and
English ↔ Korean full names from Wikidata) and adds the noise seen at registration: the other script or
another Latin spelling, typos, given/family swapped, birth dates estimated as 1 January or year-only,
day and month swapped, ±1 year, missing sex and nationality.
"""

from __future__ import annotations

import csv
import random
from pathlib import Path

DATA = Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "linkage"
FEBRL_EXTRAS = ["street_number", "address_1", "suburb", "postcode", "state"]
COLUMNS = ["record_id", "given_name", "family_name", "sex", "date_of_birth", "nationality"]


def available() -> bool:
    return (DATA / "febrl" / "dataset3.csv").exists()


def febrl(name: str) -> list[dict[str, str]]:
    """FEBRL records without the social-security column; ``entity`` holds the truth (rec-N-...)."""
    rows = []
    with (DATA / "febrl" / name).open(newline="") as handle:
        for raw in csv.DictReader(handle, skipinitialspace=True):
            row = {k.strip(): (v or "").strip() for k, v in raw.items()}
            dob = row["date_of_birth"]
            rows.append(
                {
                    "record_id": row["rec_id"],
                    "entity": row["rec_id"].split("-")[1],
                    "given_name": row["given_name"],
                    "family_name": row["surname"],
                    "sex": "",
                    "date_of_birth": f"{dob[:4]}-{dob[4:6]}-{dob[6:8]}" if len(dob) == 8 else "",
                    "nationality": "",
                    **{extra: row[extra] for extra in FEBRL_EXTRAS},
                }
            )
    return rows


def _name_pairs() -> dict[str, list[tuple[str, str]]]:
    names = DATA / "names"
    arabic = []
    for line in (names / "google_ar2en" / "ar2en.txt").read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) == 2 and len(parts[1]) >= 3 and parts[1].isalpha():
            arabic.append((parts[0], parts[1]))  # (script, latin)
    out = {"ar": arabic}
    for code, file in (("he", "wd_hebrew_fullnames.tsv"), ("ko", "wd_korean_fullnames.tsv")):
        pairs = []
        for line in (names / "wikidata_fullnames" / file).read_text(encoding="utf-8").splitlines():
            parts = line.split("\t")
            if len(parts) != 2:
                continue
            latin, script = parts[0].split(), parts[1].split()
            if len(latin) == 2 and len(script) == 2 and all(t.isalpha() for t in latin):
                pairs.append((script, latin))  # full names [given, family]
        out[code] = pairs
    return out


_NATIONALITIES = {
    "ar": ["SYR", "IRQ", "SDN", "YEM", "LBY", "EGY"],
    "he": ["ISR", "USA", "FRA"],
    "ko": ["KOR", "PRK", "USA"],
}


def _typo(rng: random.Random, text: str) -> str:
    if len(text) < 4:
        return text
    k = rng.randrange(1, len(text) - 1)
    op = rng.random()
    if op < 0.35:
        return text[:k] + text[k + 1 :]
    if op < 0.7:
        return text[:k] + rng.choice("aeioumnrlst") + text[k + 1 :]
    return text[:k] + text[k + 1] + text[k] + text[k + 2 :]


def _spelling(rng: random.Random, text: str) -> str:
    """Another plausible Latin spelling (vowel and doubling variants transliterators disagree on)."""
    variants = [
        ("ou", "u"),
        ("u", "ou"),
        ("ee", "i"),
        ("i", "ee"),
        ("e", "a"),
        ("a", "e"),
        ("mm", "m"),
        ("y", "i"),
        ("k", "q"),
        ("j", "dj"),
    ]
    rng.shuffle(variants)
    for old, new in variants:
        if old in text[1:]:
            i = text.index(old, 1)
            return text[:i] + new + text[i + len(old) :]
    return text


def _date(rng: random.Random, year: int, month: int, day: int) -> str:
    r = rng.random()
    if r < 0.15:
        return f"{year:04d}-01-01"  # estimated: 1 January of the guessed year
    if r < 0.25:
        return f"{year:04d}"
    if r < 0.33 and day <= 12:
        return f"{year:04d}-{day:02d}-{month:02d}"  # day and month swapped
    if r < 0.41:
        return f"{year + rng.choice([-1, 1]):04d}-{month:02d}-{day:02d}"
    if r < 0.46:
        return ""
    return f"{year:04d}-{month:02d}-{day:02d}"


def multiscript(persons: int = 6000, seed: int = 11) -> list[dict[str, str]]:
    """Registrations of ``persons`` people (about half registered twice or three times)."""
    rng = random.Random(seed)
    pools = _name_pairs()
    rows: list[dict[str, str]] = []
    for p in range(persons):
        source = rng.choices(["ar", "he", "ko"], weights=[0.6, 0.2, 0.2])[0]
        if source == "ar":
            g, f = rng.choice(pools["ar"]), rng.choice(pools["ar"])
            script, latin = (g[0], f[0]), (g[1], f[1])
        else:
            s, latin_full = rng.choice(pools[source])
            script, latin = (s[0], s[1]), (latin_full[0], latin_full[1])
        sex = rng.choice("MF")
        year, month, day = rng.randint(1950, 2015), rng.randint(1, 12), rng.randint(1, 28)
        nationality = rng.choice(_NATIONALITIES[source])
        copies = 1 + (rng.random() < 0.5) + (rng.random() < 0.15)
        in_script = rng.random() < 0.5
        for c in range(copies):
            if c == 0:
                given, family = script if in_script else latin
                dob = (
                    f"{year:04d}-{month:02d}-{day:02d}"
                    if rng.random() < 0.7
                    else _date(rng, year, month, day)
                )
                rows.append(_row(f"p{p}-{c}", p, given, family, sex, dob, nationality))
                continue
            use_script = (not in_script) if rng.random() < 0.7 else in_script
            given, family = script if use_script else latin
            if not use_script:
                given = _spelling(rng, given) if rng.random() < 0.4 else given
                family = _spelling(rng, family) if rng.random() < 0.4 else family
                given = _typo(rng, given) if rng.random() < 0.15 else given
                family = _typo(rng, family) if rng.random() < 0.15 else family
            if rng.random() < 0.15:
                given, family = family, given
            rows.append(
                _row(
                    f"p{p}-{c}",
                    p,
                    given,
                    family,
                    sex if rng.random() > 0.05 else "",
                    _date(rng, year, month, day),
                    nationality if rng.random() > 0.2 else "",
                )
            )
    rng.shuffle(rows)
    return rows


def _row(rid, person, given, family, sex, dob, nationality) -> dict[str, str]:
    return {
        "record_id": rid,
        "entity": str(person),
        "given_name": given,
        "family_name": family,
        "sex": sex,
        "date_of_birth": dob,
        "nationality": nationality,
    }
