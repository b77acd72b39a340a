"""Matchmaking routes. Mounted at the site root by config/urls.py: /besoin/ and
/urgence-cyber/ are public entry points, the rest lives under /mises-en-relation/."""

from django.urls import path

from maillage.matching import staff_views, views

app_name = "matching"
urlpatterns = [
    path("besoin/", views.need_create, name="need_create"),
    path("besoin/suivi/<str:key>/", views.need_status, name="need_status"),
    path(
        "besoin/suivi/<str:key>/avis/<int:introduction_id>/",
        views.need_status_rate,
        name="need_status_rate",
    ),
    path("urgence-cyber/", views.emergency_create, name="emergency_create"),
    path("mises-en-relation/", staff_views.needs_list, name="needs_list"),
    path(
        "mises-en-relation/tableau-de-bord/",
        staff_views.pipeline_dashboard,
        name="pipeline_dashboard",
    ),
    path(
        "mises-en-relation/besoins/<int:need_id>/",
        staff_views.need_detail,
        name="need_detail",
    ),
    path(
        "mises-en-relation/besoins/<int:need_id>/profil/",
        staff_views.need_profile_correct,
        name="need_profile_correct",
    ),
    path(
        "mises-en-relation/besoins/<int:need_id>/suggestions/",
        staff_views.need_suggestions_compute,
        name="need_suggestions_compute",
    ),
    path(
        "mises-en-relation/besoins/<int:need_id>/envoi/",
        staff_views.need_send,
        name="need_send",
    ),
    path("mises-en-relation/mes-besoins/", views.my_needs, name="my_needs"),
    path("mises-en-relation/mes-demandes/", views.my_leads, name="my_leads"),
    path(
        "mises-en-relation/demandes/<int:introduction_id>/",
        views.introduction_detail,
        name="introduction_detail",
    ),
    path(
        "mises-en-relation/demandes/<int:introduction_id>/action/",
        views.introduction_action,
        name="introduction_action",
    ),
    path(
        "mises-en-relation/reponse/<str:token>/",
        views.introduction_answer,
        name="introduction_answer",
    ),
]
