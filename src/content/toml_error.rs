//! TOML syntax errors said in French, at the line where the mistake is.
//!
//! `toml` reports where parsing stopped, in English. A coordinator needs the cause: the line
//! that opened a bracket never closed (TOML 1.1 lets an inline table run on, so the parser stops
//! lines later), or the key written twice, by name.

/// A syntax error explained: where to look, what is wrong, how to fix it.
#[derive(Debug, PartialEq)]
pub struct Explained {
    pub offset: usize,
    pub message: String,
    pub suggestion: String,
    /// The key concerned, when the parser stopped on one.
    pub field: Option<String>,
}

const GENERIC: &str =
    "vérifiez les guillemets autour du texte, les crochets des listes et le signe = entre clé et valeur";

/// Explains `message`, reported by `toml` at `offset` of `text`; `line` gives the line number
/// shown for an offset.
pub fn explain(text: &str, offset: usize, message: &str, line: &dyn Fn(usize) -> usize) -> Explained {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let message = message.trim();
    if message.starts_with("duplicate key") {
        return duplicate(text, offset, line);
    }
    // The line the parser stopped on: does it start a new entry, as if the bracket were closed?
    let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    if let Some((open, ch)) = unclosed_before(text, offset)
        && line_of(text, open) < line_of(text, offset)
        && (ch == '{' || starts_a_new_entry(&text[line_start..]))
    {
        let (what, close) = if ch == '{' {
            ("l'accolade « { » ouverte ici n'est jamais fermée", "fermez-la par « } »")
        } else {
            ("le crochet « [ » ouvert ici n'est jamais fermé", "fermez-le par « ] »")
        };
        return Explained { offset: open, message: what.into(), suggestion: close.into(), field: None };
    }
    // The value as written where the parser stopped, quoted (shortened when long).
    let rest = text[offset..].lines().next().unwrap_or("");
    let token = rest.split(['#', ',', ']', '}']).next().unwrap_or("").trim();
    let message = match token.is_empty() {
        true => french(message),
        false => format!("{} : « {} »", french(message), crate::text::shorten(token, 40)),
    };
    Explained { offset, message, suggestion: GENERIC.into(), field: None }
}

fn line_of(text: &str, offset: usize) -> usize {
    text[..offset].matches('\n').count()
}

/// The next line holds `cle = …` or a `[table]`: the bracket before it was left open.
fn starts_a_new_entry(rest: &str) -> bool {
    let line = rest.trim_start_matches([' ', '\t', '\r', '\n', ',']);
    let line = line.lines().next().unwrap_or("");
    line.starts_with('[') && line.trim_end().ends_with(']')
        || line.split_once('=').is_some_and(|(k, _)| {
            let k = k.trim();
            !k.is_empty() && k.chars().all(|c| c.is_alphanumeric() || "_-.\"' ".contains(c))
        })
}

/// The innermost `{` or `[` still open at `end`, skipping strings and comments.
fn unclosed_before(text: &str, end: usize) -> Option<(usize, char)> {
    let mut stack: Vec<(usize, char)> = Vec::new();
    // Bytes, not chars: every delimiter is ASCII, and an escape may skip into a multi-byte
    // character (found by fuzzing).
    let b = text.as_bytes();
    let end = end.min(b.len());
    let mut i = 0;
    while i < end {
        match b[i] {
            b'#' => i = b[i..].iter().position(|&c| c == b'\n').map_or(b.len(), |n| i + n),
            q @ (b'"' | b'\'') => {
                let close: &[u8] = if q == b'"' { b"\"\"\"" } else { b"'''" };
                let triple = b[i..].starts_with(close);
                let open = if triple { 3 } else { 1 };
                let mut j = i + open;
                while j < b.len() {
                    if q == b'"' && b[j] == b'\\' {
                        j += 2;
                        continue;
                    }
                    if triple && b[j..].starts_with(close) || !triple && b[j] == q {
                        j += open;
                        break;
                    }
                    // A one-line string ends at the line's end, closed or not.
                    if !triple && b[j] == b'\n' {
                        break;
                    }
                    j += 1;
                }
                i = j;
                continue;
            }
            b'{' => stack.push((i, '{')),
            b'[' => stack.push((i, '[')),
            b'}' | b']' => {
                stack.pop();
            }
            _ => {}
        }
        i += 1;
    }
    stack.pop()
}

