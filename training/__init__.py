"""Training: load the corpora, fit the hypegap pipeline and evaluate it."""
