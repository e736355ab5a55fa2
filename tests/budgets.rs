//! Costs held without timing (issue « Weight »): what a rebuild redoes. Timings stay in the
//! benchmark (`bench/`).

mod common;

use common::*;

fn drawn(stderr: &str) -> usize {
    count(stderr, "codes QR dessinés")
}

/// A count that `build -v` prints after the stages' times.
fn count(stderr: &str, label: &str) -> usize {
    stderr
        .lines()
        .find_map(|l| l.trim().strip_prefix(label))
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or_else(|| panic!("pas de compte « {label} » : {stderr}"))
}

/// Every service's QR code is encoded once; a rebuild takes them all from the cache, and a
/// service's new address is the only code encoded again. The cache keeps no code of an address
/// that is gone.
#[test]
fn a_rebuild_draws_no_qr_code() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    copy_tree(&fixture("complet"), &root);
    // Builds at `site.toml`'s address, or at another one (`--base-url`), as CI does.
    let build_at = |base: &[&str]| {
        let out = portail(&[&["build", "-q", "-v", "--root", root.to_str().unwrap()], base].concat());
        let stderr = String::from_utf8_lossy(&out.stderr).to_string();
        assert!(out.status.success(), "{stderr}");
        drawn(&stderr)
    };
    let build = || build_at(&[]);
    let first = build();
    let public = root.join("public");
    let files = walk(&public);
    // Each service page carries its code; no file beside it.
    assert!(!files.iter().any(|p| p.ends_with(".png") && p.starts_with("annuaire/")), "{files:?}");
    let codes = files
        .iter()
        .filter(|p| p.starts_with("annuaire/") && p.ends_with("/index.html"))
        .filter(|p| std::fs::read_to_string(public.join(p)).unwrap().contains("src=\"data:image/png;base64,"))
        .count();
    assert!(first > 0 && first == codes, "{first} codes pour {codes} pages qui en montrent un");
    assert_eq!(build(), 0, "une reconstruction ne dessine aucun code");
    // The preview, at its own address, leaves the site's codes in the cache.
    let mut opts = portail::Options::new(&root);
    opts.base_url = Some("http://127.0.0.1:4321/".into());
    portail::live::Live::start(&opts).unwrap();
    assert_eq!(build(), 0, "après l'aperçu, une reconstruction ne dessine aucun code");
    // `check`, which CI runs before building for another address (`--base-url`), draws none
    // and leaves the cache as it is: before, it wrote there the codes of `site.toml`'s address,
    // and the build after it drew every code again.
    let deployed = || build_at(&["--base-url", "https://ci.example.org/cls/"]);
    assert_eq!(deployed(), first, "une autre adresse, d'autres codes");
    let cache = root.join(".portail-cache/qr.bin");
    let stamp = |f: &std::path::Path| (std::fs::read(f).unwrap(), std::fs::metadata(f).unwrap().modified().unwrap());
    let before = stamp(&cache);
    let out = portail(&["check", "--root", root.to_str().unwrap()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(stamp(&cache) == before, "portail check a réécrit le cache des codes QR");
    assert_eq!(deployed(), 0, "après portail check, la construction suivante ne dessine aucun code");
    assert_eq!(build(), first, "de retour à l'adresse de site.toml");
    // One service renamed: one code drawn; the old one is gone from the cache, so renaming it
    // back draws it again.
    assert!(root.join(".portail-cache/qr.bin").is_file());
    let file = root.join("content/annuaire/dac.md");
    std::fs::rename(&file, file.with_file_name("dac-renomme.md")).unwrap();
    assert_eq!(build(), 1);
    assert_eq!(build(), 0);
    std::fs::rename(file.with_file_name("dac-renomme.md"), &file).unwrap();
    assert_eq!(build(), 1);
}

fn walk(dir: &std::path::Path) -> Vec<String> {
    snapshot_tree(dir).into_keys().collect()
}

// ---------------------------------------------------------------- the 1 000-page corpus

/// The day every budget is measured on (the late actions, the calendar and the holidays depend
/// on it), and the same as `SOURCE_DATE_EPOCH` for the command.
const DAY: &str = "2026-12-04";
const DAY_EPOCH: &str = "1796385600";

/// The benchmark's corpus of 1 000 pages (`bench/gen_corpus.py`, seed 1: 50 chapters, 350 fiches,
/// 600 services, 3 440 pilots over the corpora), in a temporary folder.
fn corpus() -> (tempfile::TempDir, std::path::PathBuf) {
    bench_corpus(1000)
}

/// What a build wrote: files, bytes, and the largest page with its size.
fn weigh(public: &std::path::Path) -> (usize, u64, (u64, String)) {
    let files = snapshot_tree(public);
    let bytes = files.values().map(|b| b.len() as u64).sum();
    let largest = files
        .iter()
        .filter(|(p, _)| p.ends_with(".html"))
        .map(|(p, b)| (b.len() as u64, p.clone()))
        .max()
        .unwrap_or_default();
    (files.len(), bytes, largest)
}

/// The budgets of the 1 000-page corpus, in a fresh folder: files and bytes written, the largest
/// page, and no QR code drawn on a rebuild. Raising one is a decision: raise it here and say why
/// in the commit. Measured on 2026-12-06: 1 951 files, 17 061 070 bytes, since each service page
/// carries its QR code (2 551 files and 17 001 248 bytes on 2026-12-05, a `qr.png` beside each
/// of the 600 service pages; 18 331 779 bytes before the
/// pages stopped carrying what only the script uses and their second copy of the menu; 19 282 582
/// before the templates' indentation was dropped), largest page
/// `annuaire/publics/personnes-en-situation-de-handicap/` at 74 663 bytes (104 504 before; before
/// the issue « Weight »: 342 MB at 10 000 pages, pages of 3 MB).
#[test]
fn the_1000_page_corpus_stays_within_its_budgets() {
    const FILES: usize = 2_000;
    const BYTES: u64 = 17_350_000;
    const LARGEST: u64 = 80_000;
    let (_tmp, root) = corpus();
    let public = root.join("public");
    let build = || {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_portail"))
            .args(["build", "-q", "-v", "--root", root.to_str().unwrap()])
            .env("SOURCE_DATE_EPOCH", DAY_EPOCH)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr).to_string();
        assert!(out.status.success(), "{stderr}");
        drawn(&stderr)
    };
    assert_eq!(build(), 600, "un code QR par service");
    let (files, bytes, (size, page)) = weigh(&public);
    assert!(files <= FILES, "{files} fichiers écrits, budget {FILES}");
    assert!(bytes <= BYTES, "{bytes} octets écrits, budget {BYTES}");
    assert!(size <= LARGEST, "la plus grande page, {page}, pèse {size} octets, budget {LARGEST}");
    assert_eq!(build(), 0, "une reconstruction ne dessine aucun code QR");
}

