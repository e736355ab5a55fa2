//! Time to process one large photo (about 8 MB of JPEG, 6000 × 4000), cold then with a warm cache.
//! `cargo run --release --example photo` (bench/run.sh runs it).

use image::{DynamicImage, Rgb, RgbImage};
use std::time::Instant;

fn main() {
    let dir = tempfile::tempdir().expect("dossier temporaire");
    let root = dir.path();
    let pages = root.join("content/pages");
    std::fs::create_dir_all(&pages).expect("dossier");
    // Noise with soft gradients: JPEG cannot squeeze it much, like a real photo's detail.
    let mut seed = 0x2545_f491_4f6c_dd1du64;
    let img = RgbImage::from_fn(6000, 4000, |x, y| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        let n = (seed % 19) as u8;
        Rgb([(x / 24) as u8 ^ n, (y / 16) as u8 ^ n, ((x + y) / 40) as u8 ^ n])
    });
    let mut jpeg = Vec::new();
    DynamicImage::ImageRgb8(img)
        .write_with_encoder(image::codecs::jpeg::JpegEncoder::new_with_quality(&mut jpeg, 90))
        .expect("jpeg");
    let file = pages.join("photo.jpg");
    std::fs::write(&file, &jpeg).expect("écriture");
    let assets = vec![portail::content::model::Asset { source: file, path: "pages/photo.jpg".into() }];
    let mut runs = Vec::new();
    for _ in 0..3 {
        let _ = std::fs::remove_dir_all(root.join(portail::images::CACHE));
        let t = Instant::now();
        let p = portail::images::process(root, &assets, &mut Vec::new());
        assert_eq!(p.decoded, 1);
        runs.push(t.elapsed().as_secs_f64());
    }
    runs.sort_by(f64::total_cmp);
    let t = Instant::now();
    let warm = portail::images::process(root, &assets, &mut Vec::new());
    let warm_time = t.elapsed().as_secs_f64();
    assert_eq!(warm.decoded, 0);
    println!(
        "{{\"octets\": {}, \"froid_s\": {:.3}, \"chaud_s\": {:.4}, \"fichiers\": {}}}",
        jpeg.len(),
        runs[1],
        warm_time,
        warm.files.len()
    );
}
