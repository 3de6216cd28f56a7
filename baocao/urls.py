from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from baocao.core import health
from baocao.core import views as core_views
from baocao.organisation import views as organisation_views
from baocao.outbox import views as outbox_views

urlpatterns = [
    path("", core_views.home, name="home"),
    path("healthz", health.healthz, name="healthz"),
    path("favicon.ico", core_views.favicon, name="favicon"),
    path("login/", organisation_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("second-factor/", organisation_views.second_factor_page, name="second_factor"),
    path("second-factor/enrol/", organisation_views.second_factor_enrol,
         name="second_factor_enrol"),
    path("password/", organisation_views.PasswordChangeView.as_view(), name="password_change"),
    path(
        "password/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("notifications/", outbox_views.notification_list, name="notification_list"),
    path("me/tokens/", organisation_views.api_tokens, name="api_tokens"),
    path("api/", include("baocao.api.urls")),
    path("units/", include("baocao.organisation.urls")),
    path("audit/", include("baocao.audit.urls")),
    path("catalogue/", include("baocao.catalogue.urls")),
    path("rounds/", include("baocao.collection.urls")),
    path("consolidation/", include("baocao.consolidation.urls")),
    path("drafts/", include("baocao.drafting.urls")),
    path("documents/", include("baocao.documents.urls")),
    path("quality/", include("baocao.quality.urls")),
    path("records/", include("baocao.records.urls")),
    path("public/", include("baocao.quality.urls_public")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]

handler400 = "baocao.core.views.bad_request"
