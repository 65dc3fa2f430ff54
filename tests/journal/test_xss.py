"""Stored XSS: whatever a participant or facilitator types renders inert for every reader."""

from html.parser import HTMLParser

import pytest

from app.journal.markdown import render_markdown
from app.journal.models import Audience
from tests.conftest import sign_in_as

PAYLOADS = [
    "<script>alert(1)</script>",
    "<ScRiPt>alert(1)</sCrIpT>",
    '<img src=x onerror="alert(1)">',
    "<IMG SRC=x OnErRoR=alert(1)>",
    '<svg onload="alert(1)"><circle r="1"/></svg>',
    "<svg><script>alert(1)</script></svg>",
    '<a href="javascript:alert(1)">click</a>',
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[click](javascript&#58;alert(1))",
    "[click](&#106;avascript:alert(1))",
    "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[click](vbscript:msgbox(1))",
    "![x](javascript:alert(1))",
    '<iframe src="https://evil.example"></iframe>',
    '<div style="background:url(javascript:alert(1))">x</div>',
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    '<a href="https://ok.example" onclick="alert(1)">x</a>',
    '"><script>alert(1)</script>',
    "<details open ontoggle=alert(1)>",
    '[x](https://ok.example "title" onmouseover=alert(1))',
]

ALLOWED_IN_BODY = {"p", "em", "strong", "ul", "ol", "li", "a", "blockquote", "code", "pre", "br"}
ALLOWED_IN_BODY |= {"h3", "h4"}
NEVER = {"script", "svg", "img", "iframe", "details", "object", "embed", "style", "math", "base"}


class Live(HTMLParser):
    """Collects the live markup of a page: real tags and attributes, not escaped text."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: set[str] = set()
        self.problems: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)
        if tag in NEVER:
            self.problems.append(f"<{tag}>")
        for name, value in attrs:
            if name.startswith("on") or name == "style":
                self.problems.append(f"{tag}[{name}]")
            if name in ("href", "src", "action", "formaction") and value:
                scheme = value.strip().split(":", 1)[0].lower() if ":" in value else ""
                if scheme in ("javascript", "data", "vbscript"):
                    self.problems.append(f"{tag}[{name}={value}]")


def live(html: str) -> Live:
    parser = Live()
    parser.feed(html)
    parser.close()
    return parser


@pytest.mark.parametrize("payload", PAYLOADS)
def test_markdown_renders_each_payload_inert(payload):
    parsed = live(str(render_markdown(payload)))
    assert parsed.problems == []
    assert parsed.tags <= ALLOWED_IN_BODY


def test_links_are_kept_only_for_http_https_and_mailto_with_rel():
    html = str(render_markdown("[a](https://a.example) [b](mailto:b@example.org) [c](/admin)"))
    assert '<a href="https://a.example" rel="noopener nofollow ugc">a</a>' in html
    assert '<a href="mailto:b@example.org" rel="noopener nofollow ugc">b</a>' in html
    assert 'href="/admin"' not in html
    assert "<h3>" in str(render_markdown("# Big heading"))


@pytest.mark.parametrize("payload", PAYLOADS)
def test_title_body_and_comment_render_inert_on_every_page(app, world, create_entry, payload):
    entry = create_entry(
        world.author, title=payload[:200], body=payload, audience=Audience.PARTNERS
    )
    facilitator = app.test_client()
    sign_in_as(facilitator, world.facilitator)
    assert (
        facilitator.post(f"/journal/{entry.id}/comments", data={"body": payload}).status_code == 302
    )
    author = app.test_client()
    sign_in_as(author, world.author)
    pages = [
        author.get(f"/journal/{entry.id}"),
        author.get("/journal"),
        author.get("/journal/print"),
        author.get(f"/journal/{entry.id}/edit"),
        facilitator.get(f"/journal/{entry.id}"),
        facilitator.get(f"/journal/people/{world.author.id}"),
    ]
    for response in pages:
        assert response.status_code == 200
        main = response.get_data(as_text=True).split('<main id="main"', 1)[1]
        main = main.split("</main>", 1)[0]
        # The page's own markup is fine; nothing that came from the payload is live.
        assert live(main).problems == [], response.request.path
