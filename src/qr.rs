//! The QR code of each service page: printed on a service's sheet or a person's selection, it
//! leads a phone to the page. Encoded at build time by the `qrcode` crate; no script draws it.
//!
//! Each is a one-bit PNG with one pixel per module (about 360 bytes), which the page scales
//! with `image-rendering: pixelated`, sharp on screen and on paper. The crate's SVG had one
//! rectangle per module (12 KB a code, more than the page it belongs to); an SVG path of
//! strokes was 2.7 KB, 16 MB for 6 000 services.
//!
//! The page carries its code as a `data:` address (about 500 bytes of base64) rather than as a
//! file beside it: a file per service was a third of the files of a 10 000-page site (6 000 of
//! 17 564), each one more file to create, upload and fetch, for a picture that only its page
//! shows. Codes are kept in `.portail-cache/qr.bin`, by the address they hold, so a rebuild
//! encodes none; the ones no service uses any more are dropped. They are made before the pages,
//! after the Markdown.

use crate::content::Service;
use base64::Engine;
use qrcode::canvas::{Canvas, MaskPattern, Module};
use qrcode::{Color, EcLevel};
use rayon::prelude::*;
use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};

pub const CACHE: &str = ".portail-cache/qr.bin";
/// Changes with the drawing, so that caches are made again.
const FORMAT: &str = "qr-v5 M quiet=4 png 1 bit stored, masks on rules 1 2 4";
/// Modules of light margin around the code (the standard asks for 4).
const QUIET: usize = 4;

/// The QR code of an absolute address, as a PNG file; `None` when the address is too long for
/// a QR code (more than 2 000 bytes or so, which no page address reaches).
pub fn png(address: &str) -> Option<Vec<u8>> {
    let (square, width) = square(address)?;
    let size = width + 2 * QUIET;
    // One bit per pixel, 1 is white, rows padded to a byte.
    let stride = size.div_ceil(8);
    let mut pixels = vec![0xffu8; stride * size];
    match square {
        // A row of modules is a word: shifted past the margin, its bytes are the row's pixels,
        // first pixel in the high bit, dark as 0. A module at a time was a fifth of the time of
        // drawing a code.
        Square::Words(rows) => {
            for (y, row) in rows.iter().enumerate() {
                let padded = u128::from(*row) << QUIET;
                let line = &mut pixels[(y + QUIET) * stride..][..stride];
                for (j, byte) in line.iter_mut().enumerate() {
                    *byte = !((padded >> (8 * j)) as u8).reverse_bits();
                }
            }
        }
        Square::Wide(colors) => {
            for (y, row) in colors.chunks(width).enumerate() {
                for (x, c) in row.iter().enumerate() {
                    if *c == Color::Dark {
                        let (px, py) = (x + QUIET, y + QUIET);
                        pixels[py * stride + px / 8] &= !(0x80 >> (px % 8));
                    }
                }
            }
        }
    }
    let mut out = Vec::with_capacity(400);
    let mut encoder = ::png::Encoder::new(&mut out, size as u32, size as u32);
    encoder.set_color(::png::ColorType::Grayscale);
    encoder.set_depth(::png::BitDepth::One);
    // Stored as is: a 41-pixel code is 287 bytes of pixels, deflate saved 60 of them and
    // setting it up for each code was a third of the time of drawing 6 000.
    encoder.set_compression(::png::Compression::NoCompression);
    encoder.set_filter(::png::Filter::NoFilter);
    let mut writer = encoder.write_header().ok()?;
    writer.write_image_data(&pixels).ok()?;
    writer.finish().ok()?;
    Some(out)
}

/// A code's modules: for codes at most 64 modules wide (addresses of up to 200 bytes or so),
/// one word per row, bit x of a row set when module x is dark; wider, one colour per module,
/// row by row.
enum Square {
    Words(Vec<u64>),
    Wide(Vec<Color>),
}

