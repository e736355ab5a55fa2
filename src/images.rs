//! Stage: photos and pictures beside the pages, resized for phones and stripped of their metadata.
//!
//! Each JPEG, PNG or WebP of `content/` is decoded once, turned upright (EXIF orientation), and
//! encoded at the widths of [`WIDTHS`] it is wider than, as WebP and in its own format. The file at
//! the image's own address is replaced by a copy without metadata (no GPS position leaves the
//! coordinator's phone). Derived files are named by a hash of the source and of the settings,
//! kept in `.portail-cache/images/` between builds, and pruned when no page uses them any more:
//! a rebuild with a warm cache decodes nothing. SVG, GIF and files of `static/` are copied as
//! they are.

use crate::content::model::Asset;
use crate::diag::{Diagnostic, fnv1a, rel};
use image::{DynamicImage, ImageDecoder, ImageReader, imageops::FilterType};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use std::io::Cursor;
use std::path::{Path, PathBuf};

/// Widths of the derived images, in pixels.
pub const WIDTHS: [u32; 3] = [480, 960, 1600];
/// Changes when the encoding changes, so that caches are rebuilt.
const SETTINGS: &str = "v1 widths=480,960,1600 webp=75 jpeg=82 filter=lanczos3";
const WEBP_QUALITY: f32 = 75.0;
const JPEG_QUALITY: u8 = 82;
pub const CACHE: &str = ".portail-cache/images";

/// One size of an image: the WebP and the fallback in the source's format.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Variant {
    pub width: u32,
    pub height: u32,
    /// Output paths.
    pub webp: String,
    pub fallback: String,
}

/// A processed image, by the output path of its source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Image {
    pub width: u32,
    pub height: u32,
    /// Smallest first.
    pub variants: Vec<Variant>,
}

/// What the stage produced: images for the Markdown stage, files for the output.
#[derive(Default)]
pub struct Processed {
    pub images: BTreeMap<String, Image>,
    /// (output path, file in the cache).
    pub files: Vec<(String, PathBuf)>,
    /// Number of images decoded (0 with a warm cache).
    pub decoded: usize,
}

/// Whether the pipeline handles this asset.
pub fn handles(path: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    [".jpg", ".jpeg", ".png", ".webp"].iter().any(|e| lower.ends_with(e))
}

/// What the cache keeps about an image besides its files: enough to skip decoding it.
#[derive(Serialize, Deserialize)]
struct Manifest {
    width: u32,
    height: u32,
    ext: String,
    /// (width, height) of each variant, smallest first.
    sizes: Vec<(u32, u32)>,
}

impl Manifest {
    /// Cache file names and their output paths, beside the source image.
    fn files(&self, key: &str, asset: &str) -> Vec<(String, String)> {
        let (dir, name) = asset.rsplit_once('/').map_or(("", asset), |(d, n)| (d, n));
        let stem = name.rsplit_once('.').map_or(name, |(s, _)| s);
        let prefix = if dir.is_empty() { String::new() } else { format!("{dir}/") };
        let short = &key[..10];
        let mut out = Vec::new();
        for (w, _) in &self.sizes {
            for ext in ["webp", self.ext.as_str()] {
                out.push((format!("{key}-{w}.{ext}"), format!("{prefix}{stem}.{short}-{w}.{ext}")));
            }
        }
        out.push((format!("{key}-plein.{}", self.ext), asset.to_string()));
        out
    }

    fn image(&self, key: &str, asset: &str) -> Image {
        let files = self.files(key, asset);
        let variants = self
            .sizes
            .iter()
            .enumerate()
            .map(|(i, (w, h))| Variant {
                width: *w,
                height: *h,
                webp: files[2 * i].1.clone(),
                fallback: files[2 * i + 1].1.clone(),
            })
            .collect();
        Image { width: self.width, height: self.height, variants }
    }
}

/// An image of the site: its source, cache key, what the cache knows, and whether it was decoded.
type Done<'a> = (&'a Asset, String, Manifest, bool);

pub fn process(root: &Path, assets: &[Asset], diags: &mut Vec<Diagnostic>) -> Processed {
    let cache = root.join(CACHE);
    let results: Vec<Result<Done, Diagnostic>> = assets
        .par_iter()
        .filter(|a| handles(&a.path))
        .map(|a| one(root, &cache, a).map(|(k, m, d)| (a, k, m, d)))
        .collect();
    let mut out = Processed::default();
    let mut used: BTreeSet<String> = BTreeSet::new();
    for r in results {
        match r {
            Ok((a, key, manifest, decoded)) => {
                out.decoded += usize::from(decoded);
                for (file, output) in manifest.files(&key, &a.path) {
                    out.files.push((output, cache.join(file)));
                }
                out.images.insert(a.path.clone(), manifest.image(&key, &a.path));
                used.insert(key);
            }
            Err(d) => diags.push(d),
        }
    }
    prune(&cache, &used);
    out.files.sort();
    out
}

/// Removes the cache files of images no page has any more.
fn prune(cache: &Path, used: &BTreeSet<String>) {
    let Ok(entries) = std::fs::read_dir(cache) else { return };
    for e in entries.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        let key = name.split(['-', '.']).next().unwrap_or("");
        if !used.contains(key) {
            let _ = std::fs::remove_file(e.path());
        }
    }
}

