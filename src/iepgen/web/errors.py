"""Errors on web pages: an HTML page (404 for anything not on the caseload), never JSON."""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from html import escape
from typing import Any, Final
from urllib.parse import quote

from fastapi.exceptions import RequestValidationError
from fastapi.routing import APIRoute
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response

from iepgen.errors import IepgenError, NotFound
from iepgen.web.context import PasswordChangeRequired, SignInRequired
from iepgen.web.forms import FormState, kept_fields
from iepgen.web.templating import render

ERROR_TITLES: Final = {
    400: "That request could not be used",
    401: "Please sign in",
    403: "Not allowed",
    404: "Page not found",
    405: "That address cannot be used this way",
    409: "That change is not possible now",
    413: "That is too much to send at once",
    422: "Please check what you entered",
    429: "Too many requests",
    500: "Something went wrong",
    503: "Not available right now",
}


def safe_next(target: str | None) -> str:
    """A local path to return to after signing in; anything else (another site) goes home."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    return target


def error_page(request: Request, status_code: int, message: str) -> Response:
    """An error as a page in the app's layout: a title, one sentence, a way on.

    Never a traceback: `message` is a sentence written for people (the 500 handler gives
    a fixed one). If the page itself cannot be drawn, a bare page still says it.
    """
    title = ERROR_TITLES.get(status_code, "Something went wrong")
    try:
        return render(
            request,
            "error.html",
            {"title": title, "message": message, "status_code": status_code},
            status_code=status_code,
        )
    except Exception:  # the layout failed too (e.g. mid-shutdown): plain words still go out
        return HTMLResponse(
            f"<!doctype html><html lang='en'><title>{escape(title)}</title>"
            f"<h1>{escape(title)}</h1><p>{escape(message)}</p></html>",
            status_code=status_code,
        )


def not_found_page(request: Request) -> Response:
    return error_page(
        request, 404, "There is no such page, or it belongs to a student not on your caseload."
    )


async def _keep_form_and_sign_in(request: Request, target: str) -> Response:
    """The sign-in page carrying the form this browser just posted, so no work is lost.

    Only for forms whose CSRF token matched this browser's cookie: the fields go back to
    the same browser that typed them, and are sent again only when the person confirms.
    """
    form = await request.form()
    return render(
        request,
        "signin.html",
        {
            "form": FormState(),
            "next": safe_next(target),
            "keep": kept_fields(form),
            "timed_out": True,
        },
        status_code=401,
    )


class WebRoute(APIRoute):
    """Maps domain errors to pages: sign-in redirect, 404 page, or a page naming the problem."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        original = super().get_route_handler()

        async def handler(request: Request) -> Response:
            try:
                return await original(request)
            except SignInRequired:
                target = request.url.path
                if request.method == "POST" and getattr(request.state, "csrf_checked", False):
                    return await _keep_form_and_sign_in(request, target)
                if request.method == "GET" and request.url.query:
                    target += "?" + request.url.query
                return RedirectResponse(f"/signin?next={quote(safe_next(target))}", 303)
            except PasswordChangeRequired:
                return RedirectResponse("/account/password?reset=true", 303)
            except NotFound:
                return not_found_page(request)
            except IepgenError as exc:
                return error_page(request, exc.status_code, exc.message)
            except RequestValidationError:
                return error_page(request, 400, "The address or form was not complete.")

        return handler
