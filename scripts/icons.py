"""Draw Bru's app icons (the PNGs the web app manifest names) from app/static/icons/bru.svg.

Debian's chromium renders the drawing at each size and optipng recompresses it; the PNGs are
committed, so this only runs when the drawing changes: `.venv/bin/python scripts/icons.py`.
"""

import shutil
import subprocess
from pathlib import Path

from playwright.sync_api import sync_playwright

ICONS = Path(__file__).resolve().parent.parent / "app" / "static" / "icons"
SIZES = (192, 512)


def main() -> None:
    drawing = (ICONS / "bru.svg").read_text()
    written = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--headless"])
        for size in SIZES:
            page = browser.new_page(viewport={"width": size, "height": size})
            svg = drawing.replace("<svg ", f'<svg width="{size}" height="{size}" ', 1)
            page.set_content(f'<body style="margin:0">{svg}</body>')
            path = ICONS / f"bru-{size}.png"
            page.screenshot(path=str(path))
            written.append(str(path))
        browser.close()
    if shutil.which("optipng"):
        subprocess.run(["optipng", "-quiet", "-o5", *written], check=True)
    print("\n".join(written))


if __name__ == "__main__":
    main()
