"""Performance measurements: `python -m benchmarks` (see __main__.py). Not tests; CI skips them."""
