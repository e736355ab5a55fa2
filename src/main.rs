//! The `portail` command: parses arguments, calls the library, prints findings.

// jemalloc, not glibc's allocator: a build makes and drops millions of small strings and values
// (templates, search words), and glibc's malloc and free took 15 % of its CPU (perf, 10 000-page
// rebuild). `bench/run.sh` on this machine, 10 000 pages, rebuild: 1.95 s with glibc (run (11)),
// 1.61 s with these settings (run (13)); by hand, alternated, user time 2.06 to 2.95 s instead of
// 2.44 to 3.15. Its settings hold the peak memory near glibc's: one arena (the peak is what
// counts, not contention on two cores) and freed pages given back after 0.3 s. With jemalloc's
// defaults (pages kept 10 s) a build peaked at 246 to 261 MiB instead of 209 to 222; mimalloc was
// as fast but peaked at 320 to 350 MiB, and its settings that give memory back cost the time again.
#[cfg(not(target_env = "msvc"))]
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

/// jemalloc reads its settings from this symbol when it starts (tikv-jemallocator's prefix).
#[cfg(not(target_env = "msvc"))]
#[unsafe(export_name = "_rjem_malloc_conf")]
#[allow(non_upper_case_globals)]
static malloc_conf: Option<&'static std::ffi::c_char> =
    // SAFETY: a pointer to the first byte of a static NUL-terminated string, as jemalloc expects.
    Some(unsafe { &*c"narenas:1,dirty_decay_ms:300,muzzy_decay_ms:0".as_ptr() });

/// How long the preview keeps freed pages, in milliseconds. The build gives them back after 0.3 s,
/// for its peak; the preview waits for the next save, and pages given back between two saves were
/// faulted in again at each one: 22 ms for one fiche saved instead of 19 (10 000 pages, medians of
/// 15 saves 2 s apart, the two programs alternated), for a peak of 357 MiB instead of 291, under
/// twice the build's.
#[cfg(not(target_env = "msvc"))]
const PREVIEW_DECAY_MS: isize = 10_000;

/// The preview answers a saved file in about 20 ms, its threads all allocating at once: there,
/// the one shared arena cost 32 ms instead of 23 (10 000 pages, one fiche saved, median of 5,
/// three runs each). The preview's workers each get an arena of their own, and every arena keeps
/// freed pages for `PREVIEW_DECAY_MS`; the build keeps one arena and its quick decay.
#[cfg(not(target_env = "msvc"))]
fn preview_allocator() {
    use tikv_jemalloc_ctl::raw;
    // SAFETY: jemalloc's documented controls, read and written with their own types (`ssize_t`
    // for the decays, `unsigned` for arenas), the per-thread ones on the thread they are about.
    unsafe {
        // The default of the arenas made from now on, then the one that exists already.
        let _ = raw::write(b"arenas.dirty_decay_ms\0", PREVIEW_DECAY_MS);
        let _ = raw::write(b"arena.0.dirty_decay_ms\0", PREVIEW_DECAY_MS);
    }
    let _ = rayon::ThreadPoolBuilder::new()
        .start_handler(|_| unsafe {
            if let Ok(arena) = raw::read::<u32>(b"arenas.create\0") {
                let _ = raw::write(b"thread.arena\0", arena);
            }
        })
        .build_global();
}

#[cfg(target_env = "msvc")]
fn preview_allocator() {}

use clap::{Parser, Subcommand, ValueEnum};
use portail::diag::{Diagnostic, Severity};
use portail::{Failure, Options, Report};
use std::path::PathBuf;
use std::process::ExitCode;

/// `portail --version`: the version and the commit it was built from.
const VERSION: &str = concat!(env!("CARGO_PKG_VERSION"), " (", env!("PORTAIL_COMMIT"), ")");

