from django.urls import path

from . import staff_views, views

app_name = "directory"

urlpatterns = [
    path("", views.directory_list, name="list"),
    path("import-template.csv", views.import_template_csv, name="template_csv"),
    path("import-template.xlsx", views.import_template_xlsx, name="template_xlsx"),
    path("export.csv", views.export_csv, name="export_csv"),
    path("<uuid:service_id>/", views.service_page, name="service"),
    path("<uuid:service_id>/correction/", views.correction, name="correction"),
    path("staff/", staff_views.staff_list, name="staff_list"),
    path("staff/stale/", staff_views.staff_stale, name="staff_stale"),
    path("staff/changes/", staff_views.staff_changes, name="staff_changes"),
    path(
        "staff/changes/<int:change_id>/decide/",
        staff_views.staff_change_decide,
        name="staff_change_decide",
    ),
    path("staff/corrections/", staff_views.staff_corrections, name="staff_corrections"),
    path(
        "staff/corrections/<int:correction_id>/resolve/",
        staff_views.staff_correction_resolve,
        name="staff_correction_resolve",
    ),
    path("staff/import/", staff_views.staff_import, name="staff_import"),
    path("staff/<uuid:service_id>/edit/", staff_views.staff_edit, name="staff_edit"),
    path("staff/<uuid:service_id>/confirm/", staff_views.staff_confirm, name="staff_confirm"),
]
