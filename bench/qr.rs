//! Time to draw the QR codes of 6 000 services cold (no cache), on one core and on all of them
//! as the build does, median of 3. `cargo run --release --example qr` (bench/run.sh runs it).

use rayon::prelude::*;
use std::time::Instant;

fn main() {
    let addresses: Vec<String> =
        (0..6000).map(|i| format!("https://cls.example.org/annuaire/service-{i:05}-pfidass-cpam/")).collect();
    let median = |f: &dyn Fn() -> usize| {
        let mut runs: Vec<(f64, usize)> = (0..3)
            .map(|_| {
                let t = Instant::now();
                let bytes = f();
                (t.elapsed().as_secs_f64(), bytes)
            })
            .collect();
        runs.sort_by(|a, b| a.0.total_cmp(&b.0));
        runs[1]
    };
    let draw = |a: &String| portail::qr::png(a).map_or(0, |p| p.len());
    let (one, bytes) = median(&|| addresses.iter().map(draw).sum());
    let (all, _) = median(&|| addresses.par_iter().map(draw).sum());
    println!(
        "{{\"codes\": {}, \"un_coeur_s\": {one:.3}, \"tous_s\": {all:.3}, \"coeurs\": {}, \"octets_moyens\": {}}}",
        addresses.len(),
        rayon::current_num_threads(),
        bytes / addresses.len()
    );
}
