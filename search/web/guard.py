"""What a read-only site refuses before any work, and the security headers every answer carries."""

from __future__ import annotations

from flask import Response, current_app, request
from werkzeug.exceptions import MethodNotAllowed, RequestEntityTooLarge, RequestURITooLarge

from search.query import MAX_QUERY_CHARS

# The site only reads: every other method is a 405, whatever the route.
METHODS = ("GET", "HEAD")

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)


def guard_request() -> None:
    """Refuse, before any work, what a read-only search site never needs:
    methods other than GET/HEAD (405, also on static files), addresses
    longer than ``MAX_URL_BYTES`` (414), bodies over ``MAX_CONTENT_LENGTH`` (413)."""
    if request.method not in METHODS:
        raise MethodNotAllowed(list(METHODS))
    cfg = current_app.config
    environ = request.environ
    length = len(environ.get("PATH_INFO", "")) + len(environ.get("QUERY_STRING", ""))
    if length > cfg["MAX_URL_BYTES"]:
        longest = max(request.args.items(multi=True), key=lambda kv: len(kv[1]), default=None)
        if longest is not None and len(longest[1]) > len(environ.get("PATH_INFO", "")):
            which = f"parameter {longest[0][:20]!r} is {len(longest[1])} characters long"
        else:
            which, longest = f"the path is {len(environ.get('PATH_INFO', ''))} bytes long", None
        exc = RequestURITooLarge(
            f"Địa chỉ quá dài: {length} byte, tối đa {cfg['MAX_URL_BYTES']}. "
            f"(The address is too long: {which}; at most {cfg['MAX_URL_BYTES']} bytes in all. "
            f"Only the first {MAX_QUERY_CHARS} characters of q are used anyway.)"
        )
        exc.parameter = longest[0] if longest is not None else None  # type: ignore[attr-defined]
        raise exc
    if (request.content_length or 0) > cfg["MAX_CONTENT_LENGTH"]:
        raise RequestEntityTooLarge(
            f"Yêu cầu quá lớn. (This site only reads: a request body of {request.content_length} bytes "
            f"is refused, at most {cfg['MAX_CONTENT_LENGTH']}.)"
        )


def security_headers(response: Response) -> Response:
    response.headers.setdefault("Content-Security-Policy", CSP)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("X-Frame-Options", "DENY")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    return response
