"""The blocks an analysis body is made of."""

from wagtail import blocks
from wagtail.images.blocks import ImageBlock

PARAGRAPH_FEATURES = ["bold", "italic", "link", "document-link", "ol", "ul", "superscript"]


class SectionHeadingBlock(blocks.CharBlock):
    """A section heading; every one becomes an entry in the page's table of contents."""

    def __init__(self, **kwargs):
        super().__init__(max_length=200, form_classname="title", **kwargs)

    class Meta:
        icon = "title"
        label = "Section heading"
        template = "countries/blocks/section_heading.html"


class QuotationBlock(blocks.StructBlock):
    quote = blocks.TextBlock(max_length=2000)
    attribution = blocks.CharBlock(required=False, max_length=200)
    source_url = blocks.URLBlock(required=False, label="Source URL")

    class Meta:
        icon = "openquote"
        template = "countries/blocks/quotation.html"


class FigureBlock(blocks.StructBlock):
    image = ImageBlock()
    caption = blocks.CharBlock(required=False, max_length=300)

    class Meta:
        icon = "image"
        label = "Image"
        template = "countries/blocks/figure.html"


class CallOutBlock(blocks.StructBlock):
    """A highlighted box, e.g. how to order an expert report."""

    title = blocks.CharBlock(max_length=200)
    text = blocks.RichTextBlock(features=PARAGRAPH_FEATURES)
    link_page = blocks.PageChooserBlock(required=False)
    link_text = blocks.CharBlock(required=False, max_length=100)

    class Meta:
        icon = "warning"
        label = "Call-out"
        template = "countries/blocks/call_out.html"


class AnalysisBodyBlock(blocks.StreamBlock):
    heading = SectionHeadingBlock()
    paragraph = blocks.RichTextBlock(features=PARAGRAPH_FEATURES, template="countries/blocks/paragraph.html")
    quotation = QuotationBlock()
    image = FigureBlock()
    call_out = CallOutBlock()
