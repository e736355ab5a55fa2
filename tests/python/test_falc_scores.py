"""portail's readability scores against Python textstat (set_lang("fr")), on 21 paragraphs that go
from easy-to-read French to administrative French (tests/python/donnees/paragraphes.txt).

Kandel–Moles and LIX must agree within ±5 points. Where they differ, the reasons are known:
textstat counts French syllables from pyphen's hyphenation points, portail from groups of vowels
(minus the silent final e); textstat splits sentences on . ! ? only and drops sentences of two
words or fewer, as portail does.
"""

import json
import os
import pathlib
import subprocess
import tempfile

import textstat

ROOT = pathlib.Path(__file__).resolve().parents[2]
BIN = os.environ.get("PORTAIL_BIN", str(ROOT / "target" / "debug" / "portail"))
PARAGRAPHS = (ROOT / "tests" / "python" / "donnees" / "paragraphes.txt").read_text(encoding="utf-8").strip().split("\n\n")


def portail_scores(texts):
    with tempfile.TemporaryDirectory() as d:
        files = []
        for i, t in enumerate(texts):
            f = pathlib.Path(d) / f"p{i:02}.md"
            # One sentence per line in the easy-to-read paragraphs: Markdown joins them with a
            # line break, which portail keeps as a sentence boundary only after a point.
            f.write_text(t + "\n", encoding="utf-8")
            files.append(str(f))
        out = subprocess.run([BIN, "falc", "--json", *files], capture_output=True, text=True, check=True)
        return [f["scores"] for f in json.loads(out.stdout)["files"]]


def test_there_are_enough_paragraphs_from_easy_to_administrative():
    assert len(PARAGRAPHS) >= 20
    textstat.set_lang("fr")
    scores = [textstat.flesch_reading_ease(p) for p in PARAGRAPHS]
    assert max(scores) - min(scores) > 60, "du plus facile au plus administratif"


def kandel_moles(words, sentences, syllables):
    return 207 - 1.015 * words / sentences - 73.6 * syllables / words


def test_scores_agree_with_textstat_or_differ_only_by_syllables():
    textstat.set_lang("fr")
    ours = portail_scores(PARAGRAPHS)
    close = 0
    lines = []
    for p, s in zip(PARAGRAPHS, ours):
        words, sentences = textstat.lexicon_count(p), textstat.sentence_count(p)
        fre, lix = textstat.flesch_reading_ease(p), textstat.lix(p)
        lines.append(f"KM {s['kandel_moles']:6.1f} / {fre:6.1f}  LIX {s['lix']:5.1f} / {lix:5.1f}  "
                     f"syllabes {s['syllabes']} / {textstat.syllable_count(p)}  {p[:40]!r}")
        # Same words, same sentences, same long words: LIX agrees.
        assert (s["mots"], s["phrases"]) == (words, sentences), lines[-1]
        assert abs(s["lix"] - lix) <= 5, lines[-1]
        if abs(s["kandel_moles"] - fre) <= 5:
            close += 1
            continue
        # Otherwise the gap is the syllable count alone: textstat adds one to pyphen's
        # hyphenation points, and TeX's French patterns leave many words whole (« avec », « contrat »,
        # « conseiller » count 1), so textstat finds fewer syllables and a higher score.
        assert s["syllabes"] > textstat.syllable_count(p), lines[-1]
        assert abs(s["kandel_moles"] - kandel_moles(words, sentences, s["syllabes"])) < 0.5, lines[-1]
    print("\n".join(lines))
    assert close >= 8, f"{close} paragraphes à 5 points près seulement"
