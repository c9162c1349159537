from django.urls import path

from . import views

app_name = "directory"

urlpatterns = [
    path("", views.directory_list, name="list"),
    path("import-template.csv", views.import_template_csv, name="template_csv"),
    path("import-template.xlsx", views.import_template_xlsx, name="template_xlsx"),
    path("export.csv", views.export_csv, name="export_csv"),
    path("<uuid:service_id>/", views.service_page, name="service"),
]
