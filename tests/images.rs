//! Images: sizes and WebP, EXIF orientation, metadata stripped, cache, pruning, alt text, broken files.

mod common;

use common::*;
use image::{DynamicImage, GenericImageView, Rgb, RgbImage};
use portail::Options;
use std::path::{Path, PathBuf};

/// A JPEG, `w`×`h`, red on the left half and blue on the right, with an EXIF block holding an
/// orientation and a description that stands for private metadata (a GPS position).
fn photo(w: u32, h: u32, orientation: u16) -> Vec<u8> {
    let img = RgbImage::from_fn(w, h, |x, _| if x < w / 2 { Rgb([220, 20, 20]) } else { Rgb([20, 20, 220]) });
    let mut jpeg = Vec::new();
    DynamicImage::ImageRgb8(img)
        .write_with_encoder(image::codecs::jpeg::JpegEncoder::new_with_quality(&mut jpeg, 90))
        .unwrap();
    // TIFF, little endian: IFD0 with Orientation (0x0112) and ImageDescription (0x010e).
    let secret = b"GPS 45.7640N 4.8357E SECRET\0";
    let mut tiff = b"II*\0\x08\0\0\0".to_vec();
    tiff.extend_from_slice(&2u16.to_le_bytes());
    tiff.extend_from_slice(&0x0112u16.to_le_bytes());
    tiff.extend_from_slice(&3u16.to_le_bytes());
    tiff.extend_from_slice(&1u32.to_le_bytes());
    tiff.extend_from_slice(&u32::from(orientation).to_le_bytes());
    tiff.extend_from_slice(&0x010eu16.to_le_bytes());
    tiff.extend_from_slice(&2u16.to_le_bytes());
    tiff.extend_from_slice(&(secret.len() as u32).to_le_bytes());
    tiff.extend_from_slice(&38u32.to_le_bytes());
    tiff.extend_from_slice(&0u32.to_le_bytes());
    tiff.extend_from_slice(secret);
    let mut app1 = b"Exif\0\0".to_vec();
    app1.extend_from_slice(&tiff);
    let mut out = vec![0xff, 0xd8, 0xff, 0xe1];
    out.extend_from_slice(&((app1.len() + 2) as u16).to_be_bytes());
    out.extend_from_slice(&app1);
    out.extend_from_slice(&jpeg[2..]);
    out
}

/// A copy of the minimal fixture with a page that shows `markdown` and holds `files`.
fn site(markdown: &str, files: &[(&str, Vec<u8>)]) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    copy_tree(&fixture("minimal"), &root);
    let dir = root.join("content/pages");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("photos.md"), format!("+++\ntitre = \"Photos\"\n+++\n{markdown}\n")).unwrap();
    for (name, bytes) in files {
        std::fs::write(dir.join(name), bytes).unwrap();
    }
    (tmp, root)
}

fn build(root: &Path) -> Result<portail::Report, portail::Failure> {
    portail::build(&Options::new(root))
}

