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
    """The QR code's SVG drawn in black and white: a white square, then one path of strokes of
    width 1 along the middle of each row of modules: `M{x} {y}.5h{w}` starts a row, `m{dx} 0h{w}`
    goes on along it (portail's drawing, export/qr.rs)."""
    width, height = (int(v) for v in re.search(r'viewBox="0 0 (\d+) (\d+)"', svg).groups())
    image = Image.new("L", (width * SCALE, height * SCALE), 255)
    draw = ImageDraw.Draw(image)
    d = re.search(r'<path stroke="#000" d="([^"]*)"', svg).group(1)
    x = y = 0.0
    runs = 0
    for cmd, args in re.findall(r"([Mmh])([-\d. ]+)", d):
        nums = [float(n) for n in args.split()]
        if cmd == "M":
            x, y = nums
        elif cmd == "m":
            x += nums[0]
        else:
            top = int(y - 0.5)
            draw.rectangle([int(x) * SCALE, top * SCALE, int(x + nums[0]) * SCALE - 1, (top + 1) * SCALE - 1], fill=0)
            x += nums[0]
            runs += 1
    assert runs, "aucun module sombre"
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
    blank = '<svg viewBox="0 0 40 40"><path fill="#fff" d="M0 0h40v40H0z"/><path stroke="#000" d="M4 4.5h1"/></svg>'
    f = tmp_path / "vide.svg"
    f.write_text(blank, encoding="utf-8")
    assert decode(f) == []


def test_a_qr_code_weighs_less_than_three_kilobytes(public):  # noqa: F811
    sizes = [p.stat().st_size for p in public.glob("annuaire/*/qr.svg")]
    assert sizes and max(sizes) <= 3000, max(sizes)
