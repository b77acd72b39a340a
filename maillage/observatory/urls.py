from django.urls import path

from maillage.observatory import views

app_name = "observatory"

urlpatterns = [
    path("", views.observatory_page, name="index"),
]
