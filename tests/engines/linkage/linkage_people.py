"""A small registry with planted duplicates (other spelling, estimated birth date), shared by tests."""


def people():
    rows = []
    firsts = ["Ahmad", "Omar", "Layla", "Samir", "Nadia", "Yusuf", "Hana", "Karim", "Rania", "Tariq"]
    lasts = [
        "Haddad",
        "Khoury",
        "Nasser",
        "Saleh",
        "Mansour",
        "Darwish",
        "Aziz",
        "Barakat",
        "Hamdan",
        "Qasim",
    ]
    k = 0
    for a, first in enumerate(firsts):
        for b, last in enumerate(lasts):
            year = 1950 + (a * 7 + b * 3) % 60
            dob = f"{year}-{1 + b % 12:02d}-{10 + a:02d}"
            rows.append(
                {
                    "record_id": f"r{k}",
                    "given_name": first,
                    "family_name": last,
                    "sex": "MF"[a % 2],
                    "date_of_birth": dob,
                    "nationality": "SYR",
                }
            )
            if (a + b) % 3 == 0:  # a second registration: other spelling, estimated date
                rows.append(
                    {
                        "record_id": f"r{k}b",
                        "given_name": first.replace("a", "e", 1),
                        "family_name": last,
                        "sex": "MF"[a % 2],
                        "date_of_birth": str(year),
                        "nationality": "",
                    }
                )
            k += 1
    return rows
