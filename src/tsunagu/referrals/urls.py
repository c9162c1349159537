from django.urls import path

from . import views

app_name = "referrals"

urlpatterns = [
    path("new/", views.new_referral, name="new"),
    path("mine/", views.mine, name="mine"),
    path("mine/<uuid:uuid>/", views.mine_detail, name="mine_detail"),
    path("inbox/", views.inbox, name="inbox"),
    path("ward/", views.ward_list, name="ward"),
    path("figures/", views.figures_page, name="figures"),
    path("notices/", views.notices, name="notices"),
    path("<uuid:uuid>/", views.detail, name="detail"),
    path("<uuid:uuid>/status/", views.change_status, name="change_status"),
    path("<uuid:uuid>/sheet.pdf", views.referral_sheet, name="sheet"),
]
