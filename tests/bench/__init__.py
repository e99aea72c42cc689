"""`make bench`: scoring speed against in-run baselines (python -m tests.bench.run)."""
