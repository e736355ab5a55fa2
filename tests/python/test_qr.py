"""Every service page's QR code (a `data:` PNG in the page itself) decodes, with a real decoder
(zxing-cpp), to the page's absolute address, as the page itself writes it."""

import base64
import html
import io
import re

from PIL import Image
import zxingcpp

from test_open_data import public  # noqa: F401  (the fixture: each built site)

SCALE = 3
CODE = re.compile(r'<aside class="qr-service"[^>]*>.*?<img src="data:image/png;base64,([A-Za-z0-9+/=]+)"', re.S)


def decode(png):
    """The code as a phone sees it: one pixel per module in the file, scaled up without blur
    (as `image-rendering: pixelated` shows it)."""
    image = Image.open(io.BytesIO(png))
    assert image.mode == "1", image.mode
    image = image.convert("L")
    image = image.resize((image.width * SCALE, image.height * SCALE), Image.NEAREST)
    return [r.text for r in zxingcpp.read_barcodes(image)]


def codes(public):  # noqa: F811
    """Each service page and the bytes of its code."""
    out = {}
    for page in sorted(public.glob("annuaire/*/index.html")):
        text = page.read_text(encoding="utf-8")
        if 'class="qr-service"' in text:
            m = CODE.search(text)
            assert m, page
            out[page] = (text, base64.b64decode(m.group(1), validate=True))
    return out


def test_every_qr_code_leads_to_its_page(public):  # noqa: F811
    found = codes(public)
    assert found
    assert not list(public.glob("annuaire/*/qr.png")), "plus de fichier à côté de la page"
    for page, (text, png) in found.items():
        address = html.unescape(re.search(r'class="adresse-page">([^<]+)<', text).group(1))
        assert address.endswith(f"/annuaire/{page.parent.name}/"), address
        assert decode(png) == [address], page


def test_the_decoder_can_fail():
    blank = Image.new("1", (40, 40), 1)
    blank.putpixel((4, 4), 0)
    f = io.BytesIO()
    blank.save(f, format="PNG")
    assert decode(f.getvalue()) == []


def test_a_qr_code_weighs_less_than_a_kilobyte(public):  # noqa: F811
    sizes = [len(png) for _, png in codes(public).values()]
    assert sizes and max(sizes) <= 1000, max(sizes)
