from django.contrib import admin
from django.urls import include, path

from maillage.accounts.forms import AdminLoginForm
from maillage.api import api

admin.site.site_header = "maillage — back-office"
admin.site.site_title = "maillage"
admin.site.index_title = "Back-office du réseau"
# The admin login goes through the same per-account rate limit as the site login.
admin.site.login_form = AdminLoginForm

urlpatterns = [
    path("", include("maillage.common.urls")),
    path("annuaire/", include("maillage.directory.urls")),
    path("compte/", include("maillage.accounts.urls")),
    path("", include("maillage.matching.urls")),
    path("formations/", include("maillage.training.urls")),
    path("observatoire/", include("maillage.observatory.urls")),
    path("aides/", include("maillage.funding.urls")),
    path("api/v1/", api.urls),
    path("back-office/", admin.site.urls),
]