/// The modules of an address's code, and its width. Level M (15 % of the symbol can be lost): a
/// crumpled or smudged printout still reads.
///
/// The code is put together from the `qrcode` crate's parts rather than by
/// `QrCode::with_error_correction_level`, for the choice of mask: the crate scores the eight
/// masks on all four penalty rules of ISO 18004, and its finder-pattern rule made the codes of
/// 6 000 services take two seconds. Here the masks are scored on rules 1, 2 and 4 (runs, blocks,
/// balance), in one pass each; rule 3 only avoids look-alikes of the corner squares, which
/// decoders tell apart by position (every code is decoded by zxing-cpp in the tests). And the
/// masks are laid as words over a template made once per version, instead of module by module
/// on eight copies of the canvas, and rule 1 is counted by bit operations on each row: 6 000
/// codes in 0.061 s on one core (0.075 s with pixels packed one module at a time, 0.107 s
/// with a loop over the runs of each row besides, 0.92 s with the crate's masking; `cargo run
/// --release --example qr`). The data, too, is laid as words on the data modules in an order
/// found once per version (`Templates::place`), not drawn on a canvas per code: 0.072 → 0.050 s
/// on one core, the same day.
fn square(address: &str) -> Option<(Square, usize)> {
    let (version, data, ec) = codewords(address)?;
    let width = version.width() as usize;
    if width > 64 {
        let mut canvas = blank(version);
        canvas.draw_data(&data, &ec);
        return Some((Square::Wide(modules_wide(&canvas, width)), width));
    }
    let best = TEMPLATES.with_borrow_mut(|t| {
        let masked = t.entry(width).or_insert_with(|| Templates::new(&blank(version), width));
        // The data's dark modules, before any mask: a mask flips data modules only, so each
        // masked code is its template's words (`Templates`) with these turned over.
        let data = masked.place(data.iter().chain(&ec), width);
        let mut best: Option<(usize, Words)> = None;
        for template in masked.iter() {
            let code = Words {
                rows: template.rows.iter().zip(&data.rows).map(|(a, b)| a ^ b).collect(),
                cols: template.cols.iter().zip(&data.cols).map(|(a, b)| a ^ b).collect(),
            };
            let score = penalty_bits(&code.rows, &code.cols, width);
            // The first of the lowest scores: the same code every time.
            if best.as_ref().is_none_or(|(s, _)| score < *s) {
                best = Some((score, code));
            }
        }
        best
    })?;
    Some((Square::Words(best.1.rows), width))
}

/// The modules of an address's code, one colour each, row by row: the tests' form.
#[cfg(test)]
fn modules(address: &str) -> Option<Vec<Color>> {
    let (square, width) = square(address)?;
    Some(match square {
        Square::Words(rows) => rows
            .iter()
            .flat_map(|row| (0..width).map(move |x| if row >> x & 1 == 1 { Color::Dark } else { Color::Light }))
            .collect(),
        Square::Wide(colors) => colors,
    })
}

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

/// An address's code with its data drawn and no mask yet, and its width in modules: the
/// crate's own drawing, which the tests hold `Templates::place` to.
#[cfg(test)]
fn unmasked(address: &str) -> Option<(Canvas, usize)> {
    let (version, data, ec) = codewords(address)?;
    let mut canvas = blank(version);
    canvas.draw_data(&data, &ec);
    Some((canvas, version.width() as usize))
}

/// An address's codewords at level M, the data's then the error correction's, and the version
/// of the code that holds them.
fn codewords(address: &str) -> Option<(qrcode::Version, Vec<u8>, Vec<u8>)> {
    let bits = qrcode::bits::encode_auto(address.as_bytes(), EcLevel::M).ok()?;
    let version = bits.version();
    let (data, ec) = qrcode::ec::construct_codewords(&bits.into_bytes(), version, EcLevel::M).ok()?;
    Some((version, data, ec))
}

/// A version's code with its fixed patterns only.
fn blank(version: qrcode::Version) -> Canvas {
    let mut canvas = Canvas::new(version, EcLevel::M);
    canvas.draw_all_functional_patterns();
    canvas
}

/// The crate's own masking, one canvas per mask: for codes wider than a word, and as the
/// reference of the word-wise path in the tests.
fn modules_wide(canvas: &Canvas, width: usize) -> Vec<Color> {
    MASKS
        .iter()
        .map(|m| {
            let mut c = canvas.clone();
            c.apply_mask(*m);
            let colors = c.into_colors();
            (penalty(&colors, width), colors)
        })
        .min_by_key(|(p, _)| *p)
        .map(|(_, colors)| colors)
        .unwrap_or_default()
}

