"""Generate every icon file from the one SVG source: python packaging/make_icons.py

Writes the PNGs the window and Linux desktops use (resources/icons/hicolor/NxN/apps/, 16 to 512
pixels, shipped in the wheel and the bundles) and the Windows .ico and macOS .icns the
PyInstaller spec gives the bundles (packaging/icons/). The outputs are committed: building the
application never needs this script or its tools (pip install '.[icons]': CairoSVG draws the
SVG, Pillow writes .ico and .icns).
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

import cairosvg
from PIL import Image

ROOT = Path(__file__).resolve().parents[1]
APP_ID = "org.posteditor.PostEditor"
SOURCE = ROOT / "resources" / "icons" / f"{APP_ID}.svg"
HICOLOR = ROOT / "resources" / "icons" / "hicolor"
BUNDLE_ICONS = ROOT / "packaging" / "icons"
PNG_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
ICNS_SIZE = 1024


def render(size: int) -> Image.Image:
    """The SVG drawn at ``size`` pixels square (drawn per size, not scaled from one bitmap)."""
    png = cairosvg.svg2png(url=str(SOURCE), output_width=size, output_height=size)
    return Image.open(io.BytesIO(png)).convert("RGBA")


def main() -> int:
    for size in PNG_SIZES:
        target = HICOLOR / f"{size}x{size}" / "apps" / f"{APP_ID}.png"
        target.parent.mkdir(parents=True, exist_ok=True)
        render(size).save(target, optimize=True)
    BUNDLE_ICONS.mkdir(parents=True, exist_ok=True)
    largest = render(max(ICO_SIZES))
    largest.save(
        BUNDLE_ICONS / "post-editor.ico",
        sizes=[(s, s) for s in ICO_SIZES],
        append_images=[render(s) for s in ICO_SIZES[:-1]],
    )
    render(ICNS_SIZE).save(BUNDLE_ICONS / "post-editor.icns")
    print(f"icons written from {SOURCE.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