/// The search index cuts into words only the runs of documents whose texts changed
/// (`src/search/numbered.rs`): none on a rebuild, one for a fiche's new paragraph, and the index
/// is the same, byte for byte, as one made without the cache.
#[test]
fn a_rebuild_cuts_into_words_only_the_texts_that_changed() {
    let (_tmp, root) = corpus();
    let build = |out: &str| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_portail"))
            .args(["build", "-q", "-v", "--root", root.to_str().unwrap(), "--output", out])
            .env("SOURCE_DATE_EPOCH", DAY_EPOCH)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr).to_string();
        assert!(out.status.success(), "{stderr}");
        count(&stderr, "lots de mots refaits")
    };
    let public = root.join("public");
    let public = public.to_str().unwrap();
    let all = build(public);
    assert!(all > 2, "{all} lots pour le corpus de 1 000 pages");
    assert_eq!(build(public), 0, "une reconstruction ne découpe aucun texte");
    let fiche = first(&root, "content/actions");
    let text = std::fs::read_to_string(root.join(&fiche)).unwrap();
    std::fs::write(root.join(&fiche), format!("{text}\nUn paragraphe de plus sur la PFIDASS.\n")).unwrap();
    assert_eq!(build(public), 1, "le texte d'une fiche : son lot seul");
    // Without the cache, every run again, and the same index.
    std::fs::remove_file(root.join(".portail-cache/mots.bin")).unwrap();
    let fresh = root.with_file_name("sans-cache");
    assert_eq!(build(fresh.to_str().unwrap()), all);
    let index = |dir: &std::path::Path| snapshot_tree(&dir.join("recherche"));
    let (kept, made) = (index(&root.join("public")), index(&fresh));
    assert!(kept.len() > 10, "{} fichiers d'index", kept.len());
    assert!(kept == made, "l'index fait avec le cache diffère de l'index fait sans");
}

/// Pages the preview redoes for each kind of edit, on the 1 000-page corpus. A fiche's text is
/// its page alone; its status, the pages that list or count it; a service's hours, its page
/// alone; `site.toml`, everything.
#[test]
fn the_preview_redoes_only_what_an_edit_changes() {
    use portail::live::Live;
    const STATUS: usize = 20;
    let (_tmp, root) = corpus();
    // The corpus writes hours in the text: the first service gets them as a field, whose value
    // the edit below changes.
    let service = first(&root, "content/annuaire");
    let text = std::fs::read_to_string(root.join(&service)).unwrap();
    std::fs::write(root.join(&service), text.replacen("+++\n", "+++\nhoraires_accueil = \"Mo-Fr 09:00-12:00\"\n", 1))
        .unwrap();
    let mut opts = portail::Options::new(&root);
    opts.today = Some(DAY.parse().unwrap());
    let (mut live, _) = Live::start(&opts).unwrap();
    let pages = live.rendered.iter().filter(|p| p.ends_with(".html")).count();
    let mut redo = |file: &str, change: &dyn Fn(&str) -> String| -> Vec<String> {
        let text = std::fs::read_to_string(root.join(file)).unwrap();
        let changed = change(&text);
        assert_ne!(changed, text, "{file} : la modification ne change rien");
        std::fs::write(root.join(file), changed).unwrap();
        live.update(&[file.to_string()]).unwrap_or_else(|e| panic!("{file} : {e:?}"));
        live.catch_up().unwrap();
        live.rendered.clone()
    };
    let fiche = first(&root, "content/actions");

    let text = redo(&fiche, &|t| format!("{t}\nUn paragraphe de plus.\n"));
    assert_eq!(text.len(), 1, "le texte d'une fiche : {text:?}");

    let status = redo(&fiche, &|t| {
        let now = t.lines().find(|l| l.starts_with("statut = ")).expect("un statut").to_string();
        let next = if now.contains("en-cours") { "statut = \"reportee\"" } else { "statut = \"en-cours\"" };
        t.replacen(&now, next, 1)
    });
    assert!(
        status.len() > 1 && status.len() <= STATUS,
        "le statut d'une fiche : {} pages refaites, budget {STATUS} : {status:?}",
        status.len()
    );

    let hours = redo(&service, &|t| t.replacen("Mo-Fr 09:00-12:00", "Mo-Sa 09:00-12:30", 1));
    assert_eq!(hours.len(), 1, "les horaires d'un service : {hours:?}");

    let config = redo("site.toml", &|t| t.replacen("titre = \"", "titre = \"Nouveau titre : ", 1));
    assert!(live.full, "site.toml refait tout le site");
    assert_eq!(config.iter().filter(|p| p.ends_with(".html")).count(), pages);
}