/// Générateur de sites pour les contrats locaux de santé.
#[derive(Parser)]
#[command(name = "portail", version = VERSION, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Construit le site dans <racine>/public.
    Build {
        /// Dossier du site (celui qui contient site.toml).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Dossier de sortie (par défaut <racine>/public).
        #[arg(long)]
        output: Option<PathBuf>,
        /// Adresse publique à utiliser à la place de `url` (prévisualisations).
        #[arg(long)]
        base_url: Option<String>,
        /// N'affiche que les erreurs.
        #[arg(long, short)]
        quiet: bool,
        /// Affiche aussi le temps passé à chaque étape et la mémoire occupée.
        #[arg(long, short)]
        verbose: bool,
    },
    /// Prévisualise le site : reconstruit à chaque enregistrement et recharge les pages ouvertes.
    Serve {
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Port d'écoute (0 : un port libre).
        #[arg(long, default_value_t = 8000)]
        port: u16,
        /// Adresse d'écoute ; 127.0.0.1 par défaut : l'aperçu n'est visible que de cet ordinateur.
        #[arg(long, default_value = "127.0.0.1")]
        bind: String,
    },
    /// Écrit static/admin/ : l'éditeur en ligne Decap CMS (ou Sveltia CMS), publié à /admin/.
    Cms {
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// La forge qui héberge le dépôt : gitlab ou github.
        #[arg(long, default_value = "gitlab")]
        forge: String,
        /// Le dépôt, sous la forme groupe/projet.
        #[arg(long, default_value = "mon-groupe/mon-portail")]
        depot: String,
        /// La branche publiée.
        #[arg(long, default_value = "main")]
        branche: String,
    },
    /// Crée un nouveau portail, prêt à publier, dans un dossier vide.
    New {
        /// Le dossier à créer.
        dossier: PathBuf,
        /// Le SIREN de l'intercommunalité (EPCI) : ses communes et leur population sont écrites
        /// d'après la liste officielle.
        #[arg(long, conflicts_with = "commune")]
        epci: Option<String>,
        /// Le code INSEE d'une commune, pour le contrat d'une seule ville.
        #[arg(long)]
        commune: Option<String>,
    },
    /// Cherche dans l'index du site construit, comme le champ de recherche du site.
    Search {
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Dossier du site construit (par défaut <racine>/public).
        #[arg(long)]
        output: Option<PathBuf>,
        /// Nombre de résultats au plus.
        #[arg(long, default_value_t = 10)]
        limit: usize,
        /// Filtre par facette, par exemple thematique=sante-mentale ou type=service (répétable).
        #[arg(long = "filtre", value_name = "CLÉ=VALEUR")]
        filters: Vec<String>,
        /// Affiche aussi le type et le titre de chaque résultat.
        #[arg(long)]
        titres: bool,
        /// Les mots cherchés.
        requete: String,
    },
    /// Vérifie le contenu sans rien publier (garde seulement les images redimensionnées dans
    /// .portail-cache/, pour la construction qui suit).
    Check {
        #[arg(long, default_value = ".")]
        root: PathBuf,
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// Les avertissements comptent comme des erreurs.
        #[arg(long)]
        strict: bool,
        /// Vérifie aussi les liens vers d'autres sites (4 à la fois, 10 s au plus chacun).
        #[arg(long)]
        external_links: bool,
        /// Écrit aussi le rapport Facile à lire (HTML) dans ce fichier.
        #[arg(long, value_name = "FICHIER")]
        report: Option<PathBuf>,
    },
    /// Relit des textes selon les règles du Facile à lire : constats et scores de lisibilité.
    Falc {
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Écrit le résultat en JSON.
        #[arg(long)]
        json: bool,
        /// Fichiers Markdown (l'en-tête +++ est ignoré).
        #[arg(required = true)]
        fichiers: Vec<PathBuf>,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Text,
    Json,
    Github,
    Gitlab,
}