/// `titre` written twice: name it, and the line it was first written on.
fn duplicate(text: &str, offset: usize, line: &dyn Fn(usize) -> usize) -> Explained {
    let rest = &text[offset..];
    let key: String = rest
        .trim_start_matches(['[', ' ', '\t'])
        .chars()
        .take_while(|c| !matches!(c, '=' | ']' | '\n' | '\r') && !c.is_whitespace())
        .collect();
    let key = key.trim_matches(['"', '\'']).to_string();
    let before = &text[..offset];
    let mut start = 0;
    let first = before.split_inclusive('\n').find_map(|l| {
        let here = start;
        start += l.len();
        let l = l.trim_start().trim_start_matches('[').trim_start();
        l.strip_prefix(key.as_str())
            .is_some_and(|r| {
                let r = r.trim_start();
                r.starts_with('=') || r.starts_with(']')
            })
            .then_some(here)
    });
    let message = match (&key[..], first) {
        ("", _) => "une clé est écrite deux fois".to_string(),
        (k, Some(first)) => format!("la clé « {k} » est écrite deux fois (déjà ligne {})", line(first)),
        (k, None) => format!("la clé « {k} » est écrite deux fois"),
    };
    let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let header = text[line_start..].trim_start().starts_with('[');
    Explained {
        offset,
        message,
        suggestion: if header {
            format!("gardez un seul bloc [{key}] et rassemblez-y ses champs")
        } else {
            format!("gardez une seule ligne « {key} = … » et supprimez l'autre")
        },
        field: (!key.is_empty()).then_some(key),
    }
}

