"""ninja names OpenAPI components after schema classes: two classes with one name would overwrite each other."""

from collections import Counter

from ninja import Schema

PROJECT_APPS = ("home", "countries", "contact", "search", "editorial", "headless", "webhooks")


def all_subclasses(cls):
    for subclass in cls.__subclasses__():
        yield subclass
        yield from all_subclasses(subclass)


def test_project_schema_names_are_unique(db):
    import cms.api  # noqa: F401  (imports every router and its schemas)

    names = Counter(cls.__name__ for cls in set(all_subclasses(Schema)) if cls.__module__.split(".")[0] in PROJECT_APPS)
    assert [name for name, count in names.items() if count > 1] == []
