"""Request bodies and JSON helpers for the API tests."""

from __future__ import annotations

from django.test import Client


def member(**fields) -> dict:
    """A valid member body; override any field."""
    body = {
        "given_name": "Amina",
        "family_name": "Haile",
        "given_name_original": "አሚና",
        "family_name_original": "ሃይለ",
        "original_script": "Ethi",
        "sex": "female",
        "birth_date": "1990-05-04",
        "nationalities": ["ERI"],
        "languages": ["tir"],
        "origin_country": "ERI",
        "intended_destination": "DEU",
        "transport_mode": "sea",
        "smuggler_paid": True,
        "journey_cost": "3500",
        "journey_cost_currency": "USD",
        "reasons_for_leaving": ["persecution", "economic"],
        "documents": [{"kind": "passport", "number": "P1234567", "issuing_country": "ERI"}],
        "phones": ["+291 7 123 456"],
        "legs": [
            {"country": "SDN", "place": "Khartoum"},
            {"country": "LBY", "place": "Tripoli", "transport_mode": "road"},
        ],
    }
    body.update(fields)
    return {k: v for k, v in body.items() if v is not None}


def post_json(client: Client, path: str, body):
    return client.post(path, body, content_type="application/json")


def put_json(client: Client, path: str, body):
    return client.put(path, body, content_type="application/json")
