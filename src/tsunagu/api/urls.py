"""Django Ninja wiring. Each app keeps its own schemas and routes in its api.py and is
mounted here with one line."""

from ninja import NinjaAPI

from tsunagu.navigator.api import router as navigator_router
from tsunagu.referrals.api import router as referrals_router

api_v1 = NinjaAPI(
    title="Tsunagu API",
    version="1",
    urls_namespace="api-v1",
    description="つなぐ: the navigator, the directory and referrals. "
    "Staff endpoints need a signed-in session.",
)

api_v1.add_router("/navigator/", navigator_router)
api_v1.add_router("/referrals", referrals_router)
