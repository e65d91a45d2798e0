from django.http import HttpResponse
from django.urls import path


def constant(request):
    return HttpResponse(b"ok", content_type="text/plain")


urlpatterns = [path("", constant)]
