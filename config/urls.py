from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "maillage — back-office"
admin.site.site_title = "maillage"

urlpatterns = [
    path("", include("maillage.common.urls")),
    path("compte/", include("maillage.accounts.urls")),
    path("back-office/", admin.site.urls),
]
