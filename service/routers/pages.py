"""The editor's web page at / and its assets under /static/, from service/static/."""

from pathlib import Path

from fastapi import APIRouter
from fastapi.responses import FileResponse

from service.errors import NotFound

STATIC_DIR = Path(__file__).resolve().parent.parent / "static"
INDEX = STATIC_DIR / "index.html"

router = APIRouter(include_in_schema=False)


@router.get("/")
async def index() -> FileResponse:
    if not INDEX.is_file():
        raise NotFound("the editor page is not installed")
    return FileResponse(INDEX, media_type="text/html")
