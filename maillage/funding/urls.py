from django.urls import path

from maillage.funding import views, views_watch

app_name = "funding"
urlpatterns = [
    path("", views.call_search_page, name="search"),
    path("<int:call_id>/", views.call_page, name="call"),
    path("<int:call_id>/suivre/", views_watch.call_follow, name="follow"),
    path("<int:call_id>/candidature/", views_watch.application_start, name="application_start"),
    path("veille/", views_watch.my_watch, name="watch"),
    path("veille/alertes/", views_watch.search_create, name="search_create"),
    path(
        "candidatures/<int:application_id>/",
        views_watch.application_update,
        name="application_update",
    ),
    path("alertes/confirmer/<str:token>/", views.search_confirm, name="confirm"),
    path("alertes/desabonner/<str:token>/", views.search_unsubscribe, name="unsubscribe"),
    path("calendrier/alerte/<str:token>.ics", views.search_calendar, name="search_ics"),
    path("calendrier/<str:token>.ics", views.user_calendar, name="user_ics"),
    path("gestion/relecture/", views_watch.review_queue, name="review"),
    path("gestion/relecture/<int:item_id>/", views_watch.review_resolve, name="review_resolve"),
    path("gestion/resultats/", views_watch.success_view, name="success"),
]
