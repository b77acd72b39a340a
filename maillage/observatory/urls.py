from django.urls import path

from maillage.observatory import views

app_name = "observatory"

urlpatterns = [
    path("", views.observatory_page, name="index"),
    path("rapport/", views.report_page, name="report"),
    path("export/<slug:name>.<str:fmt>", views.export, name="export"),
]
