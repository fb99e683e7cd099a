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


def handle_search_error(exc: SearchError) -> Response | tuple[str, int]:
    if isinstance(exc, IndexNotFound | IndexLocked):
        status = 503
    elif isinstance(exc, ModelError):
        status = 500
    else:
        status = 400
    return error_response(status, str(exc), getattr(exc, "parameter", None))


def handle_http_error(exc: HTTPException) -> Response | tuple[str, int]:
    status = exc.code or 500
    message = (
        exc.description if isinstance(exc, NotFound) and exc.description != NotFound.description else None
    )
    if message is None:
        message = {
            404: "Trang này không tồn tại. (The page does not exist.)",
            405: f"Phương thức {request.method} không dùng được ở đây. (Method not allowed.)",
        }.get(status, exc.description or exc.name)
    response = error_response(status, message, getattr(exc, "parameter", None))
    allow = [value for name, value in exc.get_headers() if name == "Allow"]
    if allow:
        if not isinstance(response, Response):
            response = current_app.make_response(response)
        response.headers["Allow"] = allow[0]
    return response


def handle_unexpected(exc: Exception) -> Response | tuple[str, int]:
    log.exception("Unexpected error on %s", request.path)
    return error_response(500, "Đã có lỗi không mong muốn; xin thử lại sau. (Unexpected server error.)")
