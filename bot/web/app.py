"""The ASGI app: sign-in and sign-out, each part's pages, static files, security headers."""

from __future__ import annotations

from collections.abc import Sequence

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import BaseRoute, Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from bot.services import web_access
from bot.services.context import Rapport
from bot.web.pages import COOKIE, HERE, page, posted, rapport, signed_in

# No inline script anywhere; styles only from our own files; nothing framed; forms post home.
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)
HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
]


MAX_BODY = 1024 * 1024  # forms and Telegram's updates are a few KiB


class TooLarge(HTTPException):
    def __init__(self) -> None:
        super().__init__(413, "That was more than Rapport accepts in one go.")


class BodyLimit:
    """No request body over MAX_BODY: announced, it is refused (413) before it is read; sent
    without a length, reading stops there with the same refusal."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        length = dict(scope["headers"]).get(b"content-length", b"0")
        if not length.isdigit() or int(length) > MAX_BODY:
            status = 413 if length.isdigit() else 400
            await send({"type": "http.response.start", "status": status, "headers": []})
            await send({"type": "http.response.body", "body": b""})
            return
        seen = 0

        async def limited() -> Message:
            nonlocal seen
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > MAX_BODY:
                raise TooLarge()  # inside the handler's reading: answered as any refusal
            return message

        await self.app(scope, limited, send)


class SecurityHeaders:
    """Every response gets the headers above; nothing but static files may be cached."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        static = scope["path"].startswith("/static/")

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                names = {name.lower() for name, _ in headers}
                headers += [h for h in HEADERS if h[0] not in names]
                if not static:
                    headers = [h for h in headers if h[0].lower() != b"cache-control"]
                    headers.append((b"cache-control", b"no-store"))
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_headers)


async def home(request: Request) -> Response:
    viewer = await signed_in(request)
    app = rapport(request)
    async with app.db.tx() as tx:
        await web_access.audit(tx, viewer, "home.view", app.clock.now())
    return page(request, "home.html", viewer)


async def signin_page(request: Request) -> Response:
    """The link from the bot: a button that uses it (opening the link alone uses nothing)."""
    app, token = rapport(request), request.path_params["token"]
    async with app.db.read() as tx:
        usable = await web_access.link_usable(tx, token, app.clock.now())
    if not usable:
        return _link_refused(request)
    return page(request, "signin.html", token=token)


async def signin(request: Request) -> Response:
    app, token = rapport(request), request.path_params["token"]
    async with app.db.tx() as tx:
        cookie = await web_access.sign_in(tx, token, app.clock.now())
    if cookie is None:
        return _link_refused(request)
    response = RedirectResponse("/web/", status_code=303)
    response.set_cookie(
        COOKIE,
        cookie,
        max_age=int(web_access.SESSION_LIFETIME.total_seconds()),
        httponly=True,
        samesite="strict",
        secure=app.settings.web_base.startswith("https://"),
        path="/",
    )
    return response


def _link_refused(request: Request) -> Response:
    return page(
        request,
        "message.html",
        status=403,
        heading="This link no longer works",
        text="Sign-in links work once and for ten minutes. Send /web to the bot for a new one.",
    )


async def signout(request: Request) -> Response:
    viewer = await signed_in(request)
    await posted(request, viewer)
    app = rapport(request)
    async with app.db.tx() as tx:
        await web_access.sign_out(tx, viewer, app.clock.now())
    response = page(
        request, "message.html", heading="Signed out", text="You have signed out of Rapport."
    )
    response.delete_cookie(COOKIE, path="/")
    return response


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    headings = {401: "Please sign in", 403: "Not allowed", 404: "Not found"}
    response = page(
        request,
        "message.html",
        status=exc.status_code,
        heading=headings.get(exc.status_code, "Something went wrong"),
        text=exc.detail,
    )
    response.headers.update(exc.headers or {})  # a 405's Allow
    return response


def build(app: Rapport, extra: Sequence[BaseRoute] = ()) -> ASGIApp:
    """The web view of `app`; `extra` routes (the webhook, the try-it page) join it."""
    from bot.web import clinician, staff

    routes: list[BaseRoute] = [
        Route("/", lambda request: RedirectResponse("/web/", status_code=303)),
        Route("/web/", home),
        Route("/signin/{token}", signin_page, methods=["GET"]),
        Route("/signin/{token}", signin, methods=["POST"]),
        Route("/signout", signout, methods=["POST"]),
        *clinician.routes(),
        *staff.routes(),
        *extra,
        Mount("/static", StaticFiles(directory=HERE / "static"), name="static"),
    ]
    web = Starlette(routes=routes, exception_handlers={HTTPException: _http_error})
    web.state.rapport = app
    return SecurityHeaders(BodyLimit(web))
