//! Tokenisation for the easy-to-read lint: blocks, sentences and words, with their place in the
//! source file.
//!
//! - A *block* is a paragraph, a heading, a list item, a table cell, or a `resume` field.
//! - A block splits into *sentences* after `.`, `!`, `?` or `…` (closing quotes and brackets
//!   included) followed by a space and a capital letter, a digit or an opening quote, or by the
//!   end of the block. Not after an abbreviation (`M.`, `Mme.`, `Dr.`, `cf.`, `p.`…) or a single
//!   capital (`J. Martin`); `1,5` and `9 h 30` have no sentence end.
//! - A *word* is a run of letters and digits; an apostrophe, a hyphen, or a comma or point between
//!   digits joins two runs: `l'accès`, `peut-être` and `1,5` are one word each, `9 h 30` three.

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BlockKind {
    Paragraph,
    Heading,
    Item,
    Cell,
    Field,
}

/// Text of a block, and where each piece of it starts in the source.
#[derive(Debug, Clone)]
pub struct Block {
    pub kind: BlockKind,
    pub text: String,
    /// (offset in `text`, offset in the source), sorted.
    map: Vec<(usize, usize)>,
}

impl Block {
    pub fn field(text: &str) -> Block {
        Block { kind: BlockKind::Field, text: text.to_string(), map: vec![(0, 0)] }
    }

    /// Offset in the source of a byte of `text`.
    pub fn source(&self, at: usize) -> usize {
        let i = self.map.partition_point(|(t, _)| *t <= at).saturating_sub(1);
        self.map.get(i).map_or(at, |(t, s)| s + at.saturating_sub(*t))
    }

    fn push(&mut self, text: &str, source: usize) {
        self.map.push((self.text.len(), source));
        self.text.push_str(text);
    }
}

/// Formatting the rules look at, by source offset.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mark {
    Italic,
    /// Raw HTML (`<u>`, `<em>`…).
    Html(String),
    /// A link and its text.
    Link(String),
    Image,
}

/// A Markdown text cut into blocks, with its formatting marks.
#[derive(Debug, Default)]
pub struct Markdown {
    pub blocks: Vec<Block>,
    pub marks: Vec<(usize, Mark)>,
}

pub fn markdown(md: &str) -> Markdown {
    let mut out = Markdown::default();
    let mut current: Option<Block> = None;
    let mut link: Option<(usize, String)> = None;
    let flush = |current: &mut Option<Block>, out: &mut Markdown| {
        if let Some(b) = current.take()
            && !b.text.trim().is_empty()
        {
            out.blocks.push(b);
        }
    };
    let opts = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
    for (event, range) in Parser::new_ext(md, opts).into_offset_iter() {
        match event {
            Event::Start(tag) => {
                let kind = match tag {
                    Tag::Paragraph => Some(BlockKind::Paragraph),
                    Tag::Heading { .. } => Some(BlockKind::Heading),
                    Tag::Item => Some(BlockKind::Item),
                    Tag::TableCell => Some(BlockKind::Cell),
                    Tag::Emphasis => {
                        out.marks.push((range.start, Mark::Italic));
                        None
                    }
                    Tag::Link { .. } => {
                        link = Some((range.start, String::new()));
                        None
                    }
                    Tag::Image { .. } => {
                        out.marks.push((range.start, Mark::Image));
                        None
                    }
                    _ => None,
                };
                if let Some(kind) = kind {
                    // A loose list item holds paragraphs: keep them in the item's block.
                    let inside_item = kind == BlockKind::Paragraph
                        && current.as_ref().is_some_and(|b| b.kind == BlockKind::Item && b.text.is_empty());
                    if !inside_item {
                        flush(&mut current, &mut out);
                        current = Some(Block { kind, text: String::new(), map: Vec::new() });
                    }
                }
            }
            Event::End(TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::Item | TagEnd::TableCell) => {
                flush(&mut current, &mut out);
            }
            Event::End(TagEnd::Link) => {
                if let Some((at, text)) = link.take() {
                    out.marks.push((at, Mark::Link(text)));
                }
            }
            Event::Text(t) | Event::Code(t) => {
                let start = if md.get(range.clone()) == Some(&*t) { range.start } else { range.start.min(md.len()) };
                if let Some((_, text)) = link.as_mut() {
                    text.push_str(&t);
                }
                match current.as_mut() {
                    Some(b) => b.push(&t, start),
                    None => {
                        let mut b = Block { kind: BlockKind::Paragraph, text: String::new(), map: Vec::new() };
                        b.push(&t, start);
                        current = Some(b);
                    }
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                if let Some(b) = current.as_mut() {
                    b.push("\n", range.start);
                }
            }
            Event::Html(h) | Event::InlineHtml(h) => out.marks.push((range.start, Mark::Html(h.to_string()))),
            _ => {}
        }
    }
    flush(&mut current, &mut out);
    out
}

/// A sentence: byte range in its block's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

const ABBREVIATIONS: &[&str] = &[
    "m", "mm", "mme", "mmes", "mlle", "dr", "pr", "st", "ste", "cf", "ex", "p", "pp", "env", "tél", "tel", "av", "bd",
    "n°", "no", "vol", "chap", "art", "janv", "févr", "sept", "oct", "nov", "déc",
];

/// Sentences of a block.
pub fn sentences(text: &str) -> Vec<Span> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut out = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i < chars.len() {
        let (at, c) = chars[i];
        if !matches!(c, '.' | '!' | '?' | '…') {
            i += 1;
            continue;
        }
        let mut j = i + 1;
        while j < chars.len() && matches!(chars[j].1, '.' | '!' | '?' | '…' | '»' | '"' | '\'' | ')' | '’' | '”')
        {
            j += 1;
        }
        // French spacing before a closing quote: « Bonjour. »
        let mut k = j;
        while k < chars.len() && matches!(chars[k].1, ' ' | '\u{a0}' | '\u{202f}') {
            k += 1;
        }
        if k > j && k < chars.len() && matches!(chars[k].1, '»' | '”') {
            j = k + 1;
        }
        let end = chars.get(j).map_or(text.len(), |(p, _)| *p);
        let ends_block = text[end..].trim().is_empty();
        let next = chars[j..].iter().find(|(_, ch)| !ch.is_whitespace()).map(|(_, ch)| *ch);
        let spaced = chars.get(j).is_some_and(|(_, ch)| ch.is_whitespace());
        let opens =
            next.is_some_and(|n| n.is_uppercase() || n.is_ascii_digit() || matches!(n, '«' | '"' | '“' | '-' | '–'));
        if (ends_block || (spaced && opens)) && !(c == '.' && abbreviation(&text[start..at])) {
            out.push(Span { start: skip_space(text, start), end });
            start = end;
        }
        i = j;
    }
    if !text[start..].trim().is_empty() {
        out.push(Span { start: skip_space(text, start), end: text.trim_end().len().max(start) });
    }
    out
}

