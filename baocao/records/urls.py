from django.urls import path

from . import views

app_name = "records"
urlpatterns = [
    path("", views.dossier_list, name="dossier_list"),
    path("<int:dossier_id>/", views.dossier, name="dossier"),
    path("<int:dossier_id>/index.pdf", views.index_pdf, name="index_pdf"),
    path("<int:dossier_id>/file/", views.dossier_file, name="file"),
    path("<int:dossier_id>/hold/", views.hold_place, name="hold"),
    path("<int:dossier_id>/items/<int:item_id>/", views.item, name="item"),
    path("holds/<int:hold_id>/lift/", views.hold_lift, name="hold_lift"),
    path("draft/<int:draft_id>/", views.dossier_for_draft, name="for_draft"),
    path("retention/", views.retention_schedule, name="retention"),
    path("due/", views.due, name="due"),
    path("transfers/new/", views.transfer_make, name="transfer_make"),
    path("transfers/<int:transfer_id>/", views.transfer, name="transfer"),
    path("disposals/new/", views.disposal_make, name="disposal_make"),
    path("disposals/<int:disposal_id>/", views.disposal, name="disposal"),
]
