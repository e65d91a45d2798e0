"""Typed shapes of the project's own API fields.

Wagtail's v3 read-schema generator types plain properties and StreamFields as
``Any``. Every structured field a page type exposes is described here instead, so
the OpenAPI document says exactly what a front end receives.
"""

import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field


class Schema(BaseModel):
    model_config = ConfigDict(from_attributes=True)


class RegionRef(Schema):
    id: int
    title: str
    slug: str


class CountryRef(Schema):
    id: int
    title: str
    slug: str
    iso_code: str


class CountrySummary(CountryRef):
    summary: str
    url: str | None


class RegionDirectoryEntry(RegionRef):
    url: str | None
    countries: list[CountryRef]


class AnalysisSummary(Schema):
    id: int
    title: str
    slug: str
    url: str | None
    standfirst: str
    current_as_of: datetime.date
    next_review_due: datetime.date | None
    first_published_at: datetime.datetime | None


class TableOfContentsEntry(Schema):
    anchor: str
    title: str


class Author(Schema):
    name: str
    role: str
    bio: str


class Rendition(Schema):
    url: str
    width: int
    height: int


class ImageRenditions(Schema):
    small: Rendition = Field(description="At most 400 pixels wide.")
    medium: Rendition = Field(description="At most 800 pixels wide.")
    large: Rendition = Field(description="At most 1600 pixels wide.")


class ImageValue(Schema):
    id: int
    title: str
    alt: str = Field(description="Alternative text; empty when the image is decorative.")
    decorative: bool
    width: int
    height: int
    renditions: ImageRenditions


class PageLink(Schema):
    id: int
    title: str
    url: str | None


# Body blocks: one schema per block type, discriminated by ``type``.


class _Block(Schema):
    id: str | None


class HeadingBlock(_Block):
    type: Literal["heading"]
    value: str
    anchor: str = Field(description="The fragment the table of contents links to.")


class ParagraphBlock(_Block):
    type: Literal["paragraph"]
    value: str = Field(description="Rich text, as HTML unless `rich_text_format` asks otherwise.")


class QuotationValue(Schema):
    quote: str
    attribution: str
    source_url: str


class QuotationBlock(_Block):
    type: Literal["quotation"]
    value: QuotationValue


class FigureValue(Schema):
    image: ImageValue | None
    caption: str


class FigureBlock(_Block):
    type: Literal["image"]
    value: FigureValue


class CallOutValue(Schema):
    title: str
    text: str = Field(description="Rich text, as HTML unless `rich_text_format` asks otherwise.")
    link: PageLink | None = Field(description="The linked page, when it is live and public.")
    link_text: str


class CallOutBlock(_Block):
    type: Literal["call_out"]
    value: CallOutValue


AnalysisBodyItem = Annotated[
    HeadingBlock | ParagraphBlock | QuotationBlock | FigureBlock | CallOutBlock,
    Field(discriminator="type"),
]


class SocialLink(Schema):
    network: str
    label: str
    url: str


class ContactChannelsSchema(Schema):
    email: str
    phone: str
    phone_url: str = Field(description="A `tel:` link, or empty.")
    whatsapp: str
    whatsapp_url: str = Field(description="A wa.me link, or empty.")
    website: str
    response_promise: str
    social_links: list[SocialLink]
