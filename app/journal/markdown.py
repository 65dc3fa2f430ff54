"""Participants' Markdown, rendered to HTML that cannot run anything.

Two layers: markdown-it with raw HTML disabled (typed tags come out as text), then nh3 with
a short allow-list, so whatever markdown-it lets through is cleaned again.
"""

from urllib.parse import urlsplit

import nh3
from markdown_it import MarkdownIt
from markupsafe import Markup

ALLOWED_TAGS = {
    "p", "em", "strong", "ul", "ol", "li", "a", "blockquote", "code", "pre", "br", "h3", "h4",
}  # fmt: skip
ALLOWED_SCHEMES = {"http", "https", "mailto"}
LINK_REL = "noopener nofollow ugc"

_markdown = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})


def _heading_levels(state) -> None:
    """Headings fit under the page's own: # and ## become h3, deeper ones h4."""
    for token in state.tokens:
        if token.type in ("heading_open", "heading_close"):
            token.tag = "h3" if token.tag in ("h1", "h2", "h3") else "h4"


_markdown.core.ruler.push("bru_heading_levels", _heading_levels)


def _only_absolute_links(tag: str, attribute: str, value: str) -> str | None:
    """Keep an href only with an allowed scheme: no relative, javascript: or data: links."""
    if tag == "a" and attribute == "href":
        scheme = urlsplit(value.strip()).scheme.lower()
        return value if scheme in ALLOWED_SCHEMES else None
    return value


def render_markdown(text: str) -> Markup:
    html = _markdown.render(text or "")
    cleaned = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        clean_content_tags={"script", "style"},
        attributes={"a": {"href"}},
        attribute_filter=_only_absolute_links,
        url_schemes=ALLOWED_SCHEMES,
        link_rel=LINK_REL,
        strip_comments=True,
    )
    return Markup(cleaned)
