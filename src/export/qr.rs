//! QR codes beside each service page (`annuaire/<id>/qr.png`): printed on a service's sheet or a
//! person's selection, they lead a phone to the page. Encoded at build time by the `qrcode`
//! crate; no script draws them.
//!
//! Each is a one-bit PNG with one pixel per module (about 300 bytes), which the page scales
//! with `image-rendering: pixelated`, sharp on screen and on paper. The crate's SVG had one
//! rectangle per module (12 KB a code, more than the page it belongs to); an SVG path of
//! strokes was 2.7 KB, 16 MB for 6 000 services. Codes are kept in `.portail-cache/qr.bin`, by the
//! address they hold, so a rebuild encodes none; the ones no service uses any more are dropped.

use crate::Site;
use crate::route::{Output, Route, WriteError};
use qrcode::{Color, EcLevel};
use rayon::prelude::*;
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};

pub const CACHE: &str = ".portail-cache/qr.bin";
/// Changes with the drawing, so that caches are made again.
const FORMAT: &str = "qr-v4 M quiet=4 png 1 bit, masks on rules 1 2 4";
/// Modules of light margin around the code (the standard asks for 4).
const QUIET: usize = 4;

/// The QR code of an absolute address, as a PNG file; `None` when the address is too long for
/// a QR code (more than 2 000 bytes or so, which no page address reaches).
pub fn png(address: &str) -> Option<Vec<u8>> {
    let colors = modules(address)?;
    let width = (colors.len() as f64).sqrt() as usize;
    let size = width + 2 * QUIET;
    // One bit per pixel, 1 is white, rows padded to a byte.
    let stride = size.div_ceil(8);
    let mut pixels = vec![0xffu8; stride * size];
    for (y, row) in colors.chunks(width).enumerate() {
        for (x, c) in row.iter().enumerate() {
            if *c == Color::Dark {
                let (px, py) = (x + QUIET, y + QUIET);
                pixels[py * stride + px / 8] &= !(0x80 >> (px % 8));
            }
        }
    }
    let mut out = Vec::with_capacity(400);
    let mut encoder = ::png::Encoder::new(&mut out, size as u32, size as u32);
    encoder.set_color(::png::ColorType::Grayscale);
    encoder.set_depth(::png::BitDepth::One);
    encoder.set_compression(::png::Compression::High);
    let mut writer = encoder.write_header().ok()?;
    writer.write_image_data(&pixels).ok()?;
    writer.finish().ok()?;
    Some(out)
}

/// The modules of an address's code, row by row. Level M (15 % of the symbol can be lost): a
/// crumpled or smudged printout still reads.
///
/// The code is put together from the `qrcode` crate's parts rather than by
/// `QrCode::with_error_correction_level`, for the choice of mask: the crate scores the eight
/// masks on all four penalty rules of ISO 18004, and its finder-pattern rule made the codes of
/// 6 000 services take two seconds. Here the masks are scored on rules 1, 2 and 4 (runs, blocks,
/// balance), in one pass each; rule 3 only avoids look-alikes of the corner squares, which
/// decoders tell apart by position (every code is decoded by zxing-cpp in the tests).
fn modules(address: &str) -> Option<Vec<Color>> {
    use qrcode::canvas::{Canvas, MaskPattern};
    let bits = qrcode::bits::encode_auto(address.as_bytes(), EcLevel::M).ok()?;
    let version = bits.version();
    let (data, ec) = qrcode::ec::construct_codewords(&bits.into_bytes(), version, EcLevel::M).ok()?;
    let mut canvas = Canvas::new(version, EcLevel::M);
    canvas.draw_all_functional_patterns();
    canvas.draw_data(&data, &ec);
    const MASKS: [MaskPattern; 8] = [
        MaskPattern::Checkerboard,
        MaskPattern::HorizontalLines,
        MaskPattern::VerticalLines,
        MaskPattern::DiagonalLines,
        MaskPattern::LargeCheckerboard,
        MaskPattern::Fields,
        MaskPattern::Diamonds,
        MaskPattern::Meadow,
    ];
    let width = version.width() as usize;
    MASKS
        .iter()
        .map(|m| {
            let mut c = canvas.clone();
            c.apply_mask(*m);
            let colors = c.into_colors();
            (penalty(&colors, width), colors)
        })
        // The first of the lowest scores: the same code every time.
        .min_by_key(|(p, _)| *p)
        .map(|(_, colors)| colors)
}

