import numpy as np
import pytest

from pipeline.cues import CUE_TERMS, DERIVED_CUES, ChannelCues
from pipeline.language import DetectedText
from pipeline.tokens import SpacyTokens

NAMES = ["cue:phone", "cue:written", "cue:no_phone", "cue:phone_aside", "cue:blended", "cue:phone_named"]


def cues_of(lemmas: str) -> dict[str, float]:
    values = ChannelCues().fit_transform([lemmas]).toarray()[0]
    return dict(zip(ChannelCues().get_feature_names_out(), values))


def test_one_column_per_cue_named_for_explanations():
    assert list(ChannelCues().get_feature_names_out()) == NAMES
    assert [f"cue:{c}" for c in [*CUE_TERMS, *DERIVED_CUES]] == NAMES
    assert ChannelCues().fit_transform(["call", "email"]).shape == (2, len(NAMES))


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Odbierasz połączenia od klientów i dzwonisz do nich", "pl"),
        ("Je beantwoordt telefonisch vragen van klanten", "nl"),
        ("You answer inbound calls from customers", "en"),
        ("Menerima telepon dari pelanggan", "id"),
    ],
)
def test_phone_work_is_counted_in_every_language_from_the_lemma_stream(text, language):
    lemmas = SpacyTokens().fit_transform([DetectedText(text, language, 1.0)])[0]
    assert cues_of(lemmas)["cue:phone"] > 0
    assert cues_of(lemmas)["cue:no_phone"] == 0


def test_the_count_does_not_fade_with_length_as_tf_idf_does():
    short = cues_of("answer call customer")
    long = cues_of("answer call customer " + "benefit package office team growth " * 200)
    assert short["cue:phone"] == long["cue:phone"] == pytest.approx(np.log1p(1))


def test_more_mentions_give_a_larger_but_damped_value():
    assert (
        cues_of("call")["cue:phone"]
        < cues_of("call call call")["cue:phone"]
        < 3 * cues_of("call")["cue:phone"]
    )


def test_negated_phone_work_and_non_voice_accounts_are_their_own_cue():
    assert cues_of("chat email tanpa telepon")["cue:no_phone"] > 0
    assert cues_of("non voice account chat")["cue:no_phone"] > 0
    # a blended "voice and non-voice" account is not a no-phone job
    assert cues_of("blend support voice non voice account")["cue:no_phone"] == 0


def test_a_phone_among_the_benefits_is_set_aside():
    assert cues_of("benefit telefon służbowy laptop")["cue:phone_aside"] > 0
    assert cues_of("odbierać połączenie klient")["cue:phone_aside"] == 0


def test_words_only_match_whole_lemmas():
    # "smartphone" and "recall" contain phone words but are not phone work
    assert cues_of("smartphone recall belangrijk")["cue:phone"] == 0


def test_a_phrase_counts_once_however_its_words_are_also_cues():
    assert cues_of("tunjangan pulsa")["cue:phone_aside"] == pytest.approx(np.log1p(1))
    assert cues_of("no phone t:call")["cue:no_phone"] == pytest.approx(np.log1p(1))
    assert cues_of("no phone t:call")["cue:phone"] == pytest.approx(np.log1p(2))


def test_phone_beside_written_channels_is_a_blended_role():
    assert cues_of("answer call email chat")["cue:blended"] == pytest.approx(np.log1p(1))
    assert cues_of("call call email email")["cue:blended"] == pytest.approx(np.log1p(2))
    assert cues_of("answer email chat")["cue:blended"] == 0
    assert cues_of("answer call customer")["cue:blended"] == 0


def test_one_mention_of_phone_work_is_flagged_whatever_the_length_but_not_a_perk_phone():
    assert cues_of("call")["cue:phone_named"] == 1
    assert cues_of("call " + "benefit package office team " * 200)["cue:phone_named"] == 1
    assert cues_of("call call call")["cue:phone_named"] == 1
    assert cues_of("benefit company phone laptop")["cue:phone_named"] == 0
    assert cues_of("email chat ticket")["cue:phone_named"] == 0
