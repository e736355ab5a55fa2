"""Every service page's QR code (annuaire/<id>/qr.png) decodes, with a real decoder (zxing-cpp),
to the page's absolute address, as the page itself writes it."""

import html
import re

from PIL import Image
import zxingcpp

from test_open_data import public  # noqa: F401  (the fixture: each built site)

SCALE = 3


def decode(path):
    """The code as a phone sees it: one pixel per module in the file, scaled up without blur
    (as `image-rendering: pixelated` shows it)."""
    image = Image.open(path)
    assert image.mode == "1", image.mode
    image = image.convert("L")
    image = image.resize((image.width * SCALE, image.height * SCALE), Image.NEAREST)
    return [r.text for r in zxingcpp.read_barcodes(image)]


def test_every_qr_code_leads_to_its_page(public):  # noqa: F811
    codes = sorted(public.glob("annuaire/*/qr.png"))
    pages = [p for p in public.glob("annuaire/*/index.html") if (p.parent / "qr.png").exists()]
    assert codes and len(codes) == len(pages), (len(codes), len(pages))
    for qr in codes:
        page = (qr.parent / "index.html").read_text(encoding="utf-8")
        address = html.unescape(re.search(r'class="adresse-page">([^<]+)<', page).group(1))
        assert address.endswith(f"/annuaire/{qr.parent.name}/"), address
        assert decode(qr) == [address], qr


def test_the_decoder_can_fail(tmp_path):
    blank = Image.new("1", (40, 40), 1)
    blank.putpixel((4, 4), 0)
    f = tmp_path / "vide.png"
    blank.save(f)
    assert decode(f) == []


def test_a_qr_code_weighs_less_than_a_kilobyte(public):  # noqa: F811
    sizes = [p.stat().st_size for p in public.glob("annuaire/*/qr.png")]
    assert sizes and max(sizes) <= 1000, max(sizes)
