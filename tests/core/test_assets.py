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


def test_a_compressed_static_file_revalidates_with_its_own_etag(client):
    for encoding in ("br", "gzip"):
        with client.get("/static/css/bru.css", headers={"Accept-Encoding": encoding}) as first:
            assert first.headers["Content-Encoding"] == encoding
            etag = first.headers["ETag"]
        assert etag.endswith(f'-{encoding}"')
        headers = {"Accept-Encoding": encoding, "If-None-Match": etag}
        with client.get("/static/css/bru.css", headers=headers) as again:
            assert again.status_code == 304
            assert again.data == b""
        # Another encoding is another representation: sent whole.
        other = "gzip" if encoding == "br" else "br"
        headers = {"Accept-Encoding": other, "If-None-Match": etag}
        with client.get("/static/css/bru.css", headers=headers) as changed:
            assert changed.status_code == 200 and changed.headers["Content-Encoding"] == other


def test_a_static_file_asked_for_with_a_wrong_version_is_not_kept_for_a_year(client):
    # An old node during a deploy, or a mistyped link: the content is not what the hash says.
    with client.get("/static/css/bru.css?v=0123456789") as response:
        assert response.status_code == 200
        cache = response.headers["Cache-Control"]
    assert "immutable" not in cache and "31536000" not in cache
    assert "no-cache" in cache
