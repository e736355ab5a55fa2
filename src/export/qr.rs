//! QR codes beside each service page (`annuaire/<id>/qr.svg`): printed on a service's sheet or a
//! person's selection, they lead a phone to the page. Encoded at build time by the `qrcode`
//! crate, drawn here as one SVG path: no script draws them, and they print sharp at any size.
//!
//! The drawing is written by hand because the crate's SVG has one rectangle per dark module
//! (12 KB a code, more than the page it belongs to): here each row is a few horizontal strokes
//! with relative moves (about 1.5 KB). Codes are kept in `.portail-cache/qr/`, named after the
//! address they hold, so a rebuild encodes none; the ones no service uses any more are removed.

use crate::Site;
use crate::route::{Output, Route, WriteError};
use qrcode::{Color, EcLevel, QrCode};
use rayon::prelude::*;
use std::fmt::Write;
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};

pub const CACHE: &str = ".portail-cache/qr";
/// Changes with the drawing, so that caches are made again.
const FORMAT: &str = "qr-v2 M quiet=4 strokes";
/// Modules of light margin around the code (the standard asks for 4).
const QUIET: usize = 4;

/// The QR code of an absolute address, as an SVG file; `None` when the address is too long for
/// a QR code (more than 2 000 bytes or so, which no page address reaches).
pub fn svg(address: &str) -> Option<Vec<u8>> {
    // Level M (15 % of the symbol can be lost): a crumpled or smudged printout still reads.
    let code = QrCode::with_error_correction_level(address.as_bytes(), EcLevel::M).ok()?;
    let width = code.width();
    let colors = code.to_colors();
    let size = width + 2 * QUIET;
    let mut d = String::with_capacity(width * width / 3);
    for (y, row) in colors.chunks(width).enumerate() {
        // One stroke of width 1 along the middle of the row per run of dark modules.
        let mut end: Option<usize> = None;
        let mut x = 0;
        while x < width {
            if row[x] != Color::Dark {
                x += 1;
                continue;
            }
            let start = x;
            while x < width && row[x] == Color::Dark {
                x += 1;
            }
            let _ = match end {
                None => write!(d, "M{} {}.5h{}", start + QUIET, y + QUIET, x - start),
                Some(e) => write!(d, "m{} 0h{}", start - e, x - start),
            };
            end = Some(x);
        }
    }
    let mut out = String::with_capacity(d.len() + 200);
    let _ = writeln!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {size} {size}\" shape-rendering=\"crispEdges\">\
         <path fill=\"#fff\" d=\"M0 0h{size}v{size}H0z\"/><path stroke=\"#000\" d=\"{d}\"/></svg>"
    );
    Some(out.into_bytes())
}

/// The name of an address's code in the cache.
fn cached(address: &str) -> String {
    format!("{:016x}.svg", crate::diag::fnv1a(format!("{FORMAT}\n{address}").as_bytes()))
}

/// One per service page, each handed to `emit` as soon as it is made; from the cache in
/// `root`'s `.portail-cache/qr/` when it holds the address's code. Returns how many were
/// encoded (0 on a rebuild).
pub fn each(
    site: &Site,
    root: Option<&Path>,
    emit: &(dyn Fn(Output) -> Result<(), WriteError> + Sync),
) -> Result<usize, WriteError> {
    let base = &site.config.url;
    let cache = root.map(|r| r.join(CACHE));
    if let Some(c) = &cache {
        // A cache that cannot be made is only slower: codes are encoded each time.
        let _ = std::fs::create_dir_all(c);
    }
    let drawn = AtomicUsize::new(0);
    site.content.services.par_iter().try_for_each(|s| {
        let address = format!("{base}{}", s.origin.path);
        let file = cache.as_ref().map(|c| c.join(cached(&address)));
        let bytes = match file.as_ref().and_then(|f| std::fs::read(f).ok()) {
            Some(b) => Some(b),
            None => {
                let made = svg(&address);
                if let (Some(b), Some(f)) = (&made, &file) {
                    drawn.fetch_add(1, Ordering::Relaxed);
                    let _ = std::fs::write(f, b);
                } else if made.is_some() {
                    drawn.fetch_add(1, Ordering::Relaxed);
                }
                made
            }
        };
        // An address too long for a QR code has none; the page says nothing of it.
        match bytes {
            Some(bytes) => emit(Output { path: Route::ServiceQr(&s.origin.path).file(), bytes }),
            None => Ok(()),
        }
    })?;
    if let Some(c) = &cache {
        prune(c, site.content.services.iter().map(|s| cached(&format!("{base}{}", s.origin.path))).collect());
    }
    Ok(drawn.into_inner())
}

/// Removes the codes no service has any more (a service removed, an address changed).
fn prune(cache: &Path, used: std::collections::HashSet<String>) {
    let Ok(entries) = std::fs::read_dir(cache) else { return };
    for e in entries.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        if !used.contains(&name) {
            let _ = std::fs::remove_file(e.path());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_qr_code_is_one_small_path_with_a_quiet_zone_and_is_deterministic() {
        let a = svg("https://sante.example.org/annuaire/pfidass/").unwrap();
        let text = String::from_utf8(a.clone()).unwrap();
        assert!(text.starts_with("<svg") && text.matches("<path").count() == 2, "{text}");
        // A 33-module code with its margin: 41 units wide.
        assert!(text.contains("viewBox=\"0 0 41 41\""), "{text}");
        assert!(a.len() < 2_000, "{} octets", a.len());
        assert_eq!(a, svg("https://sante.example.org/annuaire/pfidass/").unwrap());
        assert_ne!(a, svg("https://sante.example.org/annuaire/dac/").unwrap());
    }

    /// The strokes give back exactly the crate's dark modules.
    #[test]
    fn the_strokes_are_the_dark_modules() {
        let address = "https://sante.example.org/annuaire/point-accueil-ecoute-jeunes/";
        let code = QrCode::with_error_correction_level(address.as_bytes(), EcLevel::M).unwrap();
        let w = code.width();
        let text = String::from_utf8(svg(address).unwrap()).unwrap();
        let d = text.rsplit("d=\"").next().unwrap().split('"').next().unwrap();
        let mut dark = vec![false; w * w];
        let (mut x, mut y) = (0i64, 0i64);
        let mut rest = d;
        while let Some(c) = rest.chars().next() {
            rest = &rest[1..];
            let end = rest.find(|ch: char| "Mmh".contains(ch)).unwrap_or(rest.len());
            let args: Vec<f64> = rest[..end].split(' ').map(|n| n.parse().unwrap()).collect();
            rest = &rest[end..];
            match c {
                'M' => (x, y) = (args[0] as i64, args[1].floor() as i64),
                'm' => x += args[0] as i64,
                _ => {
                    for k in 0..args[0] as i64 {
                        dark[(y as usize - QUIET) * w + (x + k) as usize - QUIET] = true;
                    }
                    x += args[0] as i64;
                }
            }
        }
        let expected: Vec<bool> = code.to_colors().iter().map(|c| *c == Color::Dark).collect();
        assert_eq!(dark, expected);
    }
}