fn main() -> ExitCode {
    match Cli::parse().command {
        Command::Build { root, output, base_url, quiet, verbose } => {
            let opts = Options { root, output, base_url, ..Options::default() };
            let progress = (!quiet).then(Progress::start);
            let result = portail::build(&opts);
            drop(progress);
            match result {
                Ok(report) => {
                    if !quiet {
                        print_findings(&report.warnings);
                    }
                    // `-q -v`: the stages' times without the findings (benchmarks).
                    if verbose {
                        for lap in &report.timings {
                            let mib = lap.memory.map(|m| format!("{:>6} Mio", m >> 20)).unwrap_or_default();
                            // Stages made side by side are marked: their times overlap.
                            let side = if lap.overlaps { " (en parallèle)" } else { "" };
                            eprintln!("  {:<18} {:>7.1} ms {mib}{side}", lap.stage, lap.time.as_secs_f64() * 1000.0);
                        }
                        eprintln!("  images décodées     {:>5}", report.images_decoded);
                        eprintln!("  codes QR dessinés   {:>5}", report.qr_drawn);
                        eprintln!("  lots de mots refaits{:>5}", report.renumbered);
                    }
                    if !quiet {
                        eprintln!("{}", summary(&report, &opts));
                    }
                    ExitCode::SUCCESS
                }
                Err(f) => failure(f, "la construction a échoué ; le site publié n'a pas changé"),
            }
        }
        Command::Serve { root, port, bind } => {
            preview_allocator();
            let opts = Options::new(root);
            let printer = |e: portail::serve::Event| match e {
                portail::serve::Event::Ready { url } => {
                    println!("{url}");
                    eprintln!("Aperçu sur {url} — il se met à jour à chaque enregistrement. Ctrl+C pour arrêter.");
                }
                portail::serve::Event::Rebuilt { changed, report } => {
                    // After the first build, only the warnings of the files just saved.
                    let shown: Vec<Diagnostic> = report
                        .warnings
                        .iter()
                        .filter(|d| changed.is_empty() || changed.contains(&d.file))
                        .cloned()
                        .collect();
                    print_findings(&shown);
                    let secs = format!("{:.3}", report.elapsed.as_secs_f64()).replace('.', ",");
                    if changed.is_empty() {
                        eprintln!("{} construites en {secs} s", plural(report.pages, "page"));
                    } else {
                        eprintln!("modifié : {} → reconstruit en {secs} s", changed.join(", "));
                    }
                }
                portail::serve::Event::Failed { findings, .. } => {
                    print_findings(findings);
                    eprintln!("{} — l'aperçu garde la dernière version correcte", count_line(findings));
                }
                portail::serve::Event::IoError(e) => eprintln!("erreur : {e}"),
            };
            match portail::serve::run(opts, &bind, port, &printer) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("erreur : {e}");
                    ExitCode::from(1)
                }
            }
        }
        Command::Cms { root, forge, depot, branche } => {
            let text = std::fs::read_to_string(root.join("site.toml")).unwrap_or_default();
            let mut findings = Vec::new();
            let Some(config) = portail::config::parse(&text, &mut findings) else {
                print_findings(&findings);
                return ExitCode::from(1);
            };
            match portail::cms::write(&root, &config, &forge, &depot, &branche) {
                Ok(files) => {
                    files.iter().for_each(|f| eprintln!("  écrit : {}", f.display()));
                    eprintln!("L'éditeur sera en ligne à {}admin/ après la prochaine publication.", config.url);
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("erreur : {e}");
                    ExitCode::from(1)
                }
            }
        }
        Command::Search { root, output, limit, filters, titres, requete } => {
            let mut opts = Options::new(root);
            opts.output = output;
            let filters: Result<Vec<(String, String)>, String> = filters
                .iter()
                .map(|f| {
                    f.split_once('=')
                        .map(|(k, v)| (k.to_string(), v.to_string()))
                        .ok_or_else(|| format!("filtre « {f} » : écrivez clé=valeur, par exemple type=service"))
                })
                .collect();
            let query = filters.map(|filters| portail::search::query::Query { text: requete, filters });
            match query.and_then(|q| portail::search(&opts, &q, limit).map_err(|e| e.to_string())) {
                Ok(hits) => {
                    for h in hits {
                        if titres {
                            println!("/{}\t{}\t{}", h.path, h.kind, h.title);
                        } else {
                            println!("/{}", h.path);
                        }
                    }
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("erreur : {e}");
                    ExitCode::from(2)
                }
            }
        }
        Command::New { dossier, epci, commune } => {
            match portail::new::create(&dossier, epci.as_deref(), commune.as_deref()) {
                Ok(files) => {
                    for f in files {
                        eprintln!("  créé : {}", dossier.join(f).display());
                    }
                    eprintln!(
                        "Portail créé dans {}. Ensuite : cd {} && portail build",
                        dossier.display(),
                        dossier.display()
                    );
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("erreur : {e}");
                    ExitCode::from(1)
                }
            }
        }
        Command::Falc { root, json, fichiers } => match portail::falc_files(&root, &fichiers) {
            Ok(texts) => {
                if json {
                    println!("{}", falc_json(&texts));
                } else {
                    for t in &texts {
                        for h in &t.hits {
                            let (line, col) = t.place(h.at);
                            println!("{}:{line}:{col} : {} ({}) : {}", t.file, h.level.label(), h.rule, h.message);
                            if let Some(s) = &h.suggestion {
                                println!("    suggestion : {s}");
                            }
                        }
                        let s = &t.scores;
                        println!(
                            "{} : {} mots, {} phrases ; Kandel-Moles {:.1}, LIX {:.1}",
                            t.file, s.mots, s.phrases, s.kandel_moles, s.lix
                        );
                    }
                }
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("erreur : {e}");
                ExitCode::from(2)
            }
        },
        Command::Check { root, format, strict, external_links, report } => {
            let opts = Options { external_links, ..Options::new(root) };
            if let Some(path) = &report {
                match portail::falc_report(&opts) {
                    Ok(html) => {
                        if let Err(e) = std::fs::write(path, html) {
                            eprintln!("erreur : {} : {e}", path.display());
                            return ExitCode::from(2);
                        }
                        eprintln!("rapport Facile à lire écrit dans {}", path.display());
                    }
                    Err(Failure::Io(e)) => eprintln!("erreur : {e}"),
                    Err(Failure::Template(e)) => eprintln!("erreur : {e}"),
                    Err(Failure::Content(_)) => eprintln!("rapport Facile à lire impossible : site.toml est illisible"),
                }
            }
            let (findings, failed) = match portail::check(&opts) {
                Ok(r) => {
                    let failed = strict && !r.warnings.is_empty();
                    (r.warnings, failed)
                }
                Err(Failure::Content(d)) => (d, true),
                Err(Failure::Io(e)) => {
                    eprintln!("erreur : {e}");
                    return ExitCode::from(1);
                }
                Err(Failure::Template(e)) => {
                    eprintln!("erreur : {e}");
                    return ExitCode::from(1);
                }
            };
            match format {
                Format::Text => {
                    print_findings(&findings);
                    eprintln!("{}", count_line(&findings));
                }
                Format::Json => println!("{}", json(&findings)),
                Format::Github => findings.iter().for_each(|d| println!("{}", github(d))),
                Format::Gitlab => println!("{}", gitlab(&findings)),
            }
            if failed { ExitCode::from(1) } else { ExitCode::SUCCESS }
        }
    }
}

