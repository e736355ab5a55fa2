//! Opening hours: validation, sentences, weekly schedule.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let _ = portail::content::check::hours_problem(text);
    let _ = portail::hours::describe(text);
    let _ = portail::hours::weekly(text);
});
