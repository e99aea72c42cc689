"""What `train` saves: the with-body model is fitted over its sub-models' lean parts (quicker,
the same figures) and saved over the scikit-learn sub-models themselves."""

import pickle

from sklearn.pipeline import Pipeline

from model.artifact import load_artifact
from model.lean import LeanPipeline
from training.config import DEFAULT_CONFIG, load_config
from training.train import train


def test_the_saved_with_body_model_holds_the_fitted_sub_models_not_their_lean_parts(
    data_dir, tmp_path
):
    model, _ = load_artifact(train(data_dir, tmp_path, load_config(DEFAULT_CONFIG)))
    features = model.with_body.named_steps["features"]
    logit = features.named_transformers_["headline"].named_steps["logit"]
    relation = features.named_transformers_["relation"].named_steps["relation"]
    assert logit.headline_model.estimator is model.headline_only
    assert isinstance(relation.claim_strength.estimator, Pipeline)
    # The pipeline's unfitted template shares the frozen sub-models: nothing lean is saved.
    assert LeanPipeline.__name__.encode() not in pickle.dumps(model)
