from hypothesis import given
from hypothesis import strategies as st

from mixmig.apps.registry.numbering import ALPHABET, canonical, check_symbol, new_person_number


def test_new_numbers_are_canonical_and_distinct():
    numbers = {new_person_number() for _ in range(2000)}
    assert len(numbers) == 2000
    for number in list(numbers)[:50]:
        assert canonical(number) == number
        assert canonical(number.lower().replace("-", " ")) == number


def test_confusable_letters_are_read_as_digits():
    number = new_person_number()
    typed = number.replace("1", "I").replace("0", "O")
    assert canonical(typed) == number


@given(st.text(alphabet=ALPHABET, min_size=8, max_size=8), st.integers(0, 7), st.sampled_from(ALPHABET))
def test_any_single_substitution_is_detected(payload, position, symbol):
    good = payload + check_symbol(payload)
    bad = good[:position] + symbol + good[position + 1 :]
    if bad != good:
        assert canonical(bad) is None


def test_malformed_numbers_are_refused():
    assert canonical("") is None
    assert canonical("ABCD") is None
    assert canonical("ABCD-EFGH-!!") is None
