//! A whole small site from arbitrary bytes: a fiche's front matter and body, a service, a
//! referenced image and a CSV row, written to disk and built. Reaches what string-to-string
//! targets cannot: link resolution against real files, images, bulk import, the writer.
#![no_main]
use libfuzzer_sys::fuzz_target;

const SITE: &str = "titre = \"F\"\nterritoire = \"T\"\nurl = \"https://f.example.org/\"\n\n[[communes]]\ncode = \"24960\"\nnom = \"Unville\"\n\n[[axes]]\nid = \"a\"\nnumero = 1\ntitre = \"A\"\n  [[axes.objectifs]]\n  id = \"o\"\n  numero = \"1.1\"\n  titre = \"O\"\n";

fuzz_target!(|data: &[u8]| {
    // Four parts, separated by 0xFF: fiche, service, image bytes, CSV row.
    let mut parts = data.split(|b| *b == 0xFF);
    let fiche = parts.next().unwrap_or_default();
    let service = parts.next().unwrap_or_default();
    let image = parts.next().unwrap_or_default();
    let row = parts.next().unwrap_or_default();
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    let content = root.join("content");
    for d in ["actions", "annuaire"] {
        std::fs::create_dir_all(content.join(d)).unwrap();
    }
    std::fs::write(root.join("site.toml"), SITE).unwrap();
    std::fs::write(content.join("_index.md"), "+++\ntitre = \"Accueil\"\n+++\n![Une photo](actions/photo.jpg)\n").unwrap();
    let mut f = b"+++\ntitre = \"X\"\nnumero = \"1.1.1\"\naxe = \"a\"\nobjectif = \"o\"\nstatut = \"en-cours\"\n".to_vec();
    f.extend_from_slice(fiche);
    std::fs::write(content.join("actions/1.1.1-x.md"), f).unwrap();
    std::fs::write(content.join("actions/photo.jpg"), image).unwrap();
    std::fs::write(content.join("annuaire/s.md"), service).unwrap();
    let mut csv = b"id,nom,porteur,thematiques,date_maj,description\n".to_vec();
    csv.extend_from_slice(row);
    std::fs::write(content.join("annuaire/import.csv"), csv).unwrap();
    let opts = portail::Options { today: chrono::NaiveDate::from_ymd_opt(2026, 12, 1), ..portail::Options::new(root) };
    // Any outcome but a panic: a site, or findings.
    let _ = portail::build(&opts);
});
