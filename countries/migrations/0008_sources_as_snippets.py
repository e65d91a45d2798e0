"""Sources become a snippet (countries.Source) that analyses attach and cite.

Each attached source of an analysis becomes a Source (sources with the same title, publisher, URL
and date become one), and the analyses' revisions and versions point to it, so that every version
published before still shows its sources.
"""

import django.db.models.deletion
import wagtail.search.index
from django.db import migrations, models

OLD_FIELDS = ("title", "publisher", "published_on", "url")


def source_key(data):
    return tuple(str(data.get(name) or "") for name in OLD_FIELDS)


def sources_forwards(apps, schema_editor):
    Source = apps.get_model("countries", "Source")
    AnalysisSource = apps.get_model("countries", "AnalysisSource")
    AnalysisVersion = apps.get_model("countries", "AnalysisVersion")
    Revision = apps.get_model("wagtailcore", "Revision")
    ContentType = apps.get_model("contenttypes", "ContentType")

    made = {}

    def source_for(data):
        key = source_key(data)
        if key not in made:
            made[key] = Source.objects.create(
                author=data.get("publisher") or "Unknown",
                title=data.get("title") or "Untitled",
                published_on=data.get("published_on") or None,
                url=data.get("url") or "",
                kind="report",
            ).pk
        return made[key]

    for attached in AnalysisSource.objects.all():
        attached.source_id = source_for({name: getattr(attached, name) for name in OLD_FIELDS})
        attached.save(update_fields=["source"])

    def rewrite(content):
        changed = False
        for item in content.get("sources") or []:
            if isinstance(item, dict) and "source" not in item and "title" in item:
                item["source"] = source_for(item)
                changed = True
        return changed

    analysis_type = ContentType.objects.filter(app_label="countries", model="analysispage").first()
    if analysis_type is not None:
        for revision in Revision.objects.filter(content_type=analysis_type).iterator():
            if rewrite(revision.content):
                revision.save(update_fields=["content"])
    for version in AnalysisVersion.objects.all():
        if rewrite(version.content):
            version.save(update_fields=["content"])


class Migration(migrations.Migration):
    dependencies = [
        ("countries", "0007_method_and_scope"),
        ("wagtailcore", "0098_apitoken"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.CreateModel(
            name="Source",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "author",
                    models.CharField(
                        help_text="For an oral source, a description: “a lawyer in Almaty”.",
                        max_length=300,
                        verbose_name="Author or publisher",
                    ),
                ),
                ("title", models.CharField(max_length=400)),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("report", "Report"),
                            ("news", "News"),
                            ("ngo", "NGO"),
                            ("government", "Government"),
                            ("court", "Court"),
                            ("oral", "Oral (interview, anonymised)"),
                            ("other", "Other"),
                        ],
                        default="report",
                        max_length=12,
                        verbose_name="Type",
                    ),
                ),
                ("published_on", models.DateField(blank=True, null=True, verbose_name="Date published")),
                ("url", models.URLField(blank=True, max_length=1000, verbose_name="URL")),
                ("accessed_on", models.DateField(blank=True, null=True, verbose_name="Date accessed")),
                (
                    "note",
                    models.TextField(
                        blank=True,
                        help_text="Needed when there is no URL: what the source is and how it can be traced. "
                        "Anonymise oral sources.",
                        max_length=2000,
                        verbose_name="Description or note",
                    ),
                ),
            ],
            options={"ordering": ["author", "title"]},
            bases=(wagtail.search.index.Indexed, models.Model),
        ),
        migrations.AddField(
            model_name="analysissource",
            name="source",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="attachments",
                to="countries.source",
            ),
        ),
        migrations.RunPython(sources_forwards, migrations.RunPython.noop),
        migrations.RemoveField(model_name="analysissource", name="title"),
        migrations.RemoveField(model_name="analysissource", name="publisher"),
        migrations.RemoveField(model_name="analysissource", name="published_on"),
        migrations.RemoveField(model_name="analysissource", name="url"),
        migrations.AlterField(
            model_name="analysissource",
            name="source",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT, related_name="attachments", to="countries.source"
            ),
        ),
    ]
