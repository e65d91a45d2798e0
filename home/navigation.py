"""The region → country directory shown in the navigation, on the home page and in the API."""

from itertools import groupby


def region_directory(root):
    """Live, public regions under ``root`` with their countries, cached until content changes."""
    from core.content_cache import cached

    return cached(f"region-directory:{root.pk}", lambda: _region_directory(root))


def _region_directory(root):
    """Live, public regions under ``root``, each with its live, public countries: four queries."""
    from countries.models import CountryPage, RegionPage

    regions = list(RegionPage.objects.child_of(root).live().public().order_by("path"))
    if not regions:
        return []
    countries = (
        CountryPage.objects.descendant_of(root).live().public().filter(depth=regions[0].depth + 1).order_by("path")
    )
    by_region = {}
    step = len(regions[0].path)
    for prefix, group in groupby(countries, key=lambda c: c.path[:step]):
        by_region[prefix] = sorted(group, key=lambda c: c.title)
    return [(region, by_region.get(region.path, [])) for region in regions]