/// A square of modules as machine words: bit x of `rows[y]` is module (x, y), and `cols` is the
/// same square turned, for the penalty's column runs.
struct Words {
    rows: Vec<u64>,
    cols: Vec<u64>,
}

impl Words {
    fn of(canvas: &Canvas, width: usize, dark: impl Fn(Module) -> bool) -> Words {
        let (mut rows, mut cols) = (vec![0u64; width], vec![0u64; width]);
        for (y, row) in rows.iter_mut().enumerate() {
            for (x, col) in cols.iter_mut().enumerate() {
                let bit = u64::from(dark(canvas.get(x as i16, y as i16)));
                *row |= bit << x;
                *col |= bit << y;
            }
        }
        Words { rows, cols }
    }
}

/// The eight masked forms of a version's code with no data: its fixed patterns, the format
/// information of each mask, and the mask itself over the data's place. Made once per version
/// and thread, by the crate's own `apply_mask`, so the masks and the format bits are the crate's.
/// And where the data goes: the data modules in the order the crate's `draw_data` fills them.
struct Templates {
    masks: [Words; 8],
    order: Vec<(u8, u8)>,
}

impl Templates {
    fn new(like: &Canvas, width: usize) -> Templates {
        let mut blank = like.clone();
        // Only the fixed patterns stay: data modules go back to empty.
        for y in 0..width as i16 {
            for x in 0..width as i16 {
                if let Module::Unmasked(_) = blank.get(x, y) {
                    *blank.get_mut(x, y) = Module::Empty;
                }
            }
        }
        let masks = MASKS.map(|m| {
            let mut c = blank.clone();
            c.apply_mask(m);
            Words::of(&c, width, Module::is_dark)
        });
        Templates { masks, order: order(&blank, width) }
    }

    fn iter(&self) -> impl Iterator<Item = &Words> {
        self.masks.iter()
    }

    /// The dark modules of `codewords` (the data's, then the error correction's), each bit, the
    /// highest first, on the next data module, as the crate's `draw_data` lays them. Drawing
    /// each code on a canvas of its own, module by module, was a third of the time of making
    /// the codes (callgrind, 1 000 pages: `draw_data` 55 of 159 million instructions).
    fn place<'a>(&self, codewords: impl Iterator<Item = &'a u8>, width: usize) -> Words {
        let (mut rows, mut cols) = (vec![0u64; width], vec![0u64; width]);
        let bits = codewords.flat_map(|b| (0..8).rev().map(move |j| b >> j & 1 == 1));
        for (&(x, y), dark) in self.order.iter().zip(bits) {
            if dark {
                rows[usize::from(y)] |= 1 << x;
                cols[usize::from(x)] |= 1 << y;
            }
        }
        Words { rows, cols }
    }
}

/// The data modules of a blank code (fixed patterns only), in the order the crate's
/// `draw_data` fills them; its iterator over them is private, so the order is read from the
/// crate's own drawing. Probe j draws a stream whose bit k is bit j of k: across the probes,
/// each module's colours spell the number of the bit it holds.
fn order(blank: &Canvas, width: usize) -> Vec<(u8, u8)> {
    let empty: Vec<(usize, usize)> = (0..width)
        .flat_map(|y| (0..width).map(move |x| (x, y)))
        .filter(|&(x, y)| blank.get(x as i16, y as i16) == Module::Empty)
        .collect();
    let n = empty.len();
    let mut number = vec![0usize; n];
    for j in 0..usize::BITS - n.leading_zeros() {
        let stream: Vec<u8> = (0..n.div_ceil(8))
            .map(|i| (0..8).fold(0u8, |byte, bit| byte | ((((i * 8 + bit) >> j) & 1) as u8) << (7 - bit)))
            .collect();
        let mut c = blank.clone();
        c.draw_data(&stream, &[]);
        for (k, &(x, y)) in empty.iter().enumerate() {
            if c.get(x as i16, y as i16) == Module::Unmasked(Color::Dark) {
                number[k] |= 1 << j;
            }
        }
    }
    let mut order = vec![(0, 0); n];
    for (k, &(x, y)) in empty.iter().enumerate() {
        order[number[k]] = (x as u8, y as u8);
    }
    order
}

