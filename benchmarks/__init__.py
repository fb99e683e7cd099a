"""Speed, scale and relevance measurements (not tests), one package with one entry.

    python -m benchmarks bench           # everything, writes benchmarks/results.md (make bench)
    python -m benchmarks relevance       # MRR@10, writes benchmarks/results-relevance.md
    python -m benchmarks                 # the list of commands (__main__.py)

Run from the checkout: the package is not installed with vnsearch.
"""
