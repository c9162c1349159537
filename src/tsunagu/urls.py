from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "つなぐ 管理"
admin.site.site_title = "つなぐ 管理"

urlpatterns = [
    path("", include("tsunagu.core.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]
