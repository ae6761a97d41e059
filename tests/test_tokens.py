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