/// An edit can make a page appear or go: a pilot named with a new initial opens the page of
/// that initial (`/suivi/pilotes/lettre-q/`), as a service can push a long list onto one page
/// more (`plan::parts`). The preview writes the new page, lets the others link to it, and drops
/// it when the edit is undone, without redoing the whole site (it did until every template was
/// given the count of pages).
#[test]
fn the_preview_adds_and_drops_the_pages_an_edit_makes_or_ends() {
    use portail::live::Live;
    let (_tmp, root) = corpus();
    let mut opts = portail::Options::new(&root);
    opts.today = Some(DAY.parse().unwrap());
    let (mut live, _) = Live::start(&opts).unwrap();
    let page = "suivi/pilotes/lettre-q/index.html";
    assert!(!live.files().contains_key(page), "le corpus n'a pas de pilote en Q");
    let fiche = first(&root, "content/actions");
    let before = std::fs::read_to_string(root.join(&fiche)).unwrap();
    let after = before.replacen("pilotes = [\"", "pilotes = [\"Quentin Quéré (CCAS)\", \"", 1);
    assert_ne!(before, after);
    std::fs::write(root.join(&fiche), &after).unwrap();
    live.update(std::slice::from_ref(&fiche)).unwrap_or_else(|e| panic!("{e:?}"));
    live.catch_up().unwrap();
    assert!(!live.full, "une page de plus ne refait pas tout le site");
    let redone = live.rendered.iter().filter(|p| p.ends_with(".html")).count();
    assert!(redone <= 40, "{redone} pages refaites : {:?}", live.rendered);
    let html = String::from_utf8(live.files()[page].bytes()).expect("la page de la lettre Q");
    assert!(html.contains("Quentin Quéré (CCAS)"), "{html}");
    let list = String::from_utf8(live.files()["suivi/pilotes/index.html"].bytes()).unwrap();
    assert!(list.contains("/suivi/pilotes/lettre-q/"), "la liste des pilotes mène à la lettre Q");

    std::fs::write(root.join(&fiche), &before).unwrap();
    live.update(std::slice::from_ref(&fiche)).unwrap_or_else(|e| panic!("{e:?}"));
    live.catch_up().unwrap();
    assert!(!live.full);
    assert!(!live.files().contains_key(page), "la page de la lettre Q reste après que son pilote est parti");
    let list = String::from_utf8(live.files()["suivi/pilotes/index.html"].bytes()).unwrap();
    assert!(!list.contains("/suivi/pilotes/lettre-q/"));
}

/// The first Markdown file of a folder of the corpus, relative to its root.
fn first(root: &std::path::Path, dir: &str) -> String {
    let mut files: Vec<String> = std::fs::read_dir(root.join(dir))
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".md") && !n.starts_with('_'))
        .collect();
    files.sort();
    format!("{dir}/{}", files[0])
}

/// The program allocates with jemalloc, set as `src/main.rs` says (one arena, freed pages given
/// back after 0.3 s): the settings that hold the build's peak memory near the system allocator's
/// while saving its time. jemalloc ignores a misnamed settings symbol without a word, hence this.
#[cfg(not(target_env = "msvc"))]
#[test]
fn the_program_runs_on_jemalloc_with_its_memory_settings() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_portail"))
        .arg("--version")
        .env("_RJEM_MALLOC_CONF", "stats_print:true")
        .output()
        .unwrap();
    assert!(out.status.success());
    let stats = String::from_utf8_lossy(&out.stderr);
    for setting in ["opt.narenas: 1\n", "opt.dirty_decay_ms: 300 ", "opt.muzzy_decay_ms: 0 "] {
        assert!(stats.contains(setting), "« {setting} » absent des statistiques de jemalloc :\n{stats}");
    }
}