fn falc_json(texts: &[portail::falc::Text]) -> String {
    let files: Vec<serde_json::Value> = texts
        .iter()
        .map(|t| {
            let hits: Vec<serde_json::Value> = t
                .hits
                .iter()
                .map(|h| {
                    let (line, column) = t.place(h.at);
                    serde_json::json!({"rule": h.rule, "level": h.level, "line": line, "column": column,
                        "message": h.message, "suggestion": h.suggestion})
                })
                .collect();
            serde_json::json!({"file": t.file, "scores": t.scores, "findings": hits})
        })
        .collect();
    serde_json::json!({ "files": files }).to_string()
}

/// A spinner with the elapsed time, shown only when a build lasts more than a second and
/// standard error is a terminal (indicatif hides itself otherwise).
struct Progress {
    done: std::sync::Arc<std::sync::atomic::AtomicBool>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Progress {
    fn start() -> Self {
        let done = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        let flag = std::sync::Arc::clone(&done);
        let thread = std::thread::spawn(move || {
            let wait = std::time::Instant::now();
            while wait.elapsed() < std::time::Duration::from_secs(1) {
                if flag.load(std::sync::atomic::Ordering::Relaxed) {
                    return;
                }
                std::thread::sleep(std::time::Duration::from_millis(20));
            }
            let bar = indicatif::ProgressBar::new_spinner();
            bar.set_style(
                indicatif::ProgressStyle::with_template("{spinner} construction du site… {elapsed}")
                    .unwrap_or_else(|_| indicatif::ProgressStyle::default_spinner()),
            );
            while !flag.load(std::sync::atomic::Ordering::Relaxed) {
                bar.tick();
                std::thread::sleep(std::time::Duration::from_millis(80));
            }
            bar.finish_and_clear();
        });
        Progress { done, thread: Some(thread) }
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        self.done.store(true, std::sync::atomic::Ordering::Relaxed);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

fn failure(f: Failure, what: &str) -> ExitCode {
    match f {
        Failure::Content(d) => {
            print_findings(&d);
            eprintln!("{} — {what}", count_line(&d));
        }
        Failure::Io(e) => eprintln!("erreur : {e} — {what}"),
        Failure::Template(e) => eprintln!("erreur : {e} — {what}"),
    }
    ExitCode::from(1)
}

fn print_findings(findings: &[Diagnostic]) {
    for d in findings {
        eprintln!("{d}");
    }
}

fn plural(n: usize, w: &str) -> String {
    if n > 1 { format!("{n} {w}s") } else { format!("{n} {w}") }
}

fn count_line(d: &[Diagnostic]) -> String {
    let errors = d.iter().filter(|d| d.severity == Severity::Error).count();
    let warnings = d.len() - errors;
    format!("{}, {}", plural(errors, "erreur"), plural(warnings, "avertissement"))
}

fn summary(r: &Report, opts: &Options) -> String {
    let secs = format!("{:.2}", r.elapsed.as_secs_f64()).replace('.', ",");
    format!(
        "{}, {}, {} en {secs} s → {}{}",
        plural(r.pages, "page"),
        plural(r.actions, "fiche"),
        plural(r.services, "service"),
        opts.output_dir().display(),
        if r.warnings.is_empty() { String::new() } else { format!(" ({})", count_line(&r.warnings)) }
    )
}

fn json(findings: &[Diagnostic]) -> String {
    let (errors, warnings): (Vec<&Diagnostic>, Vec<&Diagnostic>) =
        findings.iter().partition(|d| d.severity == Severity::Error);
    serde_json::json!({ "errors": errors, "warnings": warnings }).to_string()
}

fn github(d: &Diagnostic) -> String {
    let level = if d.severity == Severity::Error { "error" } else { "warning" };
    let mut props = format!("file={}", d.file);
    if let Some(l) = d.line {
        props.push_str(&format!(",line={l}"));
    }
    if let Some(c) = d.column {
        props.push_str(&format!(",col={c}"));
    }
    let mut msg = d.message.clone();
    if let Some(s) = &d.suggestion {
        msg.push_str(&format!(" — suggestion : {s}"));
    }
    let esc = |s: &str| s.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A");
    format!("::{level} {},title={}::{}", esc(&props), d.rule, esc(&msg))
}

/// GitLab Code Quality report: a JSON array of issues with a stable fingerprint.
fn gitlab(findings: &[Diagnostic]) -> String {
    let issues: Vec<serde_json::Value> = findings
        .iter()
        .map(|d| {
            let mut description = d.message.clone();
            if let Some(s) = &d.suggestion {
                description.push_str(&format!(" — suggestion : {s}"));
            }
            let key = format!("{}|{}|{:?}|{}|{}", d.rule, d.file, d.line, d.field.as_deref().unwrap_or(""), d.message);
            serde_json::json!({
                "description": description,
                "check_name": d.rule,
                "fingerprint": fingerprint(&key),
                "severity": if d.severity == Severity::Error { "major" } else { "minor" },
                "location": { "path": d.file, "lines": { "begin": d.line.unwrap_or(1) } },
            })
        })
        .collect();
    serde_json::Value::Array(issues).to_string()
}

/// Stable across runs and Rust versions, so GitLab follows a finding from one pipeline to the next.
fn fingerprint(s: &str) -> String {
    format!("{:016x}", portail::diag::fnv1a(s.as_bytes()))
}

#[cfg(all(test, not(target_env = "msvc")))]
mod tests {
    use tikv_jemalloc_ctl::raw;

    /// The settings are written through jemalloc's controls, which fail without a word when a name
    /// is wrong: read them back, on each worker of the pool the preview uses.
    #[test]
    fn the_preview_workers_have_arenas_of_their_own_that_keep_freed_pages() {
        super::preview_allocator();
        // SAFETY: as in `preview_allocator`, each control read with its own type.
        let decay_of = |arena: u32| unsafe { raw::read::<isize>(format!("arena.{arena}.dirty_decay_ms\0").as_bytes()) };
        let workers = rayon::broadcast(|_| {
            let arena = unsafe { raw::read::<u32>(b"thread.arena\0") }.unwrap();
            (arena, decay_of(arena).unwrap())
        });
        assert_eq!(workers.len(), rayon::current_num_threads());
        for (arena, decay) in workers {
            assert_ne!(arena, 0, "un fil de calcul de l'aperçu partage l'arène 0");
            assert_eq!(decay, super::PREVIEW_DECAY_MS, "arène {arena}");
        }
        assert_eq!(decay_of(0).unwrap(), super::PREVIEW_DECAY_MS, "arène 0");
    }
}
