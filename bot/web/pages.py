"""What every page shares: templates, the signed-in viewer, CSRF-checked forms, refusals."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.datastructures import FormData
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse

from bot.services import web_access
from bot.services.context import Rapport
from bot.services.web_access import Viewer

HERE = Path(__file__).parent
COOKIE = "rapport_session"
CSRF_FIELD = "csrf"

templates = Environment(
    loader=FileSystemLoader(HERE / "templates"),
    autoescape=select_autoescape(default=True, default_for_string=True),
    trim_blocks=True,
    lstrip_blocks=True,
)


def rapport(request: Request) -> Rapport:
    """The application the web view serves (set by bot.web.app.build)."""
    app: Rapport = request.app.state.rapport
    return app


class SignInNeeded(HTTPException):
    """No valid session: the page says how to get a link (from the bot, /web)."""

    def __init__(self) -> None:
        super().__init__(401, "Sign in first: send /web to the bot and open the link it sends.")


async def signed_in(request: Request) -> Viewer:
    """The viewer of this request, or SignInNeeded."""
    app = rapport(request)
    async with app.db.read() as tx:
        found = await web_access.viewer(tx, request.cookies.get(COOKIE), app.clock.now())
    if found is None:
        raise SignInNeeded()
    return found


async def posted(request: Request, viewer: Viewer) -> FormData:
    """A submitted form, refused (403, audited) unless it carries this session's CSRF token."""
    form = await request.form()
    token = form.get(CSRF_FIELD)
    if not web_access.csrf_ok(viewer, token if isinstance(token, str) else None):
        raise await refused(
            request,
            viewer,
            "csrf",
            "This form has expired or did not come from Rapport. "
            "Open the page again and resubmit.",
        )
    return form


async def refused(
    request: Request,
    viewer: Viewer,
    reason: str,
    text: str = "This is not yours to see.",
    patient_id: int | None = None,
) -> HTTPException:
    """A 403 to raise, recorded first (what "refused", the reason and the path: ids only)."""
    app = rapport(request)
    async with app.db.tx() as tx:
        await web_access.audit(
            tx,
            viewer,
            "refused",
            app.clock.now(),
            patient_id=patient_id,
            reason=reason,
            path=request.url.path,
        )
    return HTTPException(403, text)


def page(
    request: Request, name: str, viewer: Viewer | None = None, status: int = 200, **context: Any
) -> HTMLResponse:
    """A template rendered for this viewer (its CSRF token is there for every form)."""
    html = templates.get_template(name).render(
        request=request,
        viewer=viewer,
        csrf=viewer.csrf if viewer is not None else "",
        csrf_field=CSRF_FIELD,
        **context,
    )
    return HTMLResponse(html, status_code=status)
