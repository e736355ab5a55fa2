"""Every service page's QR code (annuaire/<id>/qr.svg) decodes, with a real decoder (zxing-cpp),
to the page's absolute address, as the page itself writes it."""

import html
import re

import pytest
import zxingcpp
from PIL import Image, ImageDraw

from test_open_data import public  # noqa: F401  (the fixture: each built site)

SCALE = 3


def raster(svg):
    """The QR code's SVG drawn in black and white: a rectangle, then one path of rectangles
    `M{x} {y}h{w}v{h}H{x}V{y}` (the qrcode crate's output, in its own units)."""
    width, height = (int(v) for v in re.search(r'viewBox="0 0 (\d+) (\d+)"', svg).groups())
    image = Image.new("L", (width * SCALE, height * SCALE), 255)
    draw = ImageDraw.Draw(image)
    d = re.search(r'<path[^>]* d="([^"]*)"', svg).group(1)
    rects = re.findall(r"M(\d+) (\d+)h(\d+)v(\d+)H\d+V\d+", d)
    assert rects, "aucun module sombre"
    for x, y, w, h in (map(int, r) for r in rects):
        draw.rectangle([x * SCALE, y * SCALE, (x + w) * SCALE - 1, (y + h) * SCALE - 1], fill=0)
    return image


def decode(path):
    found = zxingcpp.read_barcodes(raster(path.read_text(encoding="utf-8")))
    return [r.text for r in found]


def test_every_qr_code_leads_to_its_page(public):  # noqa: F811
    codes = sorted(public.glob("annuaire/*/qr.svg"))
    pages = [p for p in public.glob("annuaire/*/index.html") if (p.parent / "qr.svg").exists()]
    assert codes and len(codes) == len(pages), (len(codes), len(pages))
    for qr in codes:
        page = (qr.parent / "index.html").read_text(encoding="utf-8")
        address = html.unescape(re.search(r'class="adresse-page">([^<]+)<', page).group(1))
        assert address.endswith(f"/annuaire/{qr.parent.name}/"), address
        assert decode(qr) == [address], qr


def test_the_decoder_can_fail(tmp_path):
    blank = '<svg viewBox="0 0 40 40"><rect/><path d="M4 4h1v1H4V4"/></svg>'
    f = tmp_path / "vide.svg"
    f.write_text(blank, encoding="utf-8")
    assert decode(f) == []
