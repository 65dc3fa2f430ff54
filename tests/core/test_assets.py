"""Static files are versioned by content and cached for long; pages are compressed."""

import re


def test_static_urls_carry_a_content_hash_and_are_cached_for_a_year(client):
    page = client.get("/sign-in").text
    css = re.search(r'href="(/static/css/bru.css\?v=[0-9a-f]{10})"', page).group(1)
    with client.get(css) as response:
        assert response.status_code == 200
        cache = response.headers["Cache-Control"]
    assert "max-age=31536000" in cache and "immutable" in cache and "public" in cache
    assert re.search(r'src="/static/vendor/htmx-2.0.11.min.js\?v=[0-9a-f]{10}"', page)


def test_pages_and_static_text_are_compressed_for_browsers_that_accept_it(client):
    page = client.get("/sign-in", headers={"Accept-Encoding": "br, gzip"})
    assert page.headers["Content-Encoding"] == "br"
    with client.get(
        "/static/vendor/htmx-2.0.11.min.js", headers={"Accept-Encoding": "gzip"}
    ) as htmx:
        assert htmx.headers["Content-Encoding"] == "gzip"
        assert int(htmx.headers["Content-Length"]) < 20_000  # 52 KB minified, ~16 KB gzipped
    plain = client.get("/sign-in")
    assert "Content-Encoding" not in plain.headers


def test_cached_static_files_are_not_asked_for_again_nor_tied_to_the_session(client):
    # send_file's "no-cache" would make browsers revalidate every year-long copy, and
    # "Vary: Cookie" would drop them whenever the session cookie changes.
    page = client.get("/sign-in")  # a session cookie travels with every later request
    assert "Cookie" in page.headers["Vary"]  # pages do depend on who asks
    css = re.search(r'href="(/static/css/bru.css\?v=[0-9a-f]{10})"', page.text).group(1)
    with client.get(css, headers={"Accept-Encoding": "br"}) as response:
        assert "no-cache" not in response.headers["Cache-Control"]
        assert "Cookie" not in response.headers.get("Vary", "")
        assert "Set-Cookie" not in response.headers
