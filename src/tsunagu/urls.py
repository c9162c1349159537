from django.contrib import admin
from django.urls import include, path

from tsunagu.api.urls import api_v1

admin.site.site_header = "つなぐ 管理"
admin.site.site_title = "つなぐ 管理"

urlpatterns = [
    path("", include("tsunagu.core.urls")),
    path("directory/", include("tsunagu.directory.urls")),
    path("navi/", include("tsunagu.navigator.urls")),
    path("staff/", include("tsunagu.accounts.urls")),
    path("staff/referrals/", include("tsunagu.referrals.urls")),
    path("api/v1/", api_v1.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]
