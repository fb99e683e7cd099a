"""The web app's settings as data (name, default, help), layered, checked, unknown names refused."""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from flask import Config, Flask

from search.config import default_index_dir
from search.errors import ConfigError
from search.searcher import MAX_LIMIT

__all__ = ["DEFAULTS", "SETTINGS", "Setting", "check_config", "check_names", "configure"]

ENV_PREFIX = "VNSEARCH"


@dataclass(frozen=True)
class Setting:
    """One setting of the web app (datasette's ``Setting``)."""

    name: str
    default: Any
    help: str


SETTINGS: tuple[Setting, ...] = (
    Setting("INDEX", None, "Index folder; empty: $VNSEARCH_INDEX or ./index"),
    Setting("PAGE_SIZE", 10, "Results per HTML page"),
    Setting("API_MAX_SIZE", 100, "Larger size= values are capped to this"),
    Setting("MAX_OFFSET", 10_000, "Deepest result a page may start at (exports have no limit)"),
    Setting("EXPORT_PAGE_SIZE", MAX_LIMIT, "Results fetched per search while exporting"),
    Setting("REFRESH_SECONDS", 2.0, "How often to look for a new commit of the index"),
    Setting("POOL_MAX_IDLE", 8, "Open searchers kept between requests"),
    Setting("SPEAKER_FACET_TOP", 15, 'Speakers shown before "Xem thêm"'),
    Setting(
        "SEND_FILE_MAX_AGE_DEFAULT", 86400, "Seconds browsers may cache static files (URLs carry ?v=<mtime>)"
    ),
    Setting("MAX_URL_BYTES", 16_384, "Longer addresses (path + query string) are refused: 414"),
    Setting("MAX_CONTENT_LENGTH", 16_384, "No route reads a body; larger ones are refused: 413"),
)

DEFAULTS: dict[str, Any] = {s.name: s.default for s in SETTINGS}

# Settings that must be whole numbers of 1 or more.
_COUNTS = (
    "PAGE_SIZE",
    "API_MAX_SIZE",
    "MAX_OFFSET",
    "EXPORT_PAGE_SIZE",
    "POOL_MAX_IDLE",
    "SPEAKER_FACET_TOP",
    "MAX_URL_BYTES",
    "MAX_CONTENT_LENGTH",
)


def check_names(config: Mapping[str, Any]) -> None:
    """Refuse names that are neither ours nor Flask's own (``TESTING``, ``SECRET_KEY``, ...):
    a misspelt setting would otherwise be ignored without a word."""
    unknown = [name for name in config if name not in DEFAULTS and name not in Flask.default_config]
    if not unknown:
        return
    hints = []
    for name in unknown:
        close = difflib.get_close_matches(str(name), DEFAULTS, n=1)
        hints.append(f"{name!r} (did you mean {close[0]}?)" if close else repr(name))
    raise ConfigError(
        f"Unknown setting{'s' if len(unknown) > 1 else ''} {', '.join(hints)}. "
        f"The settings are {', '.join(DEFAULTS)}, and Flask's own."
    )


def check_config(config: Mapping[str, Any]) -> None:
    """Refuse values the app cannot use, naming the setting."""
    for key in _COUNTS:
        value = config[key]
        if not isinstance(value, int) or isinstance(value, bool) or value < 1:
            raise ConfigError(f"Setting {key} must be a whole number of 1 or more, not {value!r}.")
    if config["PAGE_SIZE"] > config["API_MAX_SIZE"] or config["API_MAX_SIZE"] > MAX_LIMIT:
        raise ConfigError(f"Settings need PAGE_SIZE <= API_MAX_SIZE <= {MAX_LIMIT}.")
    if not isinstance(config["REFRESH_SECONDS"], int | float) or config["REFRESH_SECONDS"] < 0:
        raise ConfigError(f"Setting REFRESH_SECONDS must be 0 or more, not {config['REFRESH_SECONDS']!r}.")


def configure(config: Config, test_config: Mapping[str, Any] | None = None) -> None:
    """:data:`DEFAULTS`, then ``VNSEARCH_*`` environment variables (Flask's ``from_prefixed_env``;
    other programs' variables such as ``VNSEARCH_ENGINE`` share the prefix, so none is refused),
    then ``test_config`` (unknown names refused), then the checks."""
    config.from_mapping(DEFAULTS)
    config.from_prefixed_env(ENV_PREFIX)
    if test_config:
        check_names(test_config)
        config.from_mapping(test_config)
    # Debug mode only when the code asks for it: never from FLASK_DEBUG or
    # VNSEARCH_DEBUG (the CLI's "show tracebacks" switch) in the environment.
    config["DEBUG"] = bool((test_config or {}).get("DEBUG", False))
    if not config["INDEX"]:
        config["INDEX"] = str(default_index_dir())
    check_config(config)
