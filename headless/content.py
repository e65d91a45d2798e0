"""What the API says about the project's pages, as plain data.

These functions are shared by the typed page fields (``headless.page_shapes``) and the
preview and settings endpoints. They are given model instances and return dicts
matching ``headless.schemas``.
"""

from wagtail.images.models import SourceImageIOError
from wagtail.models import Page

from home.navigation import region_directory

# Rendition filter specs for the sizes ``schemas.ImageRenditions`` promises.
IMAGE_RENDITIONS = {"small": "max-400x10000", "medium": "max-800x10000", "large": "max-1600x10000"}


def page_url(page):
    return page.get_url()


def region_ref(page):
    return {"id": page.pk, "title": page.title, "slug": page.slug}


def country_ref(page):
    return {"id": page.pk, "title": page.title, "slug": page.slug, "iso_code": page.iso_code}


def country_summary(page):
    return {**country_ref(page), "summary": page.summary, "url": page_url(page)}


def analysis_summary(page):
    return {
        "id": page.pk,
        "title": page.title,
        "slug": page.slug,
        "url": page_url(page),
        "standfirst": page.standfirst,
        "current_as_of": page.current_as_of,
        "next_review_due": page.next_review_due,
        "first_published_at": page.first_published_at,
    }


def region_directory_entries(home):
    """The home page's live regions with their live countries (two queries)."""
    return [
        {**region_ref(region), "url": page_url(region), "countries": [country_ref(c) for c in countries]}
        for region, countries in region_directory(home)
    ]


def image_value(image):
    """An image with its alt text and rendition URLs, or None when it (or its file) is gone."""
    if image is None:
        return None
    try:
        renditions = image.get_renditions(*IMAGE_RENDITIONS.values())
    except SourceImageIOError:
        # A lost original must not turn the whole analysis into a 500.
        return None
    decorative = bool(getattr(image, "decorative", False))
    return {
        "id": image.pk,
        "title": image.title,
        "alt": "" if decorative else (getattr(image, "contextual_alt_text", None) or image.default_alt_text),
        "decorative": decorative,
        "width": image.width,
        "height": image.height,
        "renditions": {
            name: {"url": renditions[spec].full_url, "width": renditions[spec].width, "height": renditions[spec].height}
            for name, spec in IMAGE_RENDITIONS.items()
        },
    }


def public_page_link(page):
    """A link to ``page`` only if anonymous readers may see it; drafts and private pages stay hidden."""
    if page is None:
        return None
    visible = Page.objects.live().public().filter(pk=page.pk).first()
    if visible is None:
        return None
    return {"id": visible.pk, "title": visible.title, "url": page_url(visible)}


def analysis_body(page, context):
    """The body as typed blocks; rich text follows the request's ``rich_text_format`` (HTML by default)."""
    blocks = []
    for block, anchor in page.body_with_anchors():
        kind, value = block.block_type, block.value
        if kind == "heading":
            represented = {"value": value, "anchor": anchor}
        elif kind == "paragraph":
            represented = {"value": block.block.get_api_representation(value, context)}
        elif kind == "quotation":
            represented = {
                "value": {
                    "quote": value["quote"],
                    "attribution": value["attribution"],
                    "source_url": value["source_url"],
                }
            }
        elif kind == "image":
            represented = {"value": {"image": image_value(value["image"]), "caption": value["caption"]}}
        elif kind == "call_out":
            text_block = block.block.child_blocks["text"]
            represented = {
                "value": {
                    "title": value["title"],
                    "text": text_block.get_api_representation(value["text"], context),
                    "link": public_page_link(value["link_page"]),
                    "link_text": value["link_text"],
                }
            }
        else:  # A block type added later without an API shape: leave it out rather than guess.
            continue
        blocks.append({"type": kind, "id": block.id, **represented})
    return blocks
