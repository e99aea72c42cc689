"""hypegap's model: the scikit-learn pipeline, its explanations, artifacts and the Scorer."""
