from django.urls import path

from baocao.outbox import views as outbox_views

from . import views

app_name = "collection"

urlpatterns = [
    path("", views.round_list, name="round_list"),
    path("open/", views.round_open, name="round_open"),
    path("<int:round_id>/", views.round_detail, name="round_detail"),
    path("<int:round_id>/bulk/", views.round_bulk, name="round_bulk"),
    path("<int:round_id>/xlsx/", views.round_xlsx, name="round_xlsx"),
    path("<int:round_id>/promises/", views.round_promises, name="round_promises"),
    path("submissions/<int:submission_id>/", views.submission_detail, name="submission"),
    path("submissions/<int:submission_id>/cell/", views.submission_cell,
         name="submission_cell"),
    path("submissions/<int:submission_id>/comment/", views.submission_comment,
         name="submission_comment"),
    path("submissions/<int:submission_id>/text/<int:section_id>/", views.submission_text,
         name="submission_text"),
    path("submissions/<int:submission_id>/<str:action>/", views.submission_action,
         name="submission_action"),
    path("submissions/<int:submission_id>/attach", views.submission_attach,
         name="submission_attach"),
    path("submissions/<int:submission_id>/template.xlsx", views.submission_xlsx,
         name="submission_xlsx"),
    path("submissions/<int:submission_id>/upload", views.submission_upload,
         name="submission_upload"),
    path("attachments/<int:attachment_id>/", views.attachment_download, name="attachment"),
    path("units/<str:code>/", views.unit_record, name="unit_record"),
    path("notifications/", outbox_views.notification_list, name="notification_list"),
]
