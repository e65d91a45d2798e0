from django.conf import settings
from django.contrib import admin
from django.shortcuts import redirect
from django.templatetags.static import static
from django.urls import include, path, re_path
from django.views.decorators.cache import cache_control
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls
from wagtail.views import serve as wagtail_serve

from search import views as search_views
from serving import views as serving_views

from .api import api


@cache_control(public=True, max_age=24 * 60 * 60)
def favicon(request):
    # Pages link the SVG icon, but feed readers, crawlers and a browser opening an image or the API
    # still ask for /favicon.ico; sent on to the static file, they get no 404 (and no Wagtail routing).
    # Temporary: the static URL carries the file's hash in production and changes with the icon.
    return redirect(static("favicon.svg"))


urlpatterns = [
    path("django-admin/", admin.site.urls),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("search/", search_views.search, name="search"),
    # Archived copies of cited sources (archive.views): public, sandboxed, kept for good.
    path("archive/", include("archive.urls")),
    path("api/v3/", api.urls),
    path("sitemap.xml", sitemap, name="sitemap"),
    path("healthz", serving_views.healthz, name="healthz"),
    path("readyz", serving_views.readyz, name="readyz"),
    path("favicon.ico", favicon, name="favicon"),
]

if settings.BENCH:
    # The load benchmark's ceiling; the URL does not exist unless BENCH is on.
    urlpatterns.append(path("bench/ceiling/", serving_views.bench_ceiling, name="bench-ceiling"))

if settings.DEBUG:
    from django.conf.urls.static import static
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += [
    # Wagtail's page pattern allows no dot in a path segment; an analysis's version permalinks
    # (…/v/1.0/, …/v/1.0/cite/) have one, and go to the same page serving view.
    re_path(r"^((?:[\w\-]+/)*v/\d{1,6}\.\d{1,6}/(?:[\w\-]+/)?)$", wagtail_serve, name="analysis_version"),
    path("", include(wagtail_urls)),
]
