"""Errors as a page or as JSON, never a traceback: one shape for every route."""

from __future__ import annotations

import logging
from typing import Any

from flask import Response, current_app, jsonify, render_template, request
from werkzeug.exceptions import HTTPException, NotFound

from search.errors import IndexLocked, IndexNotFound, ModelError, SearchError
from search.query import MAX_QUERY_CHARS

log = logging.getLogger(__package__)


ERROR_TITLES = {
    400: "Yêu cầu không hợp lệ",
    404: "Không tìm thấy",
    405: "Phương thức không được hỗ trợ",
    413: "Yêu cầu quá lớn",
    414: "Địa chỉ quá dài",
    500: "Lỗi máy chủ",
    503: "Chỉ mục chưa sẵn sàng",
}


def wants_json() -> bool:
    path = request.path
    return path.startswith("/api/") or path.endswith(".json") or path == "/healthz"


def error_response(status: int, message: str, parameter: str | None = None) -> Response | tuple[str, int]:
    if wants_json():
        error: dict[str, Any] = {"status": status, "message": message}
        if parameter:
            error["parameter"] = parameter
        response = jsonify({"error": error})
        response.status_code = status
        return response
    title = ERROR_TITLES.get(status, "Lỗi")
    # The search box keeps the query, unless the request was refused for its size.
    q = request.args.get("q", "")[:MAX_QUERY_CHARS] if status not in (413, 414) else ""
    return render_template("error.html", status=status, title=title, message=message, q=q), status


def _status(exc: SearchError) -> int:
    if isinstance(exc, IndexNotFound | IndexLocked):
        return 503
    if isinstance(exc, ModelError):
        return 500
    return 400


def _http_message(exc: HTTPException) -> str:
    """Our own message for a 404 raised with one, else the site's words for the status."""
    if isinstance(exc, NotFound) and exc.description != NotFound.description:
        return exc.description
    return {
        404: "Trang này không tồn tại. (The page does not exist.)",
        405: f"Phương thức {request.method} không dùng được ở đây. (Method not allowed.)",
    }.get(exc.code or 500, exc.description or exc.name)


def handle_exception(exc: Exception) -> Response | tuple[str, int]:
    """The one error handler (datasette's ``handle_exception``): our own errors (400, 500 for
    the model, 503 for the index), HTTP errors (with their ``Allow`` header) and anything
    unexpected (logged, 500) all become :func:`error_response`."""
    allow: list[str] = []
    if isinstance(exc, SearchError):
        status, message, parameter = _status(exc), str(exc), getattr(exc, "parameter", None)
    elif isinstance(exc, HTTPException):
        status, message, parameter = exc.code or 500, _http_message(exc), getattr(exc, "parameter", None)
        allow = [value for name, value in exc.get_headers() if name == "Allow"]
    else:
        log.exception("Unexpected error on %s", request.path)
        status, parameter = 500, None
        message = "Đã có lỗi không mong muốn; xin thử lại sau. (Unexpected server error.)"
    response = error_response(status, message, parameter)
    if allow:
        if not isinstance(response, Response):
            response = current_app.make_response(response)
        response.headers["Allow"] = allow[0]
    return response
