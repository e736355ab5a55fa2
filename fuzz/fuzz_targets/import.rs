//! Bulk directory files: data·inclusion JSON and CSV.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let mut d = Vec::new();
    let _ = portail::content::bulk::read_json("content/annuaire/a.json", text, &mut d);
    let _ = portail::content::bulk::read_csv("content/annuaire/a.csv", text, &mut d);
});
