"""Benchmarks of README § Performance: every budget row measured beside its baseline in the same run.

Run with ``make bench`` (or ``python -m tests.bench --help``). Not part of the test suite:
pytest's ``norecursedirs`` leaves this folder out.
"""
