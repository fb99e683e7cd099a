"""Speed, scale and relevance measurements (not tests).

    python -m benchmarks.bench            # everything, writes benchmarks/results.md (make bench)

The older scripts (``relevance.py``, ``bench_segment.py``,
``bench_speakers.py``) still run on their own as ``python benchmarks/NAME.py``.
"""
