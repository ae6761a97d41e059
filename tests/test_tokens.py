from pipeline.language import DetectedText
from pipeline.tokens import LANGUAGE_RESOURCES, SpacyTokens


def doc(text, language):
    return DetectedText(text, language, 1.0)


def test_stop_words_punctuation_and_numbers_are_dropped():
    out = SpacyTokens(lemmatize=False).fit_transform([doc("You will answer 50 calls, daily!", "en")])
    assert out == ["answer calls daily"]


def test_negations_are_kept_although_spacy_lists_them_as_stop_words():
    out = SpacyTokens(lemmatize=False).fit_transform([doc("You will not talk to customers", "en")])
    assert "not" in out[0].split()


def test_lemmas_come_from_lookup_tables_restricted_to_training_lemmas():
    tokens = SpacyTokens().fit([doc("Je belt klanten en beantwoordt vragen", "nl")])
    assert "nl" in tokens.lemma_tables_
    out = tokens.transform([doc("klanten beantwoordt", "nl")])[0].split()
    assert out == ["klant", "beantwoorden"]
    # a form whose lemma never occurred in training is not in the restricted table
    assert "fietsen" not in tokens.lemma_tables_["nl"].values()


def test_other_languages_fall_back_to_the_multilingual_tokenizer():
    out = SpacyTokens().fit_transform([doc("Wir suchen Kundenberater, Vollzeit.", "de")])
    assert out == ["wir suchen kundenberater vollzeit"]


def test_every_language_names_its_lemma_tables_in_data():
    assert set(LANGUAGE_RESOURCES) == {"pl", "nl", "en", "id"}
    assert all(resources.lemma_tables for resources in LANGUAGE_RESOURCES.values())


def test_chunk_cache_gives_what_tokenizing_the_whole_text_gives():
    import spacy

    text = (
        "Odbierasz połączenia (infolinia) i e-maile; 3 zmiany/tydzień, np. 8-16.\n"
        "Umowa o pracę, pakiet MultiSport… Zadzwoń: +48 600-100-200! Odbierasz połączenia."
    )
    tokens = SpacyTokens(title_features=False).fit([doc(text, "pl")])
    nlp = spacy.blank("pl")
    stop_words = nlp.Defaults.stop_words - LANGUAGE_RESOURCES["pl"].negations
    expected = " ".join(
        tokens.lemma_tables_["pl"].get(t.lower, t.lower_)
        for t in nlp(text)
        if not (t.is_punct or t.is_space or t.like_num or t.lower_ in stop_words)
    )
    assert tokens.transform([doc(text, "pl")])[0] == expected
    assert tokens.transform([doc(text, "pl")])[0] == expected  # served from the cache


def test_the_chunk_cache_is_not_saved_with_the_model():
    import pickle

    tokens = SpacyTokens().fit([doc("Je belt klanten", "nl")])
    tokens.transform([doc("Je belt klanten", "nl")])
    assert "_chunk_caches" not in pickle.loads(pickle.dumps(tokens)).__dict__