thread_local! {
    static TEMPLATES: std::cell::RefCell<std::collections::HashMap<usize, Templates>> = Default::default();
}

/// `penalty` over a code of at most 64 modules a side, one machine word per row and per
/// column (bit x of a row is its module x): the same score, five times faster, since eight masks
/// are scored for each of six thousand codes.
fn penalty_bits(rows: &[u64], cols: &[u64], w: usize) -> usize {
    let inner = (1u64 << (w - 1)) - 1;
    let mut score = 0;
    // Rule 1: a run of n ≥ 5 modules of one colour scores n − 2. Bit x of `five` is set when
    // modules x to x + 4 match: a run of n sets n − 4 bits in a row, so the score of a line is
    // its bits plus two for each group of them, counted without a loop over the runs.
    for line in rows.iter().chain(cols) {
        let same = !(line ^ (line >> 1)) & inner;
        let five = same & (same >> 1) & (same >> 2) & (same >> 3);
        score += five.count_ones() as usize + 2 * (five & !(five << 1)).count_ones() as usize;
    }
    // Rule 2: a block where a row's pair matches itself and the pair below.
    for pair in rows.windows(2) {
        let (a, b) = (pair[0], pair[1]);
        let level = !(a ^ b);
        let flat = !(a ^ (a >> 1));
        score += (level & (level >> 1) & flat & inner).count_ones() as usize * 3;
    }
    // Rule 4.
    let n: usize = rows.iter().map(|r| r.count_ones() as usize).sum();
    score + (n * 100 / (w * w)).abs_diff(50) / 5 * 10
}

