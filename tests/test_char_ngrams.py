import pickle

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

from pipeline.char_ngrams import CharNgramCounts, word_ngrams
from pipeline.model import char_features

TRAIN = [
    "klant bellen telefoon klant vraag",
    "faktura księgowanie raport vat faktura",
    "answer inbound call customer t:agent",
    "a ab abc abcd abcde abcdef",
    "klant e-mail chat klant",
]
NEW = ["klant telefoon onbekend", "faktura chat xyz", "", "a ab abc"]


def test_char_features_equal_scikit_learns_char_wb_tfidf():
    reference = TfidfVectorizer(
        analyzer="char_wb", lowercase=False, ngram_range=(3, 5), min_df=2, sublinear_tf=True, dtype=np.float32
    ).fit(TRAIN)
    ours = char_features(min_df=2).fit(TRAIN)
    assert list(ours.get_feature_names_out()) == list(reference.get_feature_names_out())
    for texts in (TRAIN, NEW, NEW):  # the second NEW pass is served from the word cache
        difference = ours.transform(texts) - reference.transform(texts)
        assert difference.nnz == 0 or abs(difference).max() < 1e-7


def test_short_words_are_counted_once_like_scikit_learn():
    assert word_ngrams("a", (3, 5)) == [" a "]
    assert word_ngrams("ab", (3, 5)) == [" ab", "ab ", " ab "]


def test_counts_keep_one_row_per_text_and_drop_unknown_ngrams():
    counts = CharNgramCounts(min_df=1).fit(["klant"])
    matrix = counts.transform(["klant klant", "xyz", ""])
    assert matrix.shape[0] == 3
    assert matrix[0].sum() == 2 * len(word_ngrams("klant", (3, 5)))
    assert matrix[1].nnz == matrix[2].nnz == 0


def test_word_cache_is_not_saved_with_the_model():
    counts = CharNgramCounts(min_df=1).fit(["klant"])
    counts.transform(["klant"])
    assert "_index_cache" not in pickle.loads(pickle.dumps(counts)).__dict__
