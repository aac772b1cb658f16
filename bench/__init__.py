"""Benchmarks of Rapport's hot paths, run by hand: `.venv/bin/python -m bench.<name>`."""
