from django.urls import path

from maillage.matching import views

app_name = "matching"
urlpatterns = [
    path("reponse/<str:token>/", views.introduction_answer, name="introduction_answer"),
]
