"""Demo travel groups: single adults, families, unrelated groups and unaccompanied children.

``generate(size, seed, today)`` is pure: the same seed and day give the same people, so ``mixmig demo``
can top up an interrupted run without duplicating anyone.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from mixmig.apps.registry.demo import identity
from mixmig.apps.registry.demo import names as n
from mixmig.apps.registry.demo.answers import screening_answers
from mixmig.apps.registry.demo.routes import ROUTES, SITES, TRANSIT_SIM, Origin, Route

SITE_COUNTRY = {code: country for code, _, _, country, *_ in SITES}


@dataclass
class DemoGroup:
    site: str
    registered_on: date
    members: list[dict]
    relations: list[dict] = field(default_factory=list)
    kind: str = "single"


@dataclass
class _Journey:
    route: Route
    origin: Origin
    site: str
    on: date
    base: dict


def _pick(rng: random.Random, items, weight):
    return rng.choices(items, weights=[weight(i) for i in items])[0]


def _date(rng: random.Random, today: date) -> date:
    # More arrivals in the summer months, as on the Mediterranean routes.
    while True:
        day = today - timedelta(days=rng.randrange(365))
        if rng.random() < (1.0 if day.month in (6, 7, 8, 9) else 0.6):
            return day


def _journey(rng: random.Random, today: date) -> _Journey:
    route = _pick(rng, ROUTES, lambda r: r.weight)
    origin = _pick(rng, route.origins, lambda o: o.weight)
    site = rng.choice(route.sites)
    on = _date(rng, today)
    site_country = SITE_COUNTRY[site]
    stops = []
    for stop in origin.transit + route.corridor:
        if stop[0] == site_country:
            break
        stops.append(stop)
    departed = on - timedelta(days=rng.randint(route.months[0] * 30 + 5, route.months[1] * 30 + 20))
    legs, cursor = [], departed
    span = max((on - departed).days // (len(stops) + 1), 1)
    for country, place, mode in stops:
        arrived = cursor + timedelta(days=rng.randint(1, max(span // 3, 1)))
        cursor = min(arrived + timedelta(days=rng.randint(0, span)), on)
        leg = {"country": country, "place": place, "transport_mode": mode}
        if rng.random() < 0.8:  # people do not always remember dates
            leg.update(arrived_on=min(arrived, cursor), departed_on=cursor)
        legs.append(leg)
    base = {
        "origin_country": origin.country,
        "origin_place": rng.choice(origin.places) if origin.places else "",
        "departed_on": departed if rng.random() < 0.85 else None,
        "intended_destination": rng.choice(route.destinations) if rng.random() < 0.9 else "",
        "transport_mode": route.last_mode,
        "legs": legs,
    }
    return _Journey(route, origin, site, on, base)


def _reasons(rng: random.Random, origin: Origin) -> list[str]:
    reasons = rng.sample(origin.reasons, k=rng.randint(1, min(2, len(origin.reasons))))
    if rng.random() < 0.1:
        reasons.append(rng.choice(("family", "education", "other")))
    return list(dict.fromkeys(reasons))


def _cost(rng: random.Random, j: _Journey) -> dict:
    roll = rng.random()
    if roll < 0.12:
        return {"smuggler_paid": None}
    if roll < 0.25:
        return {"smuggler_paid": False}
    low, high, currency = j.route.cost
    if j.origin.country in ("BGD", "PAK", "CHN"):
        low, high = low * 3, high * 3
    amount = Decimal(rng.randrange(low, high, 50)) if rng.random() < 0.8 else None
    return {
        "smuggler_paid": True,
        "journey_cost": amount,
        "journey_cost_currency": currency if amount else "",
    }


def _given(rng: random.Random, pool: n.Pool, sex: str) -> n.Name:
    return rng.choice(pool.male if sex == "male" else pool.female)


def _family_name(rng: random.Random, pool: n.Pool) -> tuple[str, str]:
    if pool.naming == "patronymic" or not pool.family:
        name = rng.choice(pool.male)
        return name.spell(rng), name.original
    if pool.naming == "hispanic":
        a, b = rng.sample(pool.family, 2)
        return f"{a.spell(rng)} {b.spell(rng)}", ""
    name = rng.choice(pool.family)
    return name.spell(rng), name.original


def _person(
    rng: random.Random, j: _Journey, sex: str, age: int, family: tuple[str, str] | None = None
) -> dict:
    pool, origin = j.origin.pool, j.origin
    given = _given(rng, pool, sex)
    family_latin, family_original = family or _family_name(rng, pool)
    if pool.naming == "slavic" and sex == "female" and family_latin.endswith(("ov", "ev", "in")):
        family_latin, family_original = family_latin + "a", family_original + "а"
    child = age < 18
    documented = rng.random() < origin.documented
    person = {
        "given_name": given.spell(rng),
        "family_name": family_latin,
        "sex": sex,
        "nationalities": [origin.country],
        "languages": list(origin.languages[: rng.randint(1, len(origin.languages))]),
        "reasons_for_leaving": _reasons(rng, origin),
        "documents": identity.documents(rng, origin.country, documented, child, j.on),
        **identity.birth(rng, age, j.on, documented, child),
        **j.base,
    }
    if pool.script and given.original:
        person.update(given_name_original=given.original, family_name_original=family_original)
        person["original_script"] = pool.script
    if age >= 15 and rng.random() < (0.85 if not child else 0.5):
        sim = origin.country
        if rng.random() < 0.35:
            transit = [leg["country"] for leg in j.base["legs"] if leg["country"] in TRANSIT_SIM]
            sim = rng.choice(transit or [SITE_COUNTRY[j.site]])
        number = identity.phone(rng, sim, SITE_COUNTRY[j.site])
        person["phones"] = [number] if number else []
    if not child:
        person.update(_cost(rng, j))
    person["screening_answers"] = screening_answers(rng, person, age)
    return person


def _other_sex(sex: str) -> str:
    return "female" if sex == "male" else "male"


def _family(rng: random.Random, j: _Journey) -> DemoGroup:
    pool = j.origin.pool
    single_mother = rng.random() < 0.25
    father_age = rng.randint(24, 55)
    surname = _family_name(rng, pool)
    father = _person(rng, j, "male", father_age, surname)
    parents = [] if single_mother else [father]
    mother_family = surname if pool.naming in ("family", "slavic") and rng.random() < 0.6 else None
    mother_age = max(father_age - rng.randint(0, 8), 20)
    parents.append(_person(rng, j, "female", mother_age, mother_family))
    if pool.naming == "patronymic":
        child_family = (father["given_name"], father.get("given_name_original", ""))
    elif pool.naming == "hispanic":
        child_family = (
            f"{father['family_name'].split(' ')[0]} {parents[-1]['family_name'].split(' ')[0]}",
            "",
        )
    else:
        child_family = surname
    kids = [
        _person(
            rng, j, rng.choice(("male", "female")), rng.randint(0, min(17, mother_age - 17)), child_family
        )
        for _ in range(rng.randint(1, 4))
    ]
    members = parents + kids
    relations = []
    if len(parents) == 2:
        relations.append({"subject": 0, "other": 1, "relation": "spouse"})
    for p in range(len(parents)):
        for c in range(len(parents), len(members)):
            relations.append({"subject": p, "other": c, "relation": "parent"})
    for a in range(len(parents), len(members)):
        for b in range(a + 1, len(members)):
            relations.append({"subject": a, "other": b, "relation": "sibling"})
    return DemoGroup(j.site, j.on, members, relations, "family")


def _unaccompanied(rng: random.Random, j: _Journey) -> DemoGroup:
    child = _person(rng, j, "male" if rng.random() > 0.15 else "female", rng.randint(15, 17))
    roll = rng.random()
    if roll < 0.55:
        return DemoGroup(j.site, j.on, [child], [], "unaccompanied")
    if roll < 0.7:  # travelling with an adult brother or sister: separated, not unaccompanied by a parent
        sibling = _person(
            rng,
            j,
            rng.choice(("male", "female")),
            rng.randint(18, 24),
            (child["family_name"], child.get("family_name_original", "")),
        )
        return DemoGroup(
            j.site, j.on, [sibling, child], [{"subject": 0, "other": 1, "relation": "sibling"}], "separated"
        )
    adults = [_person(rng, j, "male", rng.randint(19, 40)) for _ in range(rng.randint(1, 2))]
    relations = [
        {"subject": i, "other": len(adults), "relation": "unrelated_adult"} for i in range(len(adults))
    ]
    return DemoGroup(j.site, j.on, [*adults, child], relations, "unaccompanied_with_adults")


def _group(rng: random.Random, j: _Journey) -> DemoGroup:
    roll = rng.random()
    o = j.origin
    if roll < o.children:
        return _unaccompanied(rng, j)
    if roll < o.children + o.families:
        return _family(rng, j)
    sex = "female" if rng.random() < o.women else "male"
    if roll < o.children + o.families + 0.12:  # companions met on the way: no relations known
        size = rng.randint(2, 4)
        members = [
            _person(rng, j, sex if i == 0 else rng.choice((sex, "male")), rng.randint(18, 45))
            for i in range(size)
        ]
        return DemoGroup(j.site, j.on, members, [], "unrelated")
    return DemoGroup(j.site, j.on, [_person(rng, j, sex, rng.randint(18, 50))], [], "single")


def _re_encounter(rng: random.Random, group: DemoGroup, route: Route, today: date) -> DemoGroup | None:
    """The same person met again further along the route, spelled differently (for identity resolution)."""
    later = [s for s in route.sites[route.sites.index(group.site) + 1 :]]
    on = group.registered_on + timedelta(days=rng.randint(7, 25))
    if not later or on > today or len(group.members) != 1:
        return None
    person = dict(group.members[0])
    person["given_name"] = person["given_name"] if rng.random() < 0.3 else _respell(rng, person["given_name"])
    person["documents"] = []
    person["phones"] = [identity.international(p, SITE_COUNTRY[group.site]) for p in person.get("phones", [])]
    return DemoGroup(rng.choice(later), on, [person], [], group.kind + "_again")


def _respell(rng: random.Random, latin: str) -> str:
    for pool in (
        n.ARABIC,
        n.PERSO_ARABIC,
        n.TIGRINYA,
        n.AMHARIC,
        n.OROMO,
        n.SOMALI,
        n.HISPANIC,
        n.HAITIAN,
        n.WEST_AFRICAN,
    ):
        for name in pool.male + pool.female:
            if latin in name.latin and len(name.latin) > 1:
                return rng.choice([s for s in name.latin if s != latin])
    return latin


def generate(size: int, seed: int, today: date) -> list[DemoGroup]:
    """Travel groups totalling exactly ``size`` registrations (the last group is trimmed if needed)."""
    rng = random.Random(seed)
    groups: list[DemoGroup] = []
    total = 0
    while total < size:
        j = _journey(rng, today)
        group = _group(rng, j)
        batch = [group]
        if j.route.name.startswith(("Americas", "Eastern route")) and rng.random() < 0.08:
            again = _re_encounter(rng, group, j.route, today)
            if again:
                batch.append(again)
        for g in batch:
            room = size - total
            if room <= 0:
                break
            if len(g.members) > room:
                g.members = g.members[:room]
                g.relations = [r for r in g.relations if r["subject"] < room and r["other"] < room]
            groups.append(g)
            total += len(g.members)
    return groups
