//! Slugs for addresses, as the content model defines them.

/// Keeps names made of lower-case ASCII letters, digits, `.`, `-` and `_`; slugifies others
/// (accents removed, anything else to `-`).
pub fn from_file_stem(stem: &str) -> String {
    if !stem.is_empty() && stem.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"._-".contains(&b)) {
        stem.to_string()
    } else {
        slugify(stem)
    }
}

pub fn slugify(s: &str) -> String {
    let ascii = deunicode::deunicode(s).to_lowercase();
    let mut out = String::with_capacity(ascii.len());
    for c in ascii.chars() {
        if c.is_ascii_alphanumeric() || c == '.' || c == '_' {
            out.push(c);
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_matches(|c| c == '-' || c == '.').to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_clean_names_and_slugifies_others() {
        assert_eq!(from_file_stem("1.1.2-promouvoir-pfidass"), "1.1.2-promouvoir-pfidass");
        assert_eq!(from_file_stem("Santé Mentale été"), "sante-mentale-ete");
        assert_eq!(from_file_stem("Point d'accès"), "point-d-acces");
        assert_eq!(slugify("  --Œuvre  "), "oeuvre");
    }
}
