"""Checks a printed annual report (A4 PDF from Chromium) against the blocks the browser test
listed: the title page stands alone, and no block is cut by a page break (its first and last
words are on the same page). Run by tests/browser/run.mjs:

    python pdf_pages.py rapport.pdf rapport.pdf.json
"""

import json
import re
import sys
import unicodedata

from pypdf import PdfReader


def norm(text):
    """Without any white space (text extraction joins and splits words its own way), and with
    ligatures as letters (the PDF writes « fi » as one glyph)."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def pages_of(pdf):
    return [norm(p.extract_text() or "") for p in PdfReader(pdf).pages]


def find(pages, words, start=0):
    """Index of the first page from `start` holding `words` (as a phrase), else None."""
    for i in range(start, len(pages)):
        if words in pages[i]:
            return i
    return None


def check(pdf, blocks, pages=None):
    pages = [norm(p) for p in pages] if pages is not None else pages_of(pdf)
    problems = []
    if not pages or norm(blocks["title"]) not in pages[0]:
        problems.append("la première page n'a pas le titre du rapport")
    elif find(pages, norm(blocks["after"])) == 0:
        problems.append("la page de titre n'est pas seule : le texte qui suit est sur la même page")
    cursor = 0
    missing = []
    for b in blocks["out"]:
        first = find(pages, norm(b["first"]), cursor)
        if first is None:
            # Words the extractor joined or split differently: counted, and too many fail.
            missing.append(b["first"])
            continue
        last = find(pages, norm(b["last"]), first)
        if last is not None and last != first:
            problems.append(f"{b['what']} « {b['first']} … {b['last']} » coupé entre les pages {first + 1} et {last + 1}")
        cursor = first
    if len(missing) > len(blocks["out"]) // 5:
        problems.append(f"{len(missing)} blocs sur {len(blocks['out'])} introuvables dans le PDF : {missing[:5]}")
    return problems


def main():
    pdf, listing = sys.argv[1], sys.argv[2]
    with open(listing, encoding="utf-8") as f:
        blocks = json.load(f)
    problems = check(pdf, blocks)
    for p in problems:
        print(p)
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
