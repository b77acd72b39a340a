from django.urls import path

from maillage.directory import views

app_name = "directory"
urlpatterns = [
    path("", views.organisation_search_page, name="search"),
    path("<int:organisation_id>/", views.organisation_page, name="organisation"),
]
