"""How fast the explainer feels: step changes, clicks in a browser, cold start and export.

Run from the repository root with ``python -m benchmarks.run --out build/bench.json`` (or
``make bench``). Nothing here asserts on timings: the run prints each measure next to its
target and writes every raw sample to JSON, so a slow machine is reported, never failed.
"""
