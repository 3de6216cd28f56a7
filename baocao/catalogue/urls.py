from django.urls import path

from . import views

app_name = "catalogue"

urlpatterns = [
    path("indicators/", views.indicator_list, name="indicator_list"),
    path("forms/", views.form_list, name="form_list"),
    path("forms/<str:form_code>/new-version/", views.form_new_version, name="form_new_version"),
    path("forms/<str:form_code>/v<int:number>/", views.form_version, name="form_version"),
    path("forms/<str:form_code>/v<int:number>/approve/", views.form_version_approve,
         name="form_version_approve"),
    path("regimes/", views.regime_list, name="regime_list"),
    path("regimes/<str:regime_code>/", views.regime_detail, name="regime_detail"),
]
