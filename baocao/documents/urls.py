from django.urls import path

from . import views

app_name = "documents"

urlpatterns = [
    path("", views.register, name="register"),
    path("<int:document_id>/", views.document, name="document"),
    path("<int:document_id>/correct/", views.correct, name="correct"),
    path("<int:document_id>/file.<str:fmt>", views.document_file, name="file"),
    path("keys/", views.my_keys, name="my_keys"),
    path("keys/signature/", views.my_signature, name="my_signature"),
    path("verify/", views.verify, name="verify"),
    path("verify/<str:code>/", views.verify_code, name="verify_code"),
    path("copy/<str:token>/", views.copy, name="copy"),
    path("copy/<str:token>/file.<str:fmt>", views.copy_file, name="copy_file"),
]
