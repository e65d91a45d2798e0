"""The copied search keys leave analyses: the search app's documents hold them (search.models).

They were copied so that search could filter and facet on plain columns of the page; the search
documents now carry their own, written from the tree, and nothing else read these.
"""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('countries', '0004_topic_keys'),
    ]

    operations = [
        migrations.RemoveField(
            model_name='analysispage',
            name='country_iso',
        ),
        migrations.RemoveField(
            model_name='analysispage',
            name='country_slug',
        ),
        migrations.RemoveField(
            model_name='analysispage',
            name='region_slug',
        ),
        migrations.RemoveField(
            model_name='analysispage',
            name='topic_keys',
        ),
    ]
