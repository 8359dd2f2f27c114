"""The Markdown table the size benchmarks print: one row per measure, its value at each size and its ratio
to the smallest size (bench/read.py, bench/browse.py)."""
from __future__ import annotations

from typing import Callable


def print_ratios(measure: str, sizes: list[int], headers: list[str], ratio_headers: list[str],
                 results: dict[int, dict[str, float]], cell: Callable[[float], str]) -> None:
    first = sizes[0]
    print()
    print(f"| {measure} | " + " | ".join(headers) + " | " + " | ".join(ratio_headers) + " |")
    print("| --- | " + " | ".join("---" for _ in headers) + " | " + " | ".join("---" for _ in ratio_headers) + " |")
    for label in results[first]:
        cells = [cell(results[s][label]) for s in sizes]
        ratios = [f"{results[s][label] / results[first][label]:.2f}" for s in sizes[1:]]
        print(f"| {label} | " + " | ".join(cells) + " | " + " | ".join(ratios) + " |")
