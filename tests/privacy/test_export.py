"""A person downloads everything Bru holds about them from their profile."""

import io
import json
import zipfile

from tests.conftest import sign_in_as


def test_the_profile_links_to_the_download_and_the_erasure_request(client, person):
    sign_in_as(client, person.user)
    page = client.get("/profile").text
    assert "/privacy/export" in page and "/privacy/erasure" in page


def test_the_zip_holds_data_json_and_the_journal_as_markdown(client, person):
    sign_in_as(client, person.user)
    response = client.get("/privacy/export")
    assert response.status_code == 200
    assert response.mimetype == "application/zip"
    assert "attachment" in response.headers["Content-Disposition"]
    assert response.headers["Cache-Control"] == "private, no-store"
    archive = zipfile.ZipFile(io.BytesIO(response.data))
    names = archive.namelist()
    assert "data.json" in names
    data = json.loads(archive.read("data.json"))
    assert data["account"]["name"] == person.user.name
    assert [e["body"] for e in data["journal"]["entries"]] == ["Entry about the rainy season"]
    markdown = [n for n in names if n.startswith("journal/")]
    assert len(markdown) == 1 and markdown[0].endswith(".md")
    assert "Entry about the rainy season" in archive.read(markdown[0]).decode()


def test_each_person_downloads_only_their_own_data(client, person):
    sign_in_as(client, person.other)
    archive = zipfile.ZipFile(io.BytesIO(client.get("/privacy/export").data))
    text = archive.read("data.json").decode()
    assert person.user.email not in text
    assert "Entry about the rainy season" not in text
    assert (
        "Other's words"
        in archive.read(next(n for n in archive.namelist() if n.startswith("journal/"))).decode()
    )


def test_signing_in_is_required(client):
    assert client.get("/privacy/export").status_code == 302
    assert client.get("/privacy/erasure").status_code == 302
