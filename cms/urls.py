from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from search import views as search_views
from serving import views as serving_views

from .api import api

urlpatterns = [
    path("django-admin/", admin.site.urls),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("search/", search_views.search, name="search"),
    path("api/v3/", api.urls),
    path("sitemap.xml", sitemap, name="sitemap"),
    path("healthz", serving_views.healthz, name="healthz"),
    path("readyz", serving_views.readyz, name="readyz"),
]

if settings.BENCH:
    # The load benchmark's ceiling; the URL does not exist unless BENCH is on.
    urlpatterns.append(path("bench/ceiling/", serving_views.bench_ceiling, name="bench-ceiling"))

if settings.DEBUG:
    from django.conf.urls.static import static
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += [path("", include(wagtail_urls))]