/// The parser's English messages, in French; an unknown one is kept, quoted.
fn french(message: &str) -> String {
    let known: &[(&str, &str)] = &[
        ("missing comma between key-value pairs", "il manque une virgule entre deux valeurs de l'accolade"),
        ("missing comma between array elements", "il manque une virgule entre deux éléments de la liste"),
        ("missing assignment between key-value pairs", "il manque le signe = entre la clé et sa valeur"),
        ("missing value for key", "la clé n'a pas de valeur après le signe ="),
        ("missing value", "une valeur manque"),
        ("extra comma in array", "virgule en trop dans la liste"),
        ("extra comma in inline table", "virgule en trop dans l'accolade"),
        ("extra assignment between key-value pairs", "signe = en trop"),
        ("extra `=`", "signe = en trop"),
        ("unclosed inline table", "l'accolade « { » n'est pas fermée"),
        ("unclosed array table", "le titre de bloc [[…]] n'est pas fermé"),
        ("unclosed array", "le crochet « [ » n'est pas fermé"),
        ("unclosed table", "le titre de bloc […] n'est pas fermé"),
        ("invalid basic string", "texte mal fermé : il manque un guillemet \" à la fin de la ligne"),
        ("invalid literal string", "texte mal fermé : il manque une apostrophe ' à la fin de la ligne"),
        ("invalid multi-line basic string", "texte sur plusieurs lignes mal fermé : il manque \"\"\""),
        ("invalid multi-line literal string", "texte sur plusieurs lignes mal fermé : il manque '''"),
        ("invalid string", "texte mal écrit"),
        ("missing opening quote", "il manque le guillemet d'ouverture du texte"),
        ("invalid unquoted key", "nom de clé invalide : lettres, chiffres, - et _ seulement"),
        ("invalid key", "nom de clé invalide"),
        ("unexpected leading zero", "un nombre ne commence pas par 0 (mettez-le entre guillemets si c'est un code)"),
        ("invalid date-time", "date invalide (format AAAA-MM-JJ)"),
        ("invalid date", "date impossible : ce jour n'existe pas dans le calendrier (format AAAA-MM-JJ)"),
        ("invalid time", "heure impossible (format HH:MM)"),
        ("invalid boolean", "valeur invalide : écrivez true ou false"),
        ("invalid float", "nombre à virgule invalide (écrivez 1.5, avec un point)"),
        ("invalid integer number", "nombre entier invalide"),
        ("invalid value", "valeur invalide : du texte s'écrit entre guillemets"),
        ("invalid key-value pair", "ligne invalide : écrivez cle = valeur"),
        ("unexpected `=` in array", "signe = inattendu dans une liste"),
        ("unexpected content", "caractères inattendus"),
        ("unexpected key or value", "clé ou valeur inattendue"),
    ];
    let lower = message.to_lowercase();
    known
        .iter()
        .find(|(en, _)| lower.starts_with(en))
        .map(|(_, fr)| fr.to_string())
        .unwrap_or_else(|| format!("erreur de syntaxe (« {message} »)"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> (usize, String) {
        let e = toml::de::DeTable::parse(text).expect_err("invalide");
        let x = explain(text, e.span().map_or(0, |s| s.start), e.message(), &|o| line_of(text, o) + 1);
        (line_of(text, x.offset) + 1, x.message)
    }

    #[test]
    fn an_unclosed_inline_table_is_found_at_the_line_that_opens_it() {
        let (line, msg) = at("titre = \"a\"\nperiode = { debut = 2019-10-01, fin = 2023-12-31\ntheme = \"defaut\"\n");
        assert_eq!(line, 2);
        assert!(msg.contains("accolade"), "{msg}");
        let (line, msg) = at("a = 1\nb = [\"x\", \"y\"\nc = 2\n");
        assert_eq!(line, 2, "{msg}");
        assert!(msg.contains("crochet"), "{msg}");
    }

    #[test]
    fn an_unclosed_list_followed_by_a_key_is_found_at_its_line() {
        let text = "titre = \"Y\"\nthematiques = [\"acces-aux-droits\",\npublics = [\"seniors\"]\n";
        let (line, msg) = at(text);
        assert_eq!(line, 2, "{msg}");
        assert!(msg.contains("crochet"), "{msg}");
    }

    #[test]
    fn a_table_written_twice_is_named_as_a_block() {
        let text = "[lieu]\nadresse = \"1 rue\"\n[lieu]\ncommune = \"Z\"\n";
        let e = toml::de::DeTable::parse(text).expect_err("invalide");
        let x = explain(text, e.span().map_or(0, |s| s.start), e.message(), &|o| line_of(text, o) + 1);
        assert_eq!(x.field.as_deref(), Some("lieu"));
        assert!(x.suggestion.contains("un seul bloc [lieu]"), "{}", x.suggestion);
    }

    #[test]
    fn a_multi_line_list_with_a_missing_comma_is_not_blamed_on_its_bracket() {
        let (line, msg) = at("a = [\n  \"x\",\n  \"y\"\n  \"z\",\n]\n");
        assert_eq!(line, 4, "{msg}");
        assert!(msg.contains("virgule"), "{msg}");
    }

    #[test]
    fn a_duplicate_key_is_named_with_its_first_line() {
        let (line, msg) = at("titre = \"a\"\nstatut = \"x\"\ntitre = \"b\"\n");
        assert_eq!(line, 3);
        assert_eq!(msg, "la clé « titre » est écrite deux fois (déjà ligne 1)");
    }

    #[test]
    fn brackets_inside_strings_and_comments_do_not_count() {
        assert_eq!(unclosed_before("a = \"[{\" # [\nb = 'x{'\n", 22), None);
        assert_eq!(unclosed_before("a = \"\"\"\n[\n\"\"\"\nb = [", 19), Some((18, '[')));
    }

    #[test]
    fn an_escape_before_a_multi_byte_character_does_not_panic() {
        // Found by `fuzz/run.sh` (target entete): `\` then a two-byte character.
        let text = String::from_utf8(vec![34, 34, 34, 34, 219, 159, 91, 59, 34, 34, 34, 34, 3]).unwrap();
        let _ = unclosed_before(&text, text.len());
        let text = "a = \"\\é{\"\nb = [\"\\ß";
        for end in 0..=text.len() {
            let _ = unclosed_before(text, end);
        }
        let e = toml::de::DeTable::parse(text).expect_err("invalide");
        let _ = explain(text, e.span().map_or(0, |s| s.start), e.message(), &|o| line_of(text, o) + 1);
    }

    #[test]
    fn unknown_messages_stay_quoted_in_a_french_sentence() {
        assert_eq!(french("something new"), "erreur de syntaxe (« something new »)");
        assert_eq!(
            french("missing comma between array elements, expected `,`"),
            "il manque une virgule entre deux éléments de la liste"
        );
    }
}
