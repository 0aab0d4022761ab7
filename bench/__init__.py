"""Benchmarks for SafeTouch, run with `make bench` or `python -m bench [NAME] [--quick]`.

Each benchmark is a module with `main(argv) -> int`, registered in `bench.__main__`.
"""
