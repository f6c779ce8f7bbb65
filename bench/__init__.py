"""Benchmarks: run from the repository root as modules (`python -m bench.bench_engine`), as `dev.py bench` does."""