/// Penalty rules 1, 2 and 4 of ISO 18004 (section 7.8.3) over a square of modules, for codes
/// too wide for `penalty_bits`, and as its reference in the tests.
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
fn read_cache(file: &Path) -> HashMap<u64, Vec<u8>> {
    let mut out = HashMap::new();
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

fn write_cache(file: &Path, codes: &BTreeMap<u64, &[u8]>) {
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

/// Every service's code, by the path of its page, as the `data:` address the page shows.
#[derive(Debug, Default)]
pub struct Codes {
    uris: HashMap<String, String>,
    /// How many were encoded rather than taken from the cache.
    pub drawn: usize,
}

impl Codes {
    /// The codes of `services`, whose pages are published under `base`: from the cache in
    /// `root`'s `.portail-cache/qr.bin` when it holds the address's code, else encoded. The
    /// cache is then made to hold this build's codes only (a service gone, an address changed:
    /// its code goes). The preview passes no `root`: its codes hold its own address. It makes
    /// them once, when it starts: an edit that moves a service's address is a full load
    /// (`content::load::reload`).
    pub fn make(base: &str, services: &[Service], root: Option<&Path>) -> Codes {
        let file = root.map(|r| r.join(CACHE));
        let known = file.as_deref().map(read_cache).unwrap_or_default();
        let drawn = AtomicUsize::new(0);
        let made: Vec<Option<(u64, Cow<[u8]>)>> = services
            .par_iter()
            .map(|s| {
                let address = format!("{base}{}", s.origin.path);
                let k = key(&address);
                let bytes = match known.get(&k) {
                    Some(b) => Cow::Borrowed(b.as_slice()),
                    None => {
                        drawn.fetch_add(1, Ordering::Relaxed);
                        // An address too long for a QR code has none; the page says nothing of it.
                        Cow::Owned(png(&address)?)
                    }
                };
                Some((k, bytes))
            })
            .collect();
        let drawn = drawn.into_inner();
        let base64 = base64::engine::general_purpose::STANDARD;
        let uris = services
            .iter()
            .zip(&made)
            .filter_map(|(s, m)| {
                let (_, bytes) = m.as_ref()?;
                Some((s.origin.path.clone(), format!("data:image/png;base64,{}", base64.encode(bytes))))
            })
            .collect();
        // None drawn: every key is one of the cache's; as many distinct keys as it holds, and it
        // holds exactly these.
        let keys: std::collections::HashSet<u64> = made.iter().flatten().map(|(k, _)| *k).collect();
        let unchanged = drawn == 0 && keys.len() == known.len();
        if let Some(f) = file.as_deref().filter(|_| !unchanged) {
            let codes: BTreeMap<u64, &[u8]> = made.iter().flatten().map(|(k, b)| (*k, b.as_ref())).collect();
            write_cache(f, &codes);
        }
        Codes { uris, drawn }
    }

    /// The code of the service page at `path`, as a `data:` address.
    pub fn uri(&self, path: &str) -> Option<&str> {
        self.uris.get(path).map(String::as_str)
    }
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

    /// The word-wise penalty gives the reference's score on squares of every width it takes,
    /// filled at random, with long runs and blocks as often as not.
    #[test]
    fn the_word_penalty_scores_as_the_reference() {
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        let mut next = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        for w in 2..=64 {
            for round in 0..20 {
                let mut colors = Vec::with_capacity(w * w);
                let mut dark = false;
                for _ in 0..w * w {
                    // Flip rarely in some rounds, often in others.
                    if next() % (1 + round % 7) == 0 {
                        dark = !dark;
                    }
                    colors.push(if dark { Color::Dark } else { Color::Light });
                }
                let (mut rows, mut cols) = (vec![0u64; w], vec![0u64; w]);
                for (i, c) in colors.iter().enumerate() {
                    if *c == Color::Dark {
                        rows[i / w] |= 1 << (i % w);
                        cols[i % w] |= 1 << (i / w);
                    }
                }
                assert_eq!(penalty_bits(&rows, &cols, w), penalty(&colors, w), "largeur {w}, tour {round}");
            }
        }
    }

    /// Each mask laid on a template gives the crate's own masked code, format bits included,
    /// and the code chosen is the one the crate's masking and the reference penalty choose, for
    /// addresses of every length up to the widest a word holds.
    #[test]
    fn the_templates_mask_as_the_crate_does() {
        let mut widths = std::collections::BTreeSet::new();
        for n in (1..=300).step_by(7) {
            // From a few bytes (version 1) to past the widest a word holds.
            let address = format!("s.fr/{}", "pfidass-".repeat(n).chars().take(n).collect::<String>());
            let (canvas, width) = unmasked(&address).unwrap();
            widths.insert(width);
            if width > 64 {
                continue;
            }
            let data = Words::of(&canvas, width, |m| m == Module::Unmasked(Color::Dark));
            let templates = Templates::new(&canvas, width);
            // The data laid by `place` is the crate's drawing of it.
            let (_, d, e) = codewords(&address).unwrap();
            let placed = templates.place(d.iter().chain(&e), width);
            assert!(placed.rows == data.rows && placed.cols == data.cols, "{address} : données placées");
            for (m, template) in MASKS.iter().zip(templates.iter()) {
                let mut c = canvas.clone();
                c.apply_mask(*m);
                let crate_rows = Words::of(&c, width, Module::is_dark).rows;
                let rows: Vec<u64> = template.rows.iter().zip(&data.rows).map(|(a, b)| a ^ b).collect();
                assert_eq!(rows, crate_rows, "{address}, masque {m:?}");
            }
            assert_eq!(modules(&address).unwrap(), modules_wide(&canvas, width), "{address}");
        }
        // Versions 1 to 11 and some past the word's width.
        assert!(widths.contains(&21) && widths.len() >= 12 && widths.iter().any(|w| *w > 64), "{widths:?}");
    }

    /// The dark pixels are exactly the crate's dark modules, inside a light margin.
    #[test]
    fn the_pixels_are_the_dark_modules() {
        let long = format!("https://sante.example.org/annuaire/{}/", "point-accueil-ecoute-jeunes-".repeat(9));
        // A code of words (37 modules) and a wider one, one colour per module.
        for (address, w) in
            [("https://sante.example.org/annuaire/point-accueil-ecoute-jeunes/", 37), (long.as_str(), 69)]
        {
            let colors = modules(address).unwrap();
            assert_eq!(colors.len(), w * w, "{address}");
            let (size, dark) = pixels(&png(address).unwrap());
            assert_eq!(size, w + 2 * QUIET);
            let mut expected = vec![false; size * size];
            for (i, c) in colors.iter().enumerate() {
                expected[(i / w + QUIET) * size + i % w + QUIET] = *c == Color::Dark;
            }
            assert_eq!(dark, expected, "{address}");
        }
    }
}
