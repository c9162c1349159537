from django.contrib import admin
from django.urls import include, path

from tsunagu.api.urls import api_v1
from tsunagu.directory.hsds.api import hsds_api

admin.site.site_header = "つなぐ 管理"
admin.site.site_title = "つなぐ 管理"

urlpatterns = [
    path("", include("tsunagu.core.urls")),
    path("directory/", include("tsunagu.directory.urls")),
    path("navi/", include("tsunagu.navigator.urls")),
    path("staff/", include("tsunagu.accounts.urls")),
    path("staff/referrals/", include("tsunagu.referrals.urls")),
    path("api/v1/", api_v1.urls),
    path("api/hsds/", hsds_api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]
