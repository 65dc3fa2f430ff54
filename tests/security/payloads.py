"""Stored-XSS payloads: each must end up as inert text wherever it is shown."""

PAYLOADS = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(2)">',
    "<svg/onload=alert(3)>",
    "<svg><script>alert(4)</script></svg>",
    '<a href="javascript:alert(5)">click</a>',
    "[click](javascript:alert(6))",
    "[data](data:text/html;base64,PHNjcmlwdD5hbGVydCg3KTwvc2NyaXB0Pg==)",
    "<ScRiPt>alert(8)</sCrIpT>",
    "&lt;script&gt;alert(9)&lt;/script&gt;",
    '"><script>alert(10)</script>',
    '<div hx-get="/sign-out" hx-trigger="load">x</div>',
    '<div data-hx-post="/sign-out" data-hx-trigger="load">x</div>',
    '<form id="csrf_token" name="csrf_token"><input name="x"></form>',
    '<noscript><p title="</noscript><img src=x onerror=alert(11)>">',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(12)>",
    '<iframe src="javascript:alert(13)"></iframe>',
]
