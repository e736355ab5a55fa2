//! What `site.toml [falc]` and a page's `falc_ignorer` may say of the easy-to-read lint: its
//! thresholds and the ids of its rules. Below `config` and `content`, which read them, so that the
//! lint itself (`falc`, which reads the content) is imported by neither: each fact has one owner
//! and the imports point one way. `falc::rules` checks that its rules are exactly these ids.

/// Ids of every rule of the lint, for `[falc] ignorer`, `falc_ignorer` and
/// `<!-- falc-ignore: … -->`.
pub const RULE_IDS: &[&str] = &[
    "phrase-longue",
    "une-phrase-par-ligne",
    "sigle-inexplique",
    "majuscules",
    "chiffres-romains",
    "pourcentage",
    "grand-nombre",
    "nombre-en-lettres",
    "date-numerique",
    "caracteres-speciaux",
    "double-negation",
    "voix-passive",
    "italique-souligne",
    "lien-generique",
    "mot-long",
    "relecture",
];

/// Thresholds from `site.toml [falc]`.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Words in a sentence before a warning (12, French government guidance).
    pub phrase_conseil: usize,
    /// Words in a sentence before an error (20).
    pub phrase_max: usize,
    /// Letters of a long word (12).
    pub mot_long: usize,
    /// Numbers from which a number is large (10 000).
    pub grand_nombre: u64,
    /// The rules' errors block the build.
    pub strict: bool,
    /// Rules turned off for the whole site.
    pub ignorer: Vec<String>,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            phrase_conseil: 12,
            phrase_max: 20,
            mot_long: 12,
            grand_nombre: 10_000,
            strict: false,
            ignorer: Vec::new(),
        }
    }
}
