import json

import pytest
from sklearn.linear_model import LogisticRegression

from pipeline.artifact import ModelFileError, card_path, load_model, save_model


@pytest.fixture
def saved(tmp_path):
    path = tmp_path / "m.joblib"
    model = LogisticRegression().fit([[0.0], [1.0]], [0, 1])
    save_model(model, path, {"corpus_sha256": "abc"})
    return path


def test_saved_model_loads_with_its_card(saved):
    model, card = load_model(saved)
    assert list(model.predict([[0.0], [1.0]])) == [0, 1]
    assert card["corpus_sha256"] == "abc" and card["model_file"] == "m.joblib"


def test_tampered_file_is_refused_before_unpickling(saved):
    saved.write_bytes(saved.read_bytes() + b"x")
    with pytest.raises(ModelFileError, match=r"m\.joblib does not match its card.*make train"):
        load_model(saved)


def test_model_from_another_scikit_learn_series_is_refused(saved):
    card = json.loads(card_path(saved).read_text())
    card["library_versions"]["scikit-learn"] = "0.24.2"
    card_path(saved).write_text(json.dumps(card))
    with pytest.raises(ModelFileError, match=r"trained with scikit-learn 0\.24\.2.*make train"):
        load_model(saved)


def test_missing_model_file_names_the_file(tmp_path):
    with pytest.raises(ModelFileError, match=r"nothere\.joblib not found.*make train"):
        load_model(tmp_path / "nothere.joblib")


def test_missing_card_is_refused(saved):
    card_path(saved).unlink()
    with pytest.raises(ModelFileError, match="card .* not found"):
        load_model(saved)
