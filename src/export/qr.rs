//! QR codes beside each service page (`annuaire/<id>/qr.svg`): printed on a service's sheet or a
//! person's selection, they lead a phone to the page. Made at build time by the `qrcode` crate,
//! as SVG: no script draws them, and they print sharp at any size.

use crate::Site;
use crate::route::{Output, Route, WriteError};
use qrcode::render::svg;
use qrcode::{EcLevel, QrCode};
use rayon::prelude::*;

/// The QR code of an absolute address, as an SVG file; `None` when the address is too long for
/// a QR code (more than 2 000 bytes or so, which no page address reaches).
pub fn svg(address: &str) -> Option<Vec<u8>> {
    // Level M (15 % of the symbol can be lost): a crumpled or smudged printout still reads.
    // One unit per module: the page sets the size, and the file stays small.
    let code = QrCode::with_error_correction_level(address.as_bytes(), EcLevel::M).ok()?;
    let image = code
        .render::<svg::Color>()
        .quiet_zone(true)
        .module_dimensions(1, 1)
        .dark_color(svg::Color("#000"))
        .light_color(svg::Color("#fff"))
        .build();
    Some(image.into_bytes())
}

/// One per service page, each handed to `emit` as soon as it is made.
pub fn each(site: &Site, emit: &(dyn Fn(Output) -> Result<(), WriteError> + Sync)) -> Result<(), WriteError> {
    let base = &site.config.url;
    site.content.services.par_iter().try_for_each(|s| {
        // An address too long for a QR code has none; the page says nothing of it.
        match svg(&format!("{base}{}", s.origin.path)) {
            Some(bytes) => emit(Output { path: Route::ServiceQr(&s.origin.path).file(), bytes }),
            None => Ok(()),
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_qr_code_is_an_svg_with_a_quiet_zone_and_is_deterministic() {
        let a = svg("https://sante.example.org/annuaire/pfidass/").unwrap();
        let text = String::from_utf8(a.clone()).unwrap();
        assert!(text.contains("<svg") && text.contains("<path"), "{text}");
        assert_eq!(a, svg("https://sante.example.org/annuaire/pfidass/").unwrap());
        assert_ne!(a, svg("https://sante.example.org/annuaire/dac/").unwrap());
    }
}
