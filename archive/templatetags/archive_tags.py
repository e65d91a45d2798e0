"""Archived copies in the bibliography: ``{% archived_copies version as copies %}`` once per list, then
``copies|archived_copy_of:source`` per entry (one query for the whole bibliography).

The countries templates load these rather than the countries app importing the archive: the archive
is a delivery app, a layer above.
"""

from django import template

from .. import copies as archived

register = template.Library()


@register.simple_tag
def archived_copies(version):
    return archived.for_version(version) if version else {}


@register.filter
def archived_copy_of(copies, source):
    return copies.get(source.pk) if copies and source else None
