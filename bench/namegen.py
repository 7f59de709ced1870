"""Realistic synthetic identities for benchmarks: names in Arabic, Dari/Pashto, Ge'ez, Cyrillic, Chinese and
Latin script with the Latin spellings officers actually write (Mohammed / Muhammad / Mohamed), sexes,
birth dates or years, nationalities, documents and phones. Deterministic for a given seed.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta

# (original, [Latin spellings]) — male given names, female given names, family names, per origin group.
_ARABIC_M = [
    ("محمد", ["Mohammed", "Muhammad", "Mohamed", "Mohamad"]), ("أحمد", ["Ahmed", "Ahmad"]), ("علي", ["Ali"]),
    ("عمر", ["Omar", "Umar"]), ("حسن", ["Hassan", "Hasan"]), ("حسين", ["Hussein", "Hussain", "Husein"]),
    ("يوسف", ["Yousef", "Youssef", "Yusuf"]), ("إبراهيم", ["Ibrahim", "Ebrahim"]), ("خالد", ["Khaled", "Khalid"]),
    ("عبدالله", ["Abdullah", "Abdallah"]), ("عبدالرحمن", ["Abdelrahman", "Abdulrahman"]), ("مصطفى", ["Mustafa", "Moustafa"]),
    ("آدم", ["Adam", "Adem"]), ("إسماعيل", ["Ismail", "Ismael"]), ("صالح", ["Saleh", "Salih"]), ("طارق", ["Tarek", "Tariq"]),
    ("كريم", ["Karim", "Kareem"]), ("سعيد", ["Said", "Saeed"]), ("جمال", ["Jamal", "Gamal"]), ("عثمان", ["Osman", "Othman"]),
]  # fmt: skip
_ARABIC_F = [
    ("فاطمة", ["Fatima", "Fatma"]), ("عائشة", ["Aisha", "Aicha"]), ("مريم", ["Maryam", "Mariam"]),
    ("زينب", ["Zainab", "Zeinab"]), ("خديجة", ["Khadija", "Khadidja"]), ("أمل", ["Amal"]), ("نور", ["Nour", "Noor"]),
    ("سارة", ["Sara", "Sarah"]), ("هبة", ["Heba", "Hiba"]), ("رانيا", ["Rania"]), ("آمنة", ["Amina", "Amna"]),
    ("حليمة", ["Halima", "Halimah"]), ("سلمى", ["Salma", "Selma"]), ("ليلى", ["Layla", "Leila"]),
]  # fmt: skip
_DARI_M = [
    ("احمد", ["Ahmad"]), ("گل", ["Gul"]), ("رحیم", ["Rahim"]), ("فرید", ["Farid", "Fareed"]), ("سلیمان", ["Sulaiman", "Soleiman"]),
    ("وحید", ["Wahid", "Vahid"]), ("ذبیح الله", ["Zabihullah", "Zabiullah"]), ("نجیب", ["Najib", "Najeeb"]),
    ("جاوید", ["Javid", "Jawid"]), ("مسعود", ["Masoud", "Massoud"]), ("شفیق", ["Shafiq"]), ("حمید", ["Hamid"]),
]  # fmt: skip
_DARI_F = [
    ("زهرا", ["Zahra"]), ("شبنم", ["Shabnam"]), ("پروین", ["Parwin", "Parvin"]), ("مرضیه", ["Marzieh", "Marzia"]),
    ("فرشته", ["Fereshta", "Fereshteh"]), ("نرگس", ["Nargis", "Narges"]), ("ملالی", ["Malalai"]),
]  # fmt: skip
_DARI_FAMILY = [
    ("رحیمی", ["Rahimi"]), ("نوری", ["Noori", "Nouri"]), ("صدیقی", ["Siddiqi", "Sediqi"]), ("ستانکزی", ["Stanekzai"]),
    ("کریمی", ["Karimi"]), ("حیدری", ["Haidari", "Heydari"]), ("احمدزی", ["Ahmadzai"]), ("محمدی", ["Mohammadi"]),
    ("هاشمی", ["Hashimi", "Hashemi"]), ("یوسفزی", ["Yousafzai", "Yusufzai"]), ("عزیزی", ["Azizi"]),
]  # fmt: skip
_GEEZ_M = [
    ("ሰለሞን", ["Selemon", "Solomon"]), ("ዳዊት", ["Dawit"]), ("ተስፋይ", ["Tesfay", "Tesfai"]), ("ዮናስ", ["Yonas"]),
    ("ሃብቶም", ["Habtom"]), ("ፍሰሃ", ["Fisseha", "Fsaha"]), ("ሚካኤል", ["Mikael", "Michael"]), ("ገብረሂወት", ["Gebrehiwet"]),
    ("ኪዳነ", ["Kidane"]), ("ብርሃነ", ["Berhane", "Birhane"]), ("ተኽለ", ["Tekle"]), ("ሙሴ", ["Musie", "Muse"]),
    ("ዓወተ", ["Awete"]), ("ገብረመድህን", ["Gebremedhin"]), ("ሃይለ", ["Haile"]),
]  # fmt: skip
_GEEZ_F = [
    ("ሳባ", ["Saba"]), ("ሉዋም", ["Luwam"]), ("ሄለን", ["Helen"]), ("ፅጌ", ["Tsige"]), ("ሰላም", ["Selam"]),
    ("ሙሉ", ["Mulu"]), ("ትርሓስ", ["Tirhas"]), ("ኤልሳ", ["Elsa"]), ("ሚልካ", ["Milka"]), ("ሃና", ["Hana", "Hanna"]),
]  # fmt: skip
_CYR_M = [
    ("Олександр", ["Oleksandr", "Alexander"]), ("Дмитро", ["Dmytro", "Dmitry"]), ("Андрій", ["Andriy", "Andrii"]),
    ("Сергій", ["Serhiy", "Sergey"]), ("Іван", ["Ivan"]), ("Микола", ["Mykola", "Nikolai"]), ("Тимур", ["Timur"]),
    ("Рустам", ["Rustam"]), ("Фаррух", ["Farrukh"]), ("Бахтиёр", ["Bakhtiyor"]),
]  # fmt: skip
_CYR_F = [
    ("Олена", ["Olena", "Elena"]), ("Наталія", ["Nataliia", "Natalia"]), ("Юлія", ["Yuliia", "Julia"]),
    ("Ірина", ["Iryna", "Irina"]), ("Тетяна", ["Tetiana", "Tatiana"]), ("Мадина", ["Madina"]), ("Нигора", ["Nigora"]),
]  # fmt: skip
_CYR_FAMILY = [
    ("Шевченко", ["Shevchenko"]), ("Коваленко", ["Kovalenko"]), ("Бондаренко", ["Bondarenko"]),
    ("Ткаченко", ["Tkachenko"]), ("Кравченко", ["Kravchenko"]), ("Мельник", ["Melnyk", "Melnik"]),
    ("Бойко", ["Boiko", "Boyko"]), ("Петренко", ["Petrenko"]), ("Рахимов", ["Rakhimov", "Rahimov"]),
    ("Каримов", ["Karimov"]), ("Назаров", ["Nazarov"]), ("Юсупов", ["Yusupov"]),
]  # fmt: skip
_ZH_FAMILY = [
    ("王", ["Wang"]), ("李", ["Li", "Lee"]), ("张", ["Zhang", "Chang"]), ("刘", ["Liu"]), ("陈", ["Chen"]),
    ("杨", ["Yang"]), ("黄", ["Huang"]), ("赵", ["Zhao"]), ("吴", ["Wu"]), ("周", ["Zhou"]), ("林", ["Lin"]),
]  # fmt: skip
_ZH_GIVEN = [
    ("伟", ["Wei"]), ("芳", ["Fang"]), ("娜", ["Na"]), ("敏", ["Min"]), ("静", ["Jing"]), ("小明", ["Xiaoming"]),
    ("建国", ["Jianguo"]), ("丽", ["Li"]), ("强", ["Qiang"]), ("磊", ["Lei"]), ("洋", ["Yang"]), ("艳", ["Yan"]),
    ("杰", ["Jie"]), ("军", ["Jun"]), ("秀英", ["Xiuying"]), ("志强", ["Zhiqiang"]),
]  # fmt: skip
_LATIN_M = [
    "José",
    "Juan",
    "Luis",
    "Carlos",
    "Jesús",
    "Mamadou",
    "Moussa",
    "Ousmane",
    "Ibrahima",
    "Abdoulaye",
    "Jean",
    "Wilson",
    "Kevin",
    "Brayan",
    "Yeferson",
    "Samuel",
    "Emmanuel",
    "Chukwuemeka",
    "Kofi",
    "Seydou",
]
_LATIN_F = [
    "María",
    "Ana",
    "Rosa",
    "Yolanda",
    "Aminata",
    "Fatoumata",
    "Mariama",
    "Daniela",
    "Yuleisy",
    "Génesis",
    "Nadège",
    "Blessing",
    "Esperanza",
    "Awa",
    "Kadiatou",
]
_LATIN_FAMILY = ["González", "Rodríguez", "Pérez", "Hernández", "García", "López", "Martínez", "Diallo", "Traoré",
                 "Coulibaly", "Camara", "Keïta", "Touré", "Bah", "Sow", "Jean-Baptiste", "Pierre", "Joseph",
                 "Ramírez", "Núñez", "Okafor", "Mensah", "Sánchez", "Domínguez", "Cissé"]  # fmt: skip


@dataclass(frozen=True)
class Origin:
    script: str
    nationalities: tuple[str, ...]
    weights: tuple[int, ...]
    languages: tuple[str, ...]
    calling: str  # country calling code and mobile prefix of a typical mobile
    subscriber_digits: int
    male: list
    female: list
    family: list | None  # None: family name is the father's given name (+ grandfather's)
    weight: int


ORIGINS = [
    Origin("Arab", ("SDN", "SYR", "LBY", "EGY", "IRQ", "YEM", "PSE"), (30, 20, 10, 12, 10, 8, 10), ("ara",), "2499", 8,
           _ARABIC_M, _ARABIC_F, None, 34),
    Origin("Arab", ("AFG",), (1,), ("prs", "pus"), "937", 8, _DARI_M, _DARI_F, _DARI_FAMILY, 14),
    Origin("Ethi", ("ERI", "ETH"), (60, 40), ("tir", "amh"), "2917", 6, _GEEZ_M, _GEEZ_F, None, 14),
    Origin("Cyrl", ("UKR", "TJK", "UZB", "RUS"), (40, 25, 25, 10), ("ukr", "rus", "tgk"), "38067", 7,
           _CYR_M, _CYR_F, _CYR_FAMILY, 10),
    Origin("Hani", ("CHN",), (1,), ("zho",), "8613", 9, _ZH_GIVEN, _ZH_GIVEN, _ZH_FAMILY, 6),
    Origin("Latn", ("VEN", "COL", "HTI", "MLI", "GIN", "SEN", "NGA", "CIV", "HND", "ECU"),
           (20, 12, 10, 10, 10, 8, 10, 8, 7, 5), ("spa", "fra", "eng"), "58414", 7, None, None, None, 22),  # type: ignore[arg-type]
]  # fmt: skip
_ORIGIN_WEIGHTS = [o.weight for o in ORIGINS]
REASONS = ["conflict_violence", "persecution", "economic", "environmental", "family", "education", "other"]
DESTINATIONS = ["ITA", "DEU", "FRA", "ESP", "GRC", "USA", "SAU", "GBR", "SWE", "MEX"]
TRANSPORT = ["foot", "road", "road", "road", "sea", "air", "rail", ""]


@dataclass
class Identity:
    given_name: str
    family_name: str
    given_name_original: str = ""
    family_name_original: str = ""
    original_script: str = ""
    sex: str = "unknown"
    birth_date: date | None = None
    birth_year: int | None = None
    birth_precision: str = "unknown"
    age_estimate: int | None = None
    nationalities: list[str] = field(default_factory=list)
    languages: list[str] = field(default_factory=list)
    origin_country: str = ""
    intended_destination: str = ""
    transport_mode: str = ""
    smuggler_paid: bool | None = None
    reasons_for_leaving: list[str] = field(default_factory=list)
    documents: list[tuple[str, str, str]] = field(default_factory=list)  # (kind, number, issuing country)
    phones: list[str] = field(default_factory=list)  # E.164

    def as_api_member(self) -> dict:
        """The body of one member as the API and ``inputs.clean_member`` read it."""
        out: dict = {
            "given_name": self.given_name,
            "family_name": self.family_name,
            "given_name_original": self.given_name_original,
            "family_name_original": self.family_name_original,
            "original_script": self.original_script,
            "sex": self.sex,
            "nationalities": self.nationalities,
            "languages": self.languages,
            "origin_country": self.origin_country,
            "intended_destination": self.intended_destination,
            "transport_mode": self.transport_mode,
            "smuggler_paid": self.smuggler_paid,
            "reasons_for_leaving": self.reasons_for_leaving,
            "documents": [{"kind": k, "number": n, "issuing_country": c} for k, n, c in self.documents],
            "phones": self.phones,
        }
        if self.birth_precision == "exact":
            out["birth_date"] = self.birth_date.isoformat() if self.birth_date else None
        elif self.birth_precision == "year":
            out["birth_year"] = self.birth_year
        elif self.birth_precision == "age_estimate":
            out["age_estimate"] = self.age_estimate
        return {k: v for k, v in out.items() if v not in (None, "", [])}


def _spell(rng: random.Random, entry) -> tuple[str, str]:
    original, spellings = entry
    return original, rng.choice(spellings)


def _latin_variant(rng: random.Random, name: str) -> str:
    """Officers often drop accents or change case."""
    if rng.random() < 0.3:
        from unicodedata import category, normalize

        name = "".join(ch for ch in normalize("NFD", name) if category(ch) != "Mn")
    return name.upper() if rng.random() < 0.05 else name


def identity(rng: random.Random, today: date) -> Identity:
    origin = rng.choices(ORIGINS, _ORIGIN_WEIGHTS)[0]
    sex = "female" if rng.random() < 0.42 else "male"
    if origin.script == "Latn":
        pool = _LATIN_F if sex == "female" else _LATIN_M
        given = _latin_variant(rng, rng.choice(pool))
        if rng.random() < 0.3:
            given += " " + _latin_variant(rng, rng.choice(pool))
        family = _latin_variant(rng, rng.choice(_LATIN_FAMILY))
        if rng.random() < 0.5:
            family += " " + _latin_variant(rng, rng.choice(_LATIN_FAMILY))
        ident = Identity(given, family)
    else:
        g_orig, g_lat = _spell(rng, rng.choice(origin.female if sex == "female" else origin.male))
        if origin.family is None:  # father's and grandfather's given names
            f1, l1 = _spell(rng, rng.choice(origin.male))
            f2, l2 = _spell(rng, rng.choice(origin.male))
            f_orig, f_lat = f"{f1} {f2}", f"{l1} {l2}"
        else:
            f_orig, f_lat = _spell(rng, rng.choice(origin.family))
        ident = Identity(g_lat, f_lat, g_orig, f_orig, origin.script)
        if rng.random() < 0.05:  # original script not recorded
            ident.given_name_original = ident.family_name_original = ident.original_script = ""
    ident.sex = sex
    nationality = rng.choices(origin.nationalities, origin.weights)[0]
    ident.nationalities = [nationality] if rng.random() > 0.01 else ["XXA"]
    ident.origin_country = nationality
    ident.languages = [rng.choice(origin.languages)]
    age = min(int(rng.expovariate(1 / 14)) + 1, 80) if rng.random() < 0.3 else rng.randint(16, 60)
    roll = rng.random()
    if roll < 0.45:
        ident.birth_date = today - timedelta(days=age * 365 + rng.randint(0, 364))
        ident.birth_year, ident.birth_precision = ident.birth_date.year, "exact"
    elif roll < 0.75:
        ident.birth_year, ident.birth_precision = today.year - age, "year"
    else:
        ident.age_estimate, ident.birth_precision, ident.birth_year = age, "age_estimate", today.year - age
    ident.intended_destination = rng.choice(DESTINATIONS)
    ident.transport_mode = rng.choice(TRANSPORT)
    ident.smuggler_paid = rng.choice([True, False, None])
    ident.reasons_for_leaving = sorted(
        set(rng.choices(REASONS, [30, 20, 25, 8, 10, 3, 4], k=rng.randint(1, 2)))
    )
    if rng.random() < 0.55:
        kind = rng.choice(["passport", "national_id"])
        letters = "ABCDEFGHJKLMNPRSTUVWXYZ"
        number = rng.choice(letters) + "".join(rng.choice("0123456789") for _ in range(rng.randint(7, 8)))
        ident.documents = [(kind, number, nationality if nationality != "XXA" else "")]
    if rng.random() < 0.5:
        digits = "".join(rng.choice("0123456789") for _ in range(origin.subscriber_digits))
        ident.phones = ["+" + origin.calling + digits]
    return ident
