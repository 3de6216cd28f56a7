from django.urls import path

from . import views

app_name = "consolidation"

urlpatterns = [
    path("", views.table, name="table"),
    path("indicators/<str:code>/", views.indicator_detail, name="indicator"),
    path("narratives/", views.narratives, name="narratives"),
]