#[test]
fn photos_get_sizes_webp_and_a_picture_element() {
    let (_tmp, root) = site(
        "![La façade de la maison de santé](facade.jpg)\n\n![L'accueil](accueil.jpg)\n\n![](frise.png \"décorative\")\n\n![Logo](logo.svg)",
        &[
            ("facade.jpg", photo(2000, 1000, 1)),
            ("accueil.jpg", photo(600, 300, 1)),
            ("frise.png", {
                let mut png = Vec::new();
                DynamicImage::ImageRgb8(RgbImage::new(300, 20))
                    .write_with_encoder(image::codecs::png::PngEncoder::new(&mut png))
                    .unwrap();
                png
            }),
            ("logo.svg", b"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"/>".to_vec()),
        ],
    );
    let report = build(&root).unwrap();
    assert_eq!(report.images_decoded, 3);
    let public = root.join("public");
    let html = std::fs::read_to_string(public.join("pages/photos/index.html")).unwrap();
    // Files beside a page are published beside its folder: content/pages/x.jpg → /pages/x.jpg.
    let files: Vec<String> = std::fs::read_dir(public.join("pages"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    for w in [480, 960, 1600] {
        for ext in ["webp", "jpg"] {
            assert!(
                files.iter().any(|f| f.starts_with("facade.") && f.ends_with(&format!("-{w}.{ext}"))),
                "{w}.{ext} : {files:?}"
            );
        }
    }
    assert!(!files.iter().any(|f| f.starts_with("facade.") && f.contains("-2000.")), "jamais plus large que 1600");
    // The small photo is only made at its own width.
    assert!(files.iter().any(|f| f.starts_with("accueil.") && f.ends_with("-480.webp")));
    assert!(files.iter().any(|f| f.starts_with("accueil.") && f.ends_with("-600.jpg")));
    let first = &html[html.find("<picture>").unwrap()..html.find("</picture>").unwrap()];
    assert!(first.contains("<source type=\"image/webp\" srcset=\"/pages/facade."), "{first}");
    assert!(first.contains(" 480w, ") && first.contains(" 1600w\""), "{first}");
    assert!(first.contains("width=\"1600\" height=\"800\""), "{first}");
    assert!(first.contains("alt=\"La façade de la maison de santé\""));
    assert!(!first.contains("loading=\"lazy\""), "la première image se charge tout de suite");
    let second = &html[html.rfind("<picture>").unwrap()..];
    assert!(second.contains("loading=\"lazy\""), "{second}");
    assert!(html.contains("alt=\"\""), "image décorative");
    assert!(html.contains("logo.svg"));
    assert_eq!(
        std::fs::read(public.join("pages/logo.svg")).unwrap(),
        std::fs::read(root.join("content/pages/logo.svg")).unwrap(),
        "SVG copié tel quel"
    );
    // Every <img>/<source> file exists (the build checks links; a missing one would fail it).
    assert!(broken_links(&public, "/").is_empty());
}

#[test]
fn orientation_is_applied_and_metadata_removed() {
    let original = photo(200, 100, 6);
    assert!(original.windows(6).any(|w| w == b"SECRET"));
    let (_tmp, root) = site("![Une photo prise debout](debout.jpg)", &[("debout.jpg", original)]);
    build(&root).unwrap();
    let public = root.join("public/pages");
    for entry in std::fs::read_dir(&public).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "jpg" || e == "webp") {
            let bytes = std::fs::read(&path).unwrap();
            assert!(!bytes.windows(6).any(|w| w == b"SECRET"), "{} garde les métadonnées", path.display());
            assert!(!bytes.windows(4).any(|w| w == b"Exif"), "{}", path.display());
        }
    }
    // Orientation 6: turned 90° clockwise, the red left half is now on top.
    let upright = image::open(public.join("debout.jpg")).unwrap();
    assert_eq!(upright.dimensions(), (100, 200));
    let top = upright.get_pixel(50, 20);
    let bottom = upright.get_pixel(50, 180);
    assert!(top[0] > 150 && top[2] < 100, "haut rouge : {top:?}");
    assert!(bottom[2] > 150 && bottom[0] < 100, "bas bleu : {bottom:?}");
}

#[test]
fn a_warm_cache_decodes_nothing_and_unused_files_are_pruned() {
    let (_tmp, root) = site(
        "![Une façade](facade.jpg)\n\n![Un jardin](jardin.jpg)",
        &[("facade.jpg", photo(1000, 500, 1)), ("jardin.jpg", photo(800, 400, 1))],
    );
    assert_eq!(build(&root).unwrap().images_decoded, 2);
    let cache = root.join(".portail-cache/images");
    let before = snapshot_tree(&cache);
    assert!(before.len() >= 2 * 5, "{} fichiers en cache", before.len());
    let out1 = snapshot_tree(&root.join("public"));
    assert_eq!(build(&root).unwrap().images_decoded, 0, "le cache évite tout décodage");
    assert_eq!(snapshot_tree(&cache), before);
    assert_eq!(snapshot_tree(&root.join("public")), out1, "même sortie, octet pour octet");

    std::fs::remove_file(root.join("content/pages/jardin.jpg")).unwrap();
    std::fs::write(root.join("content/pages/photos.md"), "+++\ntitre = \"Photos\"\n+++\n![Une façade](facade.jpg)\n")
        .unwrap();
    assert_eq!(build(&root).unwrap().images_decoded, 0);
    let after = snapshot_tree(&cache);
    assert!(
        after.len() < before.len() && after.keys().all(|k| before.contains_key(k)),
        "le cache du jardin est supprimé"
    );
}

#[test]
fn missing_alt_text_and_broken_images_are_clear_errors() {
    let (_tmp, root) = site("Texte.\n\n![](facade.jpg)", &[("facade.jpg", photo(300, 200, 1))]);
    let Err(portail::Failure::Content(d)) = build(&root) else { panic!("une image sans texte alternatif bloque") };
    let e = d.iter().find(|d| d.rule == "image-sans-alternative").unwrap();
    assert_eq!((e.file.as_str(), e.line), ("content/pages/photos.md", Some(6)));
    assert!(e.suggestion.as_deref().unwrap().contains("décorative"));
    assert!(!root.join("public").exists(), "rien n'est publié");

    let mut broken = photo(300, 200, 1);
    broken.truncate(400);
    let (_tmp, root) =
        site("![Une photo](abimee.jpg)", &[("abimee.jpg", broken), ("vide.png", b"pas une image".to_vec())]);
    let Err(portail::Failure::Content(d)) = build(&root) else { panic!("une image abîmée bloque") };
    let bad: Vec<_> = d.iter().filter(|d| d.rule == "image-illisible").collect();
    assert_eq!(bad.len(), 2, "{d:?}");
    assert!(bad.iter().any(|d| d.file == "content/pages/abimee.jpg" && d.message.contains("ne peut pas être lue")));
    assert!(bad.iter().all(|d| d.suggestion.is_some()));
}
