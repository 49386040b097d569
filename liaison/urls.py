from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerSplitView

from liaison import views

admin.site.site_header = "代表家站点管理后台"
admin.site.site_title = "代表家站点"
admin.site.index_title = "数据管理"

api_v1 = [
    path("", include("liaison.api.urls")),
    path("", include("stations.api.urls")),
    path("", include("suggestions.api.urls")),
    path("legislation/", include("legislation.api.urls")),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    path("redoc/", SpectacularRedocView.as_view(url_name="api-schema"), name="api-redoc"),
]

handler500 = "liaison.views.server_error"

urlpatterns = [
    path("", views.home, name="home"),
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("deputies/", views.deputy_list, name="deputy-directory"),
    path("inbox/", views.inbox, name="inbox"),
    path("records/", views.duty_records, name="duty-records"),
    path("records/export.xlsx", views.duty_records_export, name="duty-records-export"),
    path("records/<int:pk>/", views.duty_record, name="duty-record"),
    path("", include("stations.urls")),
    path("", include("suggestions.urls")),
    path("legislation/", include("legislation.urls")),
    path("admin/", admin.site.urls),
    path("api/v1/", include(api_v1)),
]
if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
