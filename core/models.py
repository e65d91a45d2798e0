from django.db import models


class ContentGeneration(models.Model):
    """The content generation (core.content_cache) where no shared cache holds it: one row.

    Every worker reads it once per request, so a change committed by one is seen by all the others on
    their next request; it is bumped inside the transaction that changes the content, so the new
    generation and the new content become visible together.
    """

    value = models.BigIntegerField(default=1)

    def __str__(self):
        return f"content generation {self.value}"