fn one(root: &Path, cache: &Path, a: &Asset) -> Result<(String, Manifest, bool), Diagnostic> {
    let file = rel(root, &a.source);
    let bytes = std::fs::read(&a.source)
        .map_err(|e| Diagnostic::error("lecture-impossible", format!("image illisible : {e}")).file(file.clone()))?;
    let mut hashed = bytes.clone();
    hashed.extend_from_slice(SETTINGS.as_bytes());
    let key = format!("{:016x}", fnv1a(&hashed));
    let manifest_file = cache.join(format!("{key}.json"));
    if let Ok(text) = std::fs::read_to_string(&manifest_file)
        && let Ok(m) = serde_json::from_str::<Manifest>(&text)
        && m.files(&key, &a.path).iter().all(|(f, _)| cache.join(f).is_file())
    {
        return Ok((key, m, false));
    }
    let image = decode(&bytes).map_err(|why| {
        Diagnostic::error("image-illisible", format!("cette image ne peut pas être lue : {why}"))
            .file(file.clone())
            .suggest(Some("ouvrez-la dans un logiciel d'images et enregistrez-la de nouveau en JPEG ou en PNG".into()))
    })?;
    let write_err = |e: std::io::Error| {
        Diagnostic::error("ecriture-impossible", format!("cache des images : {e}")).file(file.clone())
    };
    std::fs::create_dir_all(cache).map_err(write_err)?;
    let ext = fallback_format(&a.path, &image);
    let (w, h) = (image.width(), image.height());
    let mut widths: Vec<u32> = WIDTHS.iter().copied().filter(|x| *x < w).collect();
    widths.push(w.min(WIDTHS[WIDTHS.len() - 1]));
    widths.dedup();
    let mut sizes = Vec::new();
    // From the largest size down: each step resizes fewer pixels.
    let mut source = image.clone();
    for width in widths.iter().rev() {
        let height = ((u64::from(h) * u64::from(*width) + u64::from(w) / 2) / u64::from(w)).max(1) as u32;
        let sized = if *width == source.width() {
            source.clone()
        } else {
            source.resize_exact(*width, height, FilterType::Lanczos3)
        };
        std::fs::write(cache.join(format!("{key}-{width}.webp")), encode_webp(&sized)).map_err(write_err)?;
        std::fs::write(cache.join(format!("{key}-{width}.{ext}")), encode(&sized, ext)?).map_err(write_err)?;
        sizes.push((*width, height));
        source = sized;
    }
    sizes.reverse();
    // The image's own address gets the full-size picture, upright and without metadata.
    std::fs::write(cache.join(format!("{key}-plein.{ext}")), encode(&image, ext)?).map_err(write_err)?;
    let m = Manifest { width: w, height: h, ext: ext.to_string(), sizes };
    std::fs::write(&manifest_file, serde_json::to_string(&m).unwrap_or_default()).map_err(write_err)?;
    Ok((key, m, true))
}

fn decode(bytes: &[u8]) -> Result<DynamicImage, String> {
    let reader = ImageReader::new(Cursor::new(bytes)).with_guessed_format().map_err(|e| e.to_string())?;
    let mut decoder = reader.into_decoder().map_err(french)?;
    let orientation = decoder.orientation().map_err(french)?;
    let mut image = DynamicImage::from_decoder(decoder).map_err(french)?;
    image.apply_orientation(orientation);
    Ok(image)
}

fn french(e: image::ImageError) -> String {
    match e {
        image::ImageError::Unsupported(_) => "format non pris en charge".into(),
        image::ImageError::Limits(_) => "image trop grande".into(),
        image::ImageError::Decoding(d) => format!("fichier abîmé ou incomplet ({d})"),
        other => other.to_string(),
    }
}

/// The fallback keeps the source's format; a WebP source falls back to JPEG, or PNG with transparency.
fn fallback_format(path: &str, image: &DynamicImage) -> &'static str {
    let lower = path.to_ascii_lowercase();
    if lower.ends_with(".png") || (lower.ends_with(".webp") && image.color().has_alpha()) { "png" } else { "jpg" }
}

fn encode(image: &DynamicImage, ext: &str) -> Result<Vec<u8>, Diagnostic> {
    let mut out = Vec::new();
    let result = if ext == "png" {
        image.write_with_encoder(image::codecs::png::PngEncoder::new(&mut out))
    } else {
        let rgb = DynamicImage::ImageRgb8(image.to_rgb8());
        rgb.write_with_encoder(image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, JPEG_QUALITY))
    };
    result.map_err(|e| Diagnostic::error("image-illisible", format!("encodage impossible : {e}")))?;
    Ok(out)
}

fn encode_webp(image: &DynamicImage) -> Vec<u8> {
    if image.color().has_alpha() {
        let rgba = image.to_rgba8();
        webp::Encoder::from_rgba(&rgba, rgba.width(), rgba.height()).encode(WEBP_QUALITY).to_vec()
    } else {
        let rgb = image.to_rgb8();
        webp::Encoder::from_rgb(&rgb, rgb.width(), rgb.height()).encode(WEBP_QUALITY).to_vec()
    }
}
