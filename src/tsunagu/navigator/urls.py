from django.urls import path

from . import views

app_name = "navigator"

urlpatterns = [
    path("", views.start, name="start"),
    path("troubles/", views.troubles, name="troubles"),
    path("about/", views.about, name="about"),
    path("results/", views.results, name="results"),
    path("results/qr.svg", views.results_qr, name="results_qr"),
    path("results/navi.pdf", views.results_document, name="results_pdf"),
]
