"""Plausible answers to the baseline pack's screening questions for a generated person.

Answers follow the person's reasons for leaving (fear of return mostly with conflict or persecution,
disaster displacement with environmental drivers, intention to work with economic ones), and a small share
show trafficking indicators (HTCDS means of control, types of exploitation), heightened-risk factors
(UNHCR HRIT) or leave questions unanswered, so that the demo shows every kind of screening result.
"""

from __future__ import annotations

import random
from functools import lru_cache

from mixmig.engines.policy import resolve_pack


@lru_cache(maxsize=1)
def _options() -> dict[str, list[str]]:
    pack = resolve_pack("baseline")
    return {q.id: [v for v, _labels in q.options if v != "none"] for q in pack.questions if q.options}


def screening_answers(rng: random.Random, person: dict, age: int) -> dict:
    reasons = set(person.get("reasons_for_leaving") or [])
    options = _options()
    answers: dict = {}
    if rng.random() < 0.12:  # not asked yet: screening shows what is still undetermined
        return answers
    threatened = bool(reasons & {"conflict_violence", "persecution"})
    answers["fear_of_return"] = rng.random() < (0.85 if threatened else 0.1)
    if threatened:
        answers["harm_experienced"] = rng.random() < 0.4
    if "persecution" in reasons and options.get("persecution_grounds"):
        answers["persecution_grounds"] = rng.sample(options["persecution_grounds"], rng.randint(1, 2))
    if "environmental" in reasons:
        answers["disaster_displaced"] = rng.random() < 0.8
    if "economic" in reasons and age >= 16:
        answers["intends_to_work"] = rng.random() < 0.9
    trafficked = age >= 14 and rng.random() < (0.09 if person.get("sex") == "female" else 0.04)
    for question in (
        "deceived",
        "documents_confiscated",
        "debt_owed",
        "movement_restricted",
        "forced_to_work",
    ):
        answers[question] = trafficked and rng.random() < 0.7
    if trafficked and options.get("exploitation_types"):
        answers["exploitation_types"] = rng.sample(options["exploitation_types"], 1)
    answers["survivor_of_violence"] = rng.random() < (0.2 if threatened else 0.05)
    answers["serious_medical_condition"] = rng.random() < 0.05
    answers["disability"] = rng.random() < 0.03
    if person.get("sex") == "female" and 16 <= age <= 42:
        answers["pregnant"] = rng.random() < 0.06
    if "XXA" in (person.get("nationalities") or []):
        answers["no_country_recognises"] = True
    return answers
