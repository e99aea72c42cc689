"""GET /metrics in Prometheus' text format."""

from fastapi import APIRouter, Request, Response

router = APIRouter(tags=["operations"])

EXAMPLE = (
    "# HELP hypegap_requests_total HTTP requests answered.\n"
    "# TYPE hypegap_requests_total counter\n"
    'hypegap_requests_total{endpoint="/v1/score",method="POST",'
    'model_version="20250301T120000Z-1a2b3c4d",status="200"} 1042.0\n'
)


@router.get(
    "/metrics",
    summary="Prometheus metrics",
    description="Requests, errors and latency histograms per endpoint, labelled with the model "
    "version; health probes and scrapes are left out.",
    response_class=Response,
    responses={200: {"content": {"text/plain": {"example": EXAMPLE}}}},
)
async def metrics(request: Request) -> Response:
    body, content_type = request.app.state.metrics.exposition()
    return Response(body, media_type=content_type)
