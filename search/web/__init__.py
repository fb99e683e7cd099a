"""The web front end: ``create_app`` builds the Flask app over an index (flaskr's factory).

The jobs live one a module: ``settings`` (defaults, checks), ``pool``
(searchers shared by request threads), ``params`` (what a request asks for),
``present`` (what templates show), ``views`` (the routes), ``errors`` (one
page-or-JSON shape) and ``guard`` (limits and security headers). Pages work
without JavaScript (``static/app.js`` only adds comfort); a new commit of the
index shows up within ``REFRESH_SECONDS`` without a restart.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from flask import Flask

from search import __version__
from search.errors import ConfigError
from search.web.cite_views import cite
from search.web.errors import handle_exception
from search.web.feed_views import feeds
from search.web.formats import vn_date, vn_number
from search.web.guard import guard_request, security_headers
from search.web.kwic_views import kwic
from search.web.params import ParameterError, SearchParams
from search.web.pool import SearcherPool
from search.web.present import SORT_LABELS, highlight, safe_url, static_url
from search.web.quote_views import quotes
from search.web.settings import DEFAULTS, configure
from search.web.trend_views import trends
from search.web.views import web

# What callers imported from here before the split keeps working (tests/test_properties.py: highlight).
__all__ = ["DEFAULTS", "ParameterError", "SearchParams", "SearcherPool", "create_app", "highlight"]

_PACKAGE = Path(__file__).resolve().parents[1]  # search/


def _resource_dir(name: str) -> Path:
    """``templates``/``static``: inside the installed package, else next to it (a checkout)."""
    for folder in (_PACKAGE / name, _PACKAGE.parent / name):
        if folder.is_dir():
            return folder
    raise ConfigError(f"The web app's '{name}' folder is missing; reinstall vnsearch.")


def create_app(test_config: Mapping[str, Any] | None = None) -> Flask:
    """The web app over the index in config ``INDEX`` (default ``$VNSEARCH_INDEX`` or ``./index``).

    Settings (:mod:`search.web.settings`): their defaults, then ``VNSEARCH_*``
    environment variables, then ``test_config``, where an unknown name is an
    error. The index is opened on the first request, read-only.
    """
    app = Flask(
        __name__,
        template_folder=str(_resource_dir("templates")),
        static_folder=str(_resource_dir("static")),
    )
    configure(app.config, test_config)
    app.json.ensure_ascii = False  # type: ignore[attr-defined]
    app.json.sort_keys = False  # type: ignore[attr-defined]
    app.extensions["vnsearch"] = SearcherPool(
        app.config["INDEX"], float(app.config["REFRESH_SECONDS"]), app.config["POOL_MAX_IDLE"]
    )
    app.jinja_env.globals.update(static_url=static_url, version=__version__, sort_labels=SORT_LABELS)
    app.jinja_env.filters.update(vn_number=vn_number, vn_date=vn_date, safe_url=safe_url)
    app.register_blueprint(web)
    for blueprint in (trends, kwic, quotes, feeds, cite):  # the research views (issue 21)
        app.register_blueprint(blueprint)
    app.register_error_handler(Exception, handle_exception)  # HTTP errors too: one shape for all
    app.before_request(guard_request)
    app.after_request(security_headers)
    return app
