//! The rules, one file each: pure functions from an analysed text to findings.

mod acronym;
mod caps;
mod dates;
mod formatting;
mod links;
mod long_word;
mod negation;
mod numbers;
mod passive;
mod roman;
mod sentences;
mod special;

use super::{Hit, Page};

pub type Rule = fn(&Page) -> Vec<Hit>;

/// Every rule with its id, in report order.
pub const RULES: &[(&str, Rule)] = &[
    ("phrase-longue", sentences::length),
    ("une-phrase-par-ligne", sentences::one_per_line),
    ("sigle-inexplique", acronym::check),
    ("majuscules", caps::check),
    ("chiffres-romains", roman::check),
    ("pourcentage", numbers::percentages),
    ("grand-nombre", numbers::big),
    ("nombre-en-lettres", numbers::in_letters),
    ("date-numerique", dates::check),
    ("caracteres-speciaux", special::check),
    ("double-negation", negation::check),
    ("voix-passive", passive::check),
    ("italique-souligne", formatting::check),
    ("lien-generique", links::check),
    ("mot-long", long_word::check),
];

#[cfg(test)]
mod ids_tests {
    #[test]
    fn the_listed_ids_are_the_rules_and_the_review_marker() {
        let mut rules: Vec<&str> = super::RULES.iter().map(|(id, _)| *id).collect();
        rules.push("relecture");
        assert_eq!(rules, crate::falc_settings::RULE_IDS);
    }
}

#[cfg(test)]
pub(crate) mod testing {
    use super::super::{Hit, Known, Page, Settings};
    use super::Rule;

    /// Runs one rule on a Markdown text.
    pub fn run(rule: Rule, md: &str) -> Vec<Hit> {
        run_with(rule, md, &Known::default())
    }

    pub fn run_with(rule: Rule, md: &str, known: &Known) -> Vec<Hit> {
        let m = super::super::text::markdown(md);
        let settings = Settings::default();
        rule(&Page { blocks: &m.blocks, marks: &m.marks, known, settings: &settings })
    }

    pub fn flags(rule: Rule, md: &str) -> bool {
        !run(rule, md).is_empty()
    }
}
