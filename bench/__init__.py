"""Benchmarks: `uv run python -m bench [--json FILE] [--only NAME]`. Not part of the tests.

Each suite in SUITES (core, ui, agreement, merge) has `run() -> list[Figure]`; every speed figure is
measured against a floor done the plainest way in the same run: the machines are shared and noisy.
"""
