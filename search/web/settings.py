"""The web app's settings and their defaults, checked before the app starts."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from search.errors import ConfigError
from search.searcher import MAX_LIMIT

DEFAULTS: dict[str, Any] = {
    "INDEX": None,  # None: $VNSEARCH_INDEX or ./index
    "PAGE_SIZE": 10,  # results per HTML page
    "API_MAX_SIZE": 100,  # larger ``size`` values are capped to this
    "MAX_OFFSET": 10_000,  # deepest result a page may start at (exports have no limit)
    "EXPORT_PAGE_SIZE": MAX_LIMIT,  # results fetched per search while exporting
    "REFRESH_SECONDS": 2.0,  # how often to look for a new commit of the index
    "POOL_MAX_IDLE": 8,  # open searchers kept between requests
    "SPEAKER_FACET_TOP": 15,  # speakers shown before "Xem thêm"
    "SEND_FILE_MAX_AGE_DEFAULT": 86400,  # static files carry ?v=<mtime>, so caching is safe
    "MAX_URL_BYTES": 16_384,  # longer addresses (path + query string) are refused: 414
    "MAX_CONTENT_LENGTH": 16_384,  # no route reads a body; larger ones are refused: 413
}


def check_config(config: Mapping[str, Any]) -> None:
    for key in (
        "PAGE_SIZE",
        "API_MAX_SIZE",
        "MAX_OFFSET",
        "EXPORT_PAGE_SIZE",
        "POOL_MAX_IDLE",
        "SPEAKER_FACET_TOP",
        "MAX_URL_BYTES",
        "MAX_CONTENT_LENGTH",
    ):
        value = config[key]
        if not isinstance(value, int) or isinstance(value, bool) or value < 1:
            raise ConfigError(f"Setting {key} must be a whole number of 1 or more, not {value!r}.")
    if config["PAGE_SIZE"] > config["API_MAX_SIZE"] or config["API_MAX_SIZE"] > MAX_LIMIT:
        raise ConfigError(f"Settings need PAGE_SIZE <= API_MAX_SIZE <= {MAX_LIMIT}.")
    if not isinstance(config["REFRESH_SECONDS"], int | float) or config["REFRESH_SECONDS"] < 0:
        raise ConfigError(f"Setting REFRESH_SECONDS must be 0 or more, not {config['REFRESH_SECONDS']!r}.")
