from django.urls import path

from . import views

urlpatterns = [
    path("<int:pk>/", views.snapshot, name="archive_snapshot"),
    path("<int:pk>/warc/", views.snapshot_warc, name="archive_snapshot_warc"),
]