/// Penalty rules 1, 2 and 4 of ISO 18004 (section 7.8.3) over a square of modules. Eight
/// masks per code, six thousand codes: plain loops over bytes, no closure in the inner loop.
fn penalty(m: &[Color], w: usize) -> usize {
    let dark: Vec<u8> = m.iter().map(|c| u8::from(*c == Color::Dark)).collect();
    let mut transposed = vec![0u8; w * w];
    for y in 0..w {
        for x in 0..w {
            transposed[x * w + y] = dark[y * w + x];
        }
    }
    // Rule 1: five or more modules of one colour in a row or a column.
    let mut score = 0;
    for line in dark.chunks(w).chain(transposed.chunks(w)) {
        let mut run = 1;
        for b in 1..w {
            if line[b] == line[b - 1] {
                run += 1;
            } else {
                if run >= 5 {
                    score += run - 2;
                }
                run = 1;
            }
        }
        if run >= 5 {
            score += run - 2;
        }
    }
    // Rule 2: each 2×2 block of one colour.
    for (top, bottom) in dark.chunks(w).zip(dark.chunks(w).skip(1)) {
        for x in 0..w - 1 {
            let sum = top[x] + top[x + 1] + bottom[x] + bottom[x + 1];
            if sum == 0 || sum == 4 {
                score += 3;
            }
        }
    }
    // Rule 4: the share of dark modules away from half, by steps of 5 %.
    let n: usize = dark.iter().map(|d| *d as usize).sum();
    score + (n * 100 / (w * w)).abs_diff(50) / 5 * 10
}

/// The key of an address's code in the cache.
fn key(address: &str) -> u64 {
    crate::diag::fnv1a(format!("{FORMAT}\n{address}").as_bytes())
}

/// The codes kept from the last build, by key. One file rather than one per code: creating
/// 6 000 small files took two seconds, far more than encoding the codes. Written by hand: a
/// list of (key, length, bytes), under a header that names the format; anything else reads as
/// an empty cache.
fn read_cache(file: &Path) -> std::collections::HashMap<u64, Vec<u8>> {
    let mut out = std::collections::HashMap::new();
    let Ok(bytes) = std::fs::read(file) else { return out };
    let Some(mut rest) = bytes.strip_prefix(format!("{FORMAT}\n").as_bytes()) else { return out };
    while rest.len() >= 12 {
        let key = u64::from_le_bytes(rest[..8].try_into().unwrap_or_default());
        let len = u32::from_le_bytes(rest[8..12].try_into().unwrap_or_default()) as usize;
        let Some(code) = rest.get(12..12 + len) else { break };
        out.insert(key, code.to_vec());
        rest = &rest[12 + len..];
    }
    out
}

fn write_cache(file: &Path, codes: &std::collections::BTreeMap<u64, Vec<u8>>) {
    let mut out = format!("{FORMAT}\n").into_bytes();
    for (key, code) in codes {
        out.extend_from_slice(&key.to_le_bytes());
        out.extend_from_slice(&(code.len() as u32).to_le_bytes());
        out.extend_from_slice(code);
    }
    // A cache that cannot be written is only slower: codes are encoded next time.
    if let Some(dir) = file.parent() {
        let _ = std::fs::create_dir_all(dir);
    }
    let _ = std::fs::write(file, out);
}

