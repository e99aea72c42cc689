"""The editor's web page at / (assets under /static/), and the API docs at /docs.

Both work offline: Swagger UI's files (version 5, which reads OpenAPI 3.1) come from the
fastapi-offline package, served under /docs-assets/, not from a CDN (newsroom networks are
often closed).
"""

from pathlib import Path

import fastapi_offline
from fastapi import APIRouter
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import FileResponse, HTMLResponse

from service.errors import NotFound

STATIC_DIR = Path(__file__).resolve().parent.parent / "static"
DOCS_ASSETS_DIR = Path(fastapi_offline.__file__).parent / "static"
INDEX = STATIC_DIR / "index.html"

router = APIRouter(include_in_schema=False)


@router.get("/")
async def index() -> FileResponse:
    if not INDEX.is_file():
        raise NotFound("the editor page is not installed")
    return FileResponse(INDEX, media_type="text/html")


@router.get("/docs")
async def docs() -> HTMLResponse:
    return get_swagger_ui_html(
        openapi_url="/openapi.json",
        title="hypegap API",
        swagger_js_url="/docs-assets/swagger-ui-bundle.js",
        swagger_css_url="/docs-assets/swagger-ui.css",
        swagger_favicon_url="/docs-assets/favicon.png",
    )
