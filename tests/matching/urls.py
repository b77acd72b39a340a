"""A URLconf with only the matching routes, so service tests do not depend on other apps' pages."""

from django.urls import include, path

urlpatterns = [path("mises-en-relation/", include("maillage.matching.urls"))]
