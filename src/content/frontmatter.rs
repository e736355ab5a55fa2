//! Splitting a Markdown file into its `+++` TOML front matter and its body.

use crate::diag::{Diagnostic, Pos};

/// The parts of a content file. Lines are 1-based.
#[derive(Debug, PartialEq, Eq)]
pub struct Split<'a> {
    pub front: Option<&'a str>,
    pub front_line: usize,
    pub body: &'a str,
    pub body_line: usize,
}

/// Splits `text`. `required` says whether the front matter must be there (twins may omit it).
pub fn split(text: &str, required: bool) -> Result<Split<'_>, Diagnostic> {
    let mut lines = text.split_inclusive('\n');
    let first = lines.next().unwrap_or("");
    let opener = first.trim_end();
    if opener != "+++" {
        if opener == "---" {
            return Err(Diagnostic::error(
                "entete-invalide",
                "l'en-tête commence par --- (YAML) : portail attend du TOML entre deux lignes +++",
            )
            .at(Pos::line(1))
            .suggest(Some(
                "remplacez les lignes --- par +++ et écrivez les champs sous la forme cle = \"valeur\"".into(),
            )));
        }
        if required {
            return Err(Diagnostic::error(
                "entete-manquant",
                "le fichier doit commencer par un en-tête entre deux lignes +++",
            )
            .at(Pos::line(1))
            .suggest(Some("ajoutez en première ligne +++, puis titre = \"…\", puis une ligne +++".into())));
        }
        return Ok(Split { front: None, front_line: 1, body: text, body_line: 1 });
    }
    let mut offset = first.len();
    for (i, line) in lines.enumerate() {
        if line.trim_end() == "+++" {
            let front = &text[first.len()..offset];
            let body = &text[offset + line.len()..];
            return Ok(Split { front: Some(front), front_line: 2, body, body_line: i + 3 });
        }
        offset += line.len();
    }
    Err(Diagnostic::error("entete-non-ferme", "l'en-tête ouvert par +++ à la ligne 1 n'est jamais fermé")
        .at(Pos::line(1))
        .suggest(Some("ajoutez une ligne +++ après le dernier champ de l'en-tête".into())))
}

/// Decodes a file: UTF-8 required, a BOM is dropped, CRLF becomes LF.
pub fn decode(bytes: Vec<u8>) -> Result<String, Diagnostic> {
    let bytes = match bytes.strip_prefix(b"\xEF\xBB\xBF") {
        Some(rest) => rest.to_vec(),
        None => bytes,
    };
    match String::from_utf8(bytes) {
        Ok(s) if s.contains('\r') => Ok(s.replace("\r\n", "\n")),
        Ok(s) => Ok(s),
        Err(e) => {
            let valid = e.utf8_error().valid_up_to();
            let line = e.as_bytes()[..valid].iter().filter(|&&b| b == b'\n').count() + 1;
            Err(Diagnostic::error("encodage", "le fichier n'est pas en UTF-8").at(Pos::line(line)).suggest(Some(
                "enregistrez-le en UTF-8 (dans LibreOffice ou le Bloc-notes : « Enregistrer sous », encodage UTF-8)"
                    .into(),
            )))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_front_matter_and_body_with_lines() {
        let s = split("+++\ntitre = \"a\"\n+++\nCorps\n", true).unwrap();
        assert_eq!(s.front, Some("titre = \"a\"\n"));
        assert_eq!(s.body, "Corps\n");
        assert_eq!(s.body_line, 4);
    }

    #[test]
    fn twins_may_omit_front_matter() {
        let s = split("Texte simple.\n", false).unwrap();
        assert_eq!(s.front, None);
        assert!(split("Texte simple.\n", true).is_err());
    }

    #[test]
    fn unclosed_and_yaml_headers_are_explained() {
        assert_eq!(split("+++\ntitre = \"a\"\n", true).unwrap_err().rule, "entete-non-ferme");
        assert_eq!(split("---\ntitle: a\n---\n", true).unwrap_err().rule, "entete-invalide");
    }

    #[test]
    fn decode_handles_bom_crlf_and_latin1() {
        assert_eq!(decode(b"\xEF\xBB\xBF+++\r\na\r\n".to_vec()).unwrap(), "+++\na\n");
        let e = decode(b"ligne\nd\xE9j\xE0".to_vec()).unwrap_err();
        assert_eq!(e.line, Some(2));
        assert!(e.message.contains("UTF-8"));
    }
}
