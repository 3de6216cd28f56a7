from django.urls import path

from . import views

app_name = "documents"

urlpatterns = [
    path("", views.register, name="register"),
    path("<int:document_id>/", views.document, name="document"),
    path("<int:document_id>/correct/", views.correct, name="correct"),
    path("copy/<str:token>/", views.copy, name="copy"),
]
