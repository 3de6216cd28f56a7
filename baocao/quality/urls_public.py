"""The public pages (no sign-in): /public/…"""

from django.urls import path

from . import views_public

app_name = "public"

urlpatterns = [
    path("survey/<str:token>/", views_public.survey, name="survey"),
    path("survey/<str:token>/thanks/", views_public.survey_thanks, name="survey_thanks"),
    path("survey/<str:token>/qr.svg", views_public.survey_qr, name="survey_qr"),
    path("suggest/", views_public.suggest, name="suggest"),
    path("track/", views_public.track, name="track"),
]
