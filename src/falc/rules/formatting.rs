//! No italics, no underline: bold is the only emphasis, underline is for links.

use crate::falc::text::Mark;
use crate::falc::{Hit, Level, Page};

pub fn check(p: &Page) -> Vec<Hit> {
    let mut out = Vec::new();
    for (at, mark) in p.marks {
        let what = match mark {
            Mark::Italic => Some("italique"),
            Mark::Html(h) => {
                let h = h.to_lowercase();
                if ["<i>", "<i ", "<em>", "<em ", "<cite"].iter().any(|t| h.contains(t)) {
                    Some("italique")
                } else if ["<u>", "<u ", "<ins", "underline"].iter().any(|t| h.contains(t)) {
                    Some("souligné")
                } else {
                    None
                }
            }
            _ => None,
        };
        if let Some(what) = what {
            out.push(
                Hit::new("italique-souligne", Level::Error, *at, format!("texte en {what}"))
                    .suggest("mettez en gras (**mot**) ce qui est important".into()),
            );
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::falc::rules::testing::flags;

    #[test]
    fn italics_and_underline() {
        assert!(flags(check, "C'est *important*."));
        assert!(flags(check, "C'est _important_."));
        assert!(flags(check, "C'est <u>important</u>."));
        assert!(flags(check, "C'est <em>important</em>."));
        assert!(!flags(check, "C'est **important**."));
        assert!(!flags(check, "Lisez [la page](x)."));
    }
}
