from hypothesis import given
from hypothesis import strategies as st

from mixmig.engines.names import name_tokens, normalise, prefixes, query_terms, romanise, search_terms


def test_accents_case_and_compatibility_forms_fold():
    assert normalise("JOSÉ Müller") == normalise("jose muller") == "jose muller"
    assert normalise("ﬁ") == "fi"


def test_arabic_letter_variants_and_diacritics_fold():
    assert normalise("أحمد") == normalise("احمد") == normalise("إحمد")
    assert normalise("مُحَمَّد") == "محمد"  # tashkeel removed
    assert normalise("فاطمة") == normalise("فاطمه")  # teh marbuta
    assert normalise("علی") == normalise("علي")  # Persian yeh
    assert normalise("کریم") == normalise("كريم")  # Persian kaf


def test_chinese_characters_are_tokens_and_romanise_per_syllable():
    assert name_tokens("王小明") == ["王", "小", "明"]
    assert romanise("王小明") == "wang xiao ming"


def test_tokens_split_on_punctuation():
    assert name_tokens("Abd al-Rahman O'Neil") == ["abd", "al", "rahman", "o", "neil"]


def test_prefixes_bounded():
    assert prefixes("ab") == ["ab"]
    assert prefixes("mohammed") == ["mo", "moh", "moha", "moham", "mohamm", "mohamme", "mohammed"]
    assert prefixes("abdulrahmanov")[-1] == "abdulrah"


def test_every_query_token_of_a_stored_name_is_found():
    stored = search_terms(["Mohamed Ali", "محمد علي"])
    for query in ["moh", "Mohamed", "ALI", "محمد", "علي", "mhmd"]:
        for group in query_terms(query):
            assert group & stored, query


def test_long_partial_query_matches_on_longest_prefix():
    stored = search_terms(["Abdulrahmanov"])
    assert all(group & stored for group in query_terms("abdulrahma"))


names = st.text(alphabet=st.characters(categories=["L", "M", "Zs", "Pd"]), max_size=30)


@given(names)
def test_normalise_is_idempotent(text):
    assert normalise(normalise(text)) == normalise(text)


@given(names)
def test_any_stored_token_prefix_is_found_by_search(text):
    stored = search_terms([text])
    for token in name_tokens(text):
        for group in query_terms(token[:3]):
            assert group & stored


def _reference_normalise(text):
    """normalise without its ASCII fast path."""
    import unicodedata

    from mixmig.engines.names.normalise import _ARABIC_FOLD

    text = unicodedata.normalize("NFKC", text or "").translate(_ARABIC_FOLD)
    decomposed = unicodedata.normalize("NFD", text.casefold())
    return unicodedata.normalize("NFC", "".join(c for c in decomposed if unicodedata.category(c) != "Mn"))


def _reference_tokens(text):
    """name_tokens as first written: word runs, each CJK character split off one by one."""
    from mixmig.engines.names.normalise import _WORD, is_cjk

    out = []
    for word in _WORD.findall(_reference_normalise(text)):
        run = ""
        for ch in word:
            if is_cjk(ch):
                out += [run, ch] if run else [ch]
                run = ""
            else:
                run += ch
        if run:
            out.append(run)
    return out


mixed = st.text(
    alphabet=st.one_of(
        st.characters(categories=["L", "M", "N", "P", "S", "Zs"]),
        st.sampled_from("王小明ひらがなカタカナ・゠゛ー々〆가나ﬁ_ -'"),
        st.characters(min_codepoint=0x3000, max_codepoint=0x30FF),
    ),
    max_size=30,
)


@given(mixed)
def test_fast_paths_give_the_reference_tokens(text):
    assert normalise(text) == _reference_normalise(text)
    assert name_tokens(text) == _reference_tokens(text)


def test_fast_paths_on_known_names():
    for text in ["Mohamed AL-Rashid", "王小明", "カタカナ・ひら", "Zoë_Ünal", "محمد عبد الرحمن", "김민준"]:
        assert name_tokens(text) == _reference_tokens(text)
