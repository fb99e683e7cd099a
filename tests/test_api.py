"""The public API the README shows: every name ``search`` exports can be imported."""

from __future__ import annotations

import pytest

import search


@pytest.mark.parametrize("name", search.__all__)
def test_every_exported_name_imports(name: str):
    assert getattr(search, name) is not None


def test_the_readme_example_names(tmp_path):
    from search import Searcher, ingest

    assert callable(ingest) and isinstance(Searcher, type)
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        search.nope  # noqa: B018
