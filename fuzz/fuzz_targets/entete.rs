//! Front matter of every kind of content file: findings, never a panic.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    for place in ["actions/1.1.1-a.md", "annuaire/a.md", "structures/a.md", "actualites/a.md", "pages/a.md", "a.falc.md", "glossaire.toml"] {
        let _ = portail::content::load::check_bytes(place, data.to_vec());
    }
});
