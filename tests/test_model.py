import numpy as np
import pytest
from sklearn.base import clone
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import FeatureUnion

from pipeline.model import AXES, AxisHeads, FeatureBlocks, build_model, feature_union


def test_pipeline_shows_every_step_and_choice():
    params = build_model().get_params()
    assert [name for name, _ in build_model().steps] == [
        "normalize",
        "language",
        "tokens",
        "features",
        "heads",
    ]
    for key in ("language__snippet_chars", "tokens__lemmatize", "heads__estimator__C", "features__words"):
        assert key in params


def test_model_is_cloneable_with_its_parameters():
    model = build_model(features="words", C=3.0)
    assert clone(model).get_params()["heads__estimator__C"] == 3.0


def test_unknown_feature_set_is_refused_with_the_choices():
    with pytest.raises(ValueError, match="chars.*union.*words"):
        build_model(features="bert")


def test_axis_heads_train_each_axis_on_its_labelled_rows_only():
    X = np.array([[0.0], [1.0], [0.1], [0.9], [0.5]])
    Y = np.array([["a", "x"], ["b", "y"], ["a", None], ["b", None], [None, "y"]], dtype=object)
    heads = AxisHeads(LogisticRegression(C=100.0), axes=("first", "second")).fit(X, Y)
    assert [list(c) for c in heads.classes_] == [["a", "b"], ["x", "y"]]
    assert heads.estimators_[0].n_features_in_ == 1
    assert len(heads.predict_proba(X)) == 2
    assert list(heads.predict(np.array([[0.0], [1.0]]))[:, 0]) == ["a", "b"]


def test_axis_heads_refuse_labels_of_the_wrong_shape():
    with pytest.raises(ValueError, match="one column per axis"):
        AxisHeads(axes=AXES).fit(np.zeros((2, 1)), np.array([["a"], ["b"]], dtype=object))


def test_feature_blocks_give_the_same_matrix_as_scikit_learns_feature_union():
    lemmas = [
        "answer call customer t:agent",
        "invoice reconciliation sap ledger",
        "chat email ticket customer support",
        "odbierać połączenie klient infolinia",
    ]
    blocks = feature_union("union", min_df=1)
    assert isinstance(blocks, FeatureBlocks)
    ours = blocks.fit(lemmas).transform(lemmas + ["unseen lemma call"])
    theirs = FeatureUnion(blocks.transformer_list).transform(lemmas + ["unseen lemma call"])
    assert ours.format == "csr"
    assert ours.shape == theirs.shape
    assert (ours != theirs).nnz == 0
