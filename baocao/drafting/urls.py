from django.urls import path

from . import views

app_name = "drafting"

urlpatterns = [
    path("", views.draft_list, name="draft_list"),
    path("new/<int:round_id>/", views.draft_create, name="draft_create"),
    path("ad-hoc/new/", views.ad_hoc_new, name="ad_hoc_new"),
    path("rounds/<int:round_id>/timeline/", views.round_timeline, name="round_timeline"),
    path("<int:draft_id>/", views.draft_detail, name="draft"),
    path("<int:draft_id>/act/<str:action>/", views.draft_act, name="act"),
    path("<int:draft_id>/sign/token/", views.remote_start, name="remote_start"),
    path("signing/<str:token>/", views.remote_page, name="remote"),
    path("signing/<str:token>/cancel/", views.remote_cancel, name="remote_cancel"),
    path("signing/<str:token>/agent/", views.remote_agent, name="remote_agent"),
    path("<int:draft_id>/sections/<int:section_id>/", views.section_edit, name="section"),
    path("<int:draft_id>/versions/", views.versions, name="versions"),
    path("<int:draft_id>/comments/", views.comments, name="comments"),
    path("<int:draft_id>/comments/<int:comment_id>/resolve/", views.comment_resolve,
         name="comment_resolve"),
    path("<int:draft_id>/comments/<int:comment_id>/letter/", views.comment_letter,
         name="comment_letter"),
    path("<int:draft_id>/answer/", views.answer, name="answer"),
    path("<int:draft_id>/close/", views.consultation_close, name="consultation_close"),
    path("<int:draft_id>/timeline/", views.timeline, name="timeline"),
    path("<int:draft_id>/file.<str:fmt>", views.draft_file, name="file"),
    path("<int:draft_id>/recipients/", views.draft_recipients, name="recipients"),
]
