"""The page-break checker of the printed report can fail (pdf_pages.py)."""

import pdf_pages

BLOCKS = {
    "title": "Rapport activité 2025",
    "after": "année 2025 bref",
    "out": [
        {"first": "Bilan premier", "last": "fin premier", "what": "article"},
        {"first": "Ligne deux", "last": "fin deux", "what": "tr"},
    ],
}


def test_a_clean_print_passes():
    pages = ["Rapport activité 2025", "année 2025 bref Bilan premier texte fin premier", "Ligne deux x fin deux"]
    assert pdf_pages.check(None, BLOCKS, pages) == []


def test_a_cut_block_and_a_shared_title_page_are_found():
    pages = ["Rapport activité 2025 année 2025 bref Bilan premier texte", "fin premier Ligne deux fin deux"]
    found = pdf_pages.check(None, BLOCKS, pages)
    assert any("coupé entre les pages 1 et 2" in p for p in found), found
    assert any("page de titre n'est pas seule" in p for p in found), found


def test_blocks_missing_from_the_pdf_are_a_finding():
    pages = ["Rapport activité 2025", "rien d'autre"]
    assert any("introuvables" in p for p in pdf_pages.check(None, BLOCKS, pages))
