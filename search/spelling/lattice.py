"""The most probable reading of a lattice of candidates, and how sure it is.

Each typed syllable offers a few candidate tokens, each with a cost (log
space: 0 for its own accented forms, less for a corrected spelling). A
reading picks one candidate per position; its score is the sum of the costs
and of ``log P(token | two previous tokens)``. States are pairs of adjacent
candidates (a second-order Viterbi); the forward-backward pass over the same
states gives each chosen candidate's posterior probability, our confidence.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from search.spelling.model import Statistics

__all__ = ["Position", "Reading", "decode"]


@dataclass
class Position:
    ids: np.ndarray  # candidate token ids
    costs: np.ndarray  # log-space cost of each (0 = as typed)
    after_break: bool = False  # punctuation before it: no context crosses it


@dataclass
class Reading:
    choice: list[int]  # index of the chosen candidate at each position
    posterior: list[float]  # its probability given the whole query
    endings: list[tuple[float, list[int]]]  # best reading ending in each last candidate, best first


def _lse(x: np.ndarray, axis: int) -> np.ndarray:
    m = np.max(x, axis=axis, keepdims=True)
    m = np.where(np.isfinite(m), m, 0)
    return np.squeeze(m, axis=axis) + np.log(np.sum(np.exp(x - m), axis=axis))


def decode(stats: Statistics, positions: list[Position]) -> Reading:
    """Viterbi and forward-backward over ``positions`` (at least one)."""
    start = np.zeros(1, np.int64)
    ids = [start, start] + [p.ids for p in positions]
    steps = []  # L_i + cost_i: shape (K_{i-2}, K_{i-1}, K_i)
    for i, p in enumerate(positions):
        a, b = ids[i], ids[i + 1]
        if p.after_break:
            lp = stats.log_prob(start, start, p.ids)
        elif i > 0 and positions[i - 1].after_break:
            lp = stats.log_prob(start, b, p.ids)
        else:
            lp = stats.log_prob(a, b, p.ids)
        lp = np.broadcast_to(lp, (len(a), len(b), len(p.ids)))
        steps.append(lp + p.costs[None, None, :])
    # Forward (sum) and Viterbi (max) over states (previous candidate, candidate).
    alpha = [steps[0][0]]  # (1, K0)
    delta = [steps[0][0]]
    back: list[np.ndarray] = [np.zeros_like(steps[0][0], dtype=np.int64)]
    for i in range(1, len(positions)):
        alpha.append(_lse(alpha[-1][:, :, None] + steps[i], axis=0))
        scores = delta[-1][:, :, None] + steps[i]
        back.append(np.argmax(scores, axis=0))
        delta.append(np.max(scores, axis=0))
    beta = [np.zeros_like(alpha[-1])]
    for i in range(len(positions) - 1, 0, -1):
        beta.insert(0, _lse(steps[i] + beta[0][None, :, :], axis=2))
    log_z = _lse(alpha[-1].ravel(), axis=0)
    posteriors = [np.exp(_lse(a + b, axis=0) - log_z) for a, b in zip(alpha, beta, strict=True)]
    last = delta[-1]  # (K_{n-2}, K_{n-1})
    endings = []
    for c in np.argsort(-np.max(last, axis=0)):
        b = int(np.argmax(last[:, c]))
        path = _backtrack(back, b, int(c))
        endings.append((float(last[b, c]), path))
    choice = endings[0][1]
    return Reading(choice, [float(posteriors[i][k]) for i, k in enumerate(choice)], endings)


def _backtrack(back: list[np.ndarray], b: int, c: int) -> list[int]:
    path = [c]
    for i in range(len(back) - 1, 0, -1):
        a = int(back[i][b, c])
        path.append(b)
        b, c = a, b
    return path[::-1]
