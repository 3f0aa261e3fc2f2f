"""Benchmarks for `scripts/bench`: a synthetic project generator and the measurements.

`synthetic.write_project(dir, scale)` writes a valid project of `scale` materials and campaigns;
`python -m xuanjiao_bench` runs every measurement and prints the table (see `run.py`).
"""
