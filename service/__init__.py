"""hypegap's HTTP API: a FastAPI app that translates between JSON and the model's Scorer."""
