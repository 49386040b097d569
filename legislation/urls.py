from django.urls import path

from legislation import views

app_name = "legislation"

urlpatterns = [
    path("", views.consultation_list, name="consultation-list"),
    path("consultations/new/", views.consultation_open, name="consultation-open"),
    path("consultations/<int:pk>/", views.consultation_detail, name="consultation-detail"),
    path("consultations/<int:pk>/opinions/", views.opinion_create, name="opinion-create"),
    path("consultations/<int:pk>/close/", views.consultation_move, {"action": "close"}, name="consultation-close"),
    path(
        "consultations/<int:pk>/report/send/", views.consultation_move, {"action": "report"}, name="consultation-send"
    ),
    path("consultations/<int:pk>/report/", views.consultation_report, name="consultation-report"),
    path("consultations/<int:pk>/report.xlsx", views.consultation_report_xlsx, name="consultation-report-xlsx"),
    path("consultations/<int:pk>/report.docx", views.consultation_report_docx, name="consultation-report-docx"),
    path("opinions/<int:pk>/merge/", views.opinion_merge, name="opinion-merge"),
    path("opinions/<int:pk>/adopt/", views.opinion_adopt, name="opinion-adopt"),
    path("drafts/", views.draft_list, name="draft-list"),
    path("drafts/new/", views.draft_create, name="draft-create"),
    path("drafts/<int:pk>/", views.draft_detail, name="draft-detail"),
    path("figures/", views.figures, name="figures"),
    path("public/", views.public_list, name="public-list"),
    path("public/<int:pk>/", views.public_consultation, name="public-consultation"),
    path("public/<int:pk>/comment/", views.public_comment, name="public-comment"),
]
