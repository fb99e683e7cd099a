"""search.web.settings: settings as data, their layers, and unknown names refused."""

from __future__ import annotations

from pathlib import Path

import pytest

from search.errors import ConfigError
from search.searcher import MAX_LIMIT
from search.web import create_app
from search.web.settings import DEFAULTS, SETTINGS


def test_every_setting_has_a_name_a_default_and_help():
    names = [s.name for s in SETTINGS]
    assert len(names) == len(set(names)) and all(name.isupper() for name in names)
    assert all(s.help.strip() for s in SETTINGS)
    assert DEFAULTS == {s.name: s.default for s in SETTINGS}
    assert DEFAULTS["PAGE_SIZE"] == 10 and DEFAULTS["EXPORT_PAGE_SIZE"] == MAX_LIMIT


def test_defaults_then_environment_then_code(tmp_path: Path, monkeypatch):
    index = str(tmp_path / "ix")
    assert create_app({"INDEX": index}).config["SPEAKER_FACET_TOP"] == 15
    monkeypatch.setenv("VNSEARCH_SPEAKER_FACET_TOP", "7")
    assert create_app({"INDEX": index}).config["SPEAKER_FACET_TOP"] == 7
    assert create_app({"INDEX": index, "SPEAKER_FACET_TOP": 3}).config["SPEAKER_FACET_TOP"] == 3


def test_unknown_names_are_refused_and_named(tmp_path: Path):
    index = str(tmp_path / "ix")
    with pytest.raises(ConfigError, match=r"Unknown setting 'PAGESIZE' \(did you mean PAGE_SIZE\?\)"):
        create_app({"INDEX": index, "PAGESIZE": 20})
    with pytest.raises(
        ConfigError, match=r"Unknown settings 'COLOUR', 'REFRESH' \(did you mean REFRESH_SECONDS\?\)"
    ):
        create_app({"INDEX": index, "COLOUR": "red", "REFRESH": 1})
    with pytest.raises(ConfigError, match="The settings are INDEX, PAGE_SIZE, "):
        create_app({"INDEX": index, "COLOUR": "red"})


def test_flasks_own_settings_and_other_programs_variables_are_accepted(tmp_path: Path, monkeypatch):
    monkeypatch.setenv("VNSEARCH_ENGINE", "whoosh")  # the engine registry's, not the web app's
    monkeypatch.setenv("VNSEARCH_SOMETHING_ELSE", "1")
    app = create_app({"INDEX": str(tmp_path / "ix"), "TESTING": True, "SECRET_KEY": "x", "DEBUG": False})
    assert app.testing and not app.debug