fn skip_space(text: &str, from: usize) -> usize {
    from + (text[from..].len() - text[from..].trim_start().len())
}

/// Whether the text before a point ends with an abbreviation or an initial.
fn abbreviation(before: &str) -> bool {
    let last = before.rsplit(|c: char| c.is_whitespace() || c == '(').next().unwrap_or("");
    let lower = last.to_lowercase();
    ABBREVIATIONS.contains(&lower.as_str()) || (last.chars().count() == 1 && last.chars().all(char::is_uppercase))
}

/// Words of a piece of text: (byte offset, word).
pub fn words(text: &str) -> Vec<(usize, &str)> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if !chars[i].1.is_alphanumeric() {
            i += 1;
            continue;
        }
        let start = i;
        let mut j = i;
        loop {
            while j < chars.len() && chars[j].1.is_alphanumeric() {
                j += 1;
            }
            let joins = j + 1 < chars.len() && chars[j + 1].1.is_alphanumeric() && {
                let c = chars[j].1;
                matches!(c, '\'' | '’' | '-')
                    || (matches!(c, ',' | '.') && chars[j - 1].1.is_ascii_digit() && chars[j + 1].1.is_ascii_digit())
            };
            if joins {
                j += 1;
            } else {
                break;
            }
        }
        let s = chars[start].0;
        let e = chars.get(j).map_or(text.len(), |(p, _)| *p);
        out.push((s, &text[s..e]));
        i = j;
    }
    out
}

/// Line and column (from 1, in characters) of a byte offset of `source`.
pub fn line_col(source: &str, at: usize) -> (usize, usize) {
    let mut at = at.min(source.len());
    while !source.is_char_boundary(at) {
        at -= 1;
    }
    let before = &source[..at];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, col)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(text: &str) -> Vec<&str> {
        sentences(text).into_iter().map(|s| &text[s.start..s.end]).collect()
    }

    #[test]
    fn sentences_end_at_a_point_before_a_capital() {
        assert_eq!(
            split("Venez lundi. Le centre est ouvert ! Vous avez une question ?"),
            ["Venez lundi.", "Le centre est ouvert !", "Vous avez une question ?"]
        );
        assert_eq!(
            split("Elle a dit « Bonjour. » Puis elle est partie."),
            ["Elle a dit « Bonjour. »", "Puis elle est partie."]
        );
    }

    #[test]
    fn abbreviations_decimals_and_times_do_not_end_sentences() {
        assert_eq!(split("M. Martin et le Dr. Roux vous reçoivent."), ["M. Martin et le Dr. Roux vous reçoivent."]);
        assert_eq!(
            split("La dose est de 1,5 mg à 9 h 30. Puis à 12 h."),
            ["La dose est de 1,5 mg à 9 h 30.", "Puis à 12 h."]
        );
        assert_eq!(split("Voir p. 12 du guide."), ["Voir p. 12 du guide."]);
        assert_eq!(split("J. Dupont anime."), ["J. Dupont anime."]);
        assert_eq!(split("Une phrase sans point"), ["Une phrase sans point"]);
        assert_eq!(split("version 2.0 du site. Ensuite"), ["version 2.0 du site.", "Ensuite"]);
    }

    #[test]
    fn words_keep_elisions_hyphens_and_decimals_together() {
        let w: Vec<&str> =
            words("L'accès aux soins, peut-être à 9 h 30 : 1,5 € — aujourd’hui.").into_iter().map(|x| x.1).collect();
        assert_eq!(w, ["L'accès", "aux", "soins", "peut-être", "à", "9", "h", "30", "1,5", "aujourd’hui"]);
    }

    #[test]
    fn markdown_blocks_map_back_to_the_source() {
        let md = "# Titre\n\nUne *phrase* ici.\nUne autre.\n\n- un point\n- [cliquez ici](x)\n";
        let m = markdown(md);
        let texts: Vec<&str> = m.blocks.iter().map(|b| b.text.as_str()).collect();
        assert_eq!(texts, ["Titre", "Une phrase ici.\nUne autre.", "un point", "cliquez ici"]);
        let b = &m.blocks[1];
        let at = b.text.find("autre").unwrap();
        assert_eq!(line_col(md, b.source(at)), (4, 5));
        assert!(m.marks.iter().any(|(at, k)| *k == Mark::Italic && line_col(md, *at) == (3, 5)));
        assert!(m.marks.iter().any(|(_, k)| *k == Mark::Link("cliquez ici".into())));
    }
}
