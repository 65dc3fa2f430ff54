"""What offline.js tells the server: the id it gave a write it queued offline (so that sending
it twice stores it once), and that a page is fetched to be kept, not read."""

import re

from flask import request

#: Set by static/js/offline.js on every queued write it sends.
WRITE_ID_HEADER = "X-Bru-Write-Id"
_WRITE_ID = re.compile(r"[A-Za-z0-9-]{8,40}")


def client_write_id() -> str | None:
    """The request's client-made write id, or None (an online form, or a malformed id)."""
    value = request.headers.get(WRITE_ID_HEADER, "")
    return value if _WRITE_ID.fullmatch(value) else None


#: Sent by offline.js when it fetches a page to keep it.
PURPOSE_HEADER = "X-Bru-Purpose"


def is_keep_request() -> bool:
    return request.headers.get(PURPOSE_HEADER) == "keep"