/// One per service page, each handed to `emit` as soon as it is made; from the cache in
/// `root`'s `.portail-cache/qr.bin` when it holds the address's code. The cache keeps the codes
/// of this build only (a service gone, an address changed: its code goes). Returns how many
/// were encoded (0 on a rebuild).
pub fn each(
    site: &Site,
    root: Option<&Path>,
    emit: &(dyn Fn(Output) -> Result<(), WriteError> + Sync),
) -> Result<usize, WriteError> {
    let base = &site.config.url;
    let file = root.map(|r| r.join(CACHE));
    let known = file.as_deref().map(read_cache).unwrap_or_default();
    let drawn = AtomicUsize::new(0);
    let codes: Vec<Option<(u64, Vec<u8>)>> = site
        .content
        .services
        .par_iter()
        .map(|s| {
            let address = format!("{base}{}", s.origin.path);
            let k = key(&address);
            let bytes = match known.get(&k) {
                Some(b) => b.clone(),
                None => {
                    drawn.fetch_add(1, Ordering::Relaxed);
                    // An address too long for a QR code has none; the page says nothing of it.
                    png(&address)?
                }
            };
            Some((k, bytes))
        })
        .collect();
    site.content.services.par_iter().zip(codes.par_iter()).try_for_each(|(s, code)| match code {
        Some((_, bytes)) => emit(Output { path: Route::ServiceQr(&s.origin.path).file(), bytes: bytes.clone() }),
        None => Ok(()),
    })?;
    let codes: std::collections::BTreeMap<u64, Vec<u8>> = codes.into_iter().flatten().collect();
    let unchanged = codes.len() == known.len() && codes.iter().all(|(k, b)| known.get(k) == Some(b));
    if let Some(f) = &file
        && !unchanged
    {
        write_cache(f, &codes);
    }
    Ok(drawn.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The pixels of a code, read back by the `png` crate: true where dark.
    fn pixels(bytes: &[u8]) -> (usize, Vec<bool>) {
        let decoder = ::png::Decoder::new(std::io::Cursor::new(bytes));
        let mut reader = decoder.read_info().unwrap();
        let info = reader.info();
        assert_eq!((info.color_type, info.bit_depth), (::png::ColorType::Grayscale, ::png::BitDepth::One));
        let size = info.width as usize;
        let mut buf = vec![0; reader.output_buffer_size().unwrap()];
        reader.next_frame(&mut buf).unwrap();
        let stride = size.div_ceil(8);
        let dark = (0..size * size).map(|i| buf[(i / size) * stride + (i % size) / 8] & (0x80 >> (i % size % 8)) == 0);
        (size, dark.collect())
    }

    #[test]
    fn a_qr_code_is_a_small_png_with_a_quiet_zone_and_is_deterministic() {
        let a = png("https://sante.example.org/annuaire/pfidass/").unwrap();
        assert!(a.starts_with(b"\x89PNG"));
        // A 33-module code with its margin: 41 pixels wide.
        assert_eq!(pixels(&a).0, 41);
        assert!(a.len() < 600, "{} octets", a.len());
        assert_eq!(a, png("https://sante.example.org/annuaire/pfidass/").unwrap());
        assert_ne!(a, png("https://sante.example.org/annuaire/dac/").unwrap());
    }

    /// The penalty counts what the standard counts: a plain row, a block, an imbalance.
    #[test]
    fn the_penalty_follows_the_standard() {
        let w = 6;
        let all_light = vec![Color::Light; w * w];
        // 12 runs of 6 (4 points each), 25 blocks (3 each), 0 % dark (10 points per 5 % off half).
        assert_eq!(penalty(&all_light, w), 12 * 4 + 25 * 3 + 100);
        let checker: Vec<Color> =
            (0..w * w).map(|i| if (i / w + i % w) % 2 == 0 { Color::Dark } else { Color::Light }).collect();
        assert_eq!(penalty(&checker, w), 0);
    }

    /// The dark pixels are exactly the crate's dark modules, inside a light margin.
    #[test]
    fn the_pixels_are_the_dark_modules() {
        let address = "https://sante.example.org/annuaire/point-accueil-ecoute-jeunes/";
        let colors = modules(address).unwrap();
        let w = 37;
        assert_eq!(colors.len(), w * w);
        let (size, dark) = pixels(&png(address).unwrap());
        assert_eq!(size, w + 2 * QUIET);
        let mut expected = vec![false; size * size];
        for (i, c) in colors.iter().enumerate() {
            expected[(i / w + QUIET) * size + i % w + QUIET] = *c == Color::Dark;
        }
        assert_eq!(dark, expected);
    }
}
