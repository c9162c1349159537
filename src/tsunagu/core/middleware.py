"""Small middlewares of the core app."""

from __future__ import annotations

import uuid
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse


class RequestIdMiddleware:
    """Give every request an id, stored on the request and sent back as X-Request-ID.

    The audit log records it, so an entry can be matched with server logs of the same request.
    An incoming header is ignored: a client must not be able to choose what the log says.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.request_id = uuid.uuid4().hex
        response = self.get_response(request)
        response["X-Request-ID"] = request.request_id
        return response
