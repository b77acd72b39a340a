from django.urls import path

from maillage.training import views

app_name = "training"

urlpatterns = [
    path("", views.programme_search_page, name="search"),
    path("<int:programme_id>/", views.programme_page, name="programme"),
    path("besoin/", views.programmes_for_need_page, name="for_need"),
    path("besoin/signaler/", views.upskilling_need_report, name="need_report"),
    path("mutualisation/", views.pooling_page, name="pooling"),
    path("mutualisation/<int:session_id>/decision/", views.pooling_decide, name="pooling_decide"),
]
