//! The full fixture site: a path prefix, every optional field, bulk CSV and JSON.

mod common;

use common::*;
use std::path::PathBuf;

fn build() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    copy_tree(&fixture("complet"), &root);
    let out = portail(&["build", "--root", root.to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "la construction doit réussir :\n{stderr}");
    assert!(!stderr.contains("erreur :"), "{stderr}");
    let public = root.join("public");
    (tmp, public)
}

fn read(public: &std::path::Path, path: &str) -> String {
    std::fs::read_to_string(public.join(path)).unwrap_or_else(|e| panic!("{path} : {e}"))
}

#[test]
fn every_stable_address_of_the_content_model_exists() {
    let (_t, public) = build();
    for path in [
        "index.html",
        "contrat/index.html",
        "contrat/01-preambule/index.html",
        "contrat/diagnostic-partage/index.html",
        "actions/index.html",
        "actions/1.1.1-pfidass/index.html",
        "actions/2.1.1-minimale/index.html",
        "actions/axes/acces/index.html",
        "actions/axes/prevention/index.html",
        "annuaire/index.html",
        "annuaire/pfidass-test/index.html",
        "annuaire/dac/index.html",
        "annuaire/csv-permanence/index.html",
        "annuaire/json-service/index.html",
        "annuaire/communes/24950/index.html",
        "annuaire/communes/24952/index.html",
        "annuaire/thematiques/sante-mentale/index.html",
        "annuaire/thematiques/addictions/index.html",
        "annuaire/publics/jeunes/index.html",
        "structures/cpam-test/index.html",
        "structures/structure-json/index.html",
        "glossaire/index.html",
        "facile-a-lire/index.html",
        "actions/1.1.1-pfidass/facile-a-lire/index.html",
        "annuaire/pfidass-test/facile-a-lire/index.html",
        "accessibilite/index.html",
        "plan-du-site/index.html",
        "actualites/index.html",
        "actualites/2026-01-forum/index.html",
        "actualites/atom.xml",
        "pages/contact/index.html",
        "sitemap.xml",
        "robots.txt",
        "404.html",
        "docs/plan.pdf",
        "actions/affiche.svg",
    ] {
        assert!(public.join(path).is_file(), "{path} manque");
    }
}

#[test]
fn no_internal_link_is_broken_under_a_path_prefix() {
    let (_t, public) = build();
    let broken = broken_links(&public, "/cls/");
    assert!(broken.is_empty(), "liens cassés :\n{}", broken.join("\n"));
    let problems = structure_problems(&public);
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    let home = read(&public, "index.html");
    let css = home.split("<link rel=\"stylesheet\" href=\"").nth(1).and_then(|r| r.split('"').next()).unwrap();
    assert!(
        css.starts_with("/cls/theme/style.")
            && css.ends_with(".css")
            && css.len() == "/cls/theme/style.12345678.css".len(),
        "{css}"
    );
    assert!(public.join(css.trim_start_matches("/cls/")).is_file(), "feuille de style au nom haché");
    assert!(home.contains("href=\"/cls/annuaire/pfidass-test/\""), "lien Markdown relatif vers un service");
    assert!(home.contains("href=\"/cls/docs/plan.pdf\""), "lien vers static/");
}

#[test]
fn feeds_and_sitemap_use_absolute_addresses_with_the_prefix() {
    let (_t, public) = build();
    let sitemap = read(&public, "sitemap.xml");
    assert!(sitemap.contains("<loc>https://exemple.org/cls/actions/1.1.1-pfidass/</loc>"), "{sitemap}");
    assert!(!sitemap.contains("404"));
    let atom = read(&public, "actualites/atom.xml");
    assert!(atom.contains("<link href=\"https://exemple.org/cls/actualites/2026-01-forum/\"/>"), "{atom}");
    assert!(atom.contains("<updated>2026-01-15T00:00:00Z</updated>"));
    assert!(atom.contains("Annonce du forum &lt;accès&gt;."), "le résumé est échappé");
    assert!(atom.contains("&lt;p&gt;Le forum"), "le contenu HTML est du texte échappé");
    let robots = read(&public, "robots.txt");
    assert!(robots.contains("Sitemap: https://exemple.org/cls/sitemap.xml"));
}

#[test]
fn a_fiche_action_shows_its_fields_in_words() {
    let (_t, public) = build();
    let html = read(&public, "actions/1.1.1-pfidass/index.html");
    for needle in [
        "Fiche-action 1.1.1",
        "Du <time datetime=\"2025-01-15\">15 janvier 2025</time> au <time datetime=\"2027-12-31\">31 décembre 2027</time>",
        "Professionnels, Personnes en situation de précarité",
        "<h3>Social</h3>",
        "CAF (test) : Repérage",
        "<h3>Santé</h3>",
        "Sessions d&#39;information",
        "4 sessions au <time datetime=\"2025-12-31\">31 décembre 2025</time> (Deux sessions reportées)",
        "67 % de l'objectif",
        "href=\"/cls/annuaire/pfidass-test/\"",
        "href=\"/cls/annuaire/csv-permanence/\"",
        "Forum accès aux droits",
        "<time datetime=\"2026-05-12T14:00+02:00\">",
        "Budget : 15\u{202F}000 €",
        "Accessibilité (géographique, administrative, financière, socio-culturelle, organisationnelle)",
        "Inscrite au contrat de ville",
        "href=\"/cls/actions/1.1.1-pfidass/facile-a-lire/\"",
        "<abbr title=\"Caisse d&#39;allocations familiales\">CAF</abbr>",
        "src=\"/cls/actions/affiche.svg\"",
    ] {
        assert!(html.contains(needle), "la fiche doit contenir {needle:?}");
    }
    assert_eq!(html.matches("<abbr").count(), 1, "un sigle n'est expliqué qu'à sa première occurrence");
}

#[test]
fn a_service_page_says_how_to_reach_the_service() {
    let (_t, public) = build();
    let html = read(&public, "annuaire/pfidass-test/index.html");
    for needle in [
        "href=\"tel:+33199009100\"",
        "Du lundi au vendredi : de 8 h 30 à 12 h et de 13 h 30 à 16 h 30",
        "Fermé les jours fériés",
        "Informations vérifiées le <time datetime=\"2026-03-01\">1er mars 2026</time>",
        "2 rue de la Santé",
        "Bâtiment B",
        "href=\"/cls/structures/cpam-test/\"",
        "Payant : Gratuit pour les bénéficiaires de la C2S",
        "Toutes les communes du territoire.",
        "href=\"/cls/actions/1.1.1-pfidass/\"",
    ] {
        assert!(html.contains(needle), "la page service doit contenir {needle:?}");
    }
    assert!(!html.contains("Ancien nom : PFIDASS"), "un ancien nom déjà dans le titre n'est pas répété");
    let dac = read(&public, "annuaire/dac/index.html");
    assert!(
        dac.contains("Ancien nom : PTA") && dac.contains("Ancien nom : MAIA"),
        "le DAC se retrouve sous ses anciens noms"
    );
}

#[test]
fn bulk_rows_are_published_and_mapped() {
    let (_t, public) = build();
    let csv = read(&public, "annuaire/csv-permanence/index.html");
    assert!(csv.contains("Permanence importée d’un tableur."));
    let theme = read(&public, "annuaire/thematiques/sante-mentale/index.html");
    assert!(
        theme.contains("Permanence CSV"),
        "le code data·inclusion sante--sante-mentale est rangé sous sante-mentale"
    );
    let json = read(&public, "annuaire/json-service/index.html");
    assert!(json.contains("href=\"/cls/structures/structure-json/\""));
    let commune = read(&public, "annuaire/communes/24951/index.html");
    assert!(commune.contains("Permanence CSV"), "sans zone, un service sert la commune de son lieu");
    assert!(commune.contains("Mission accompagnement santé"), "zone « 24 » : le département");
    let commune = read(&public, "annuaire/communes/24952/index.html");
    assert!(commune.contains("Dispositif d&#39;appui"), "zone SIREN du territoire : toutes les communes");
    let jeunes = read(&public, "annuaire/publics/jeunes/index.html");
    assert!(jeunes.contains("Service importé"), "public data·inclusion « jeunes » du JSON");
    assert!(jeunes.contains("Mission accompagnement santé"), "les services ouverts à tous sont listés");
    assert!(!jeunes.contains("Dispositif d&#39;appui"), "un service sans ce public n'y est pas");
    assert!(read(&public, "annuaire/index.html").contains("href=\"/cls/annuaire/publics/jeunes/\""));
}

#[test]
fn easy_to_read_twins_link_both_ways_and_logo_needs_proofreading() {
    let (_t, public) = build();
    let twin = read(&public, "actions/1.1.1-pfidass/facile-a-lire/index.html");
    assert!(twin.contains("href=\"/cls/actions/1.1.1-pfidass/\""), "retour vers l'original");
    assert!(twin.contains("logo-facile-a-lire.svg"), "relu = true avec relu_par et date : logo");
    assert!(twin.contains("<h1>Promouvoir la PFIDASS</h1>"), "titre hérité de l'original");
    let unproofread = read(&public, "annuaire/pfidass-test/facile-a-lire/index.html");
    assert!(!unproofread.contains("logo-facile-a-lire.svg"), "sans relecture, jamais de logo");
    let index = read(&public, "facile-a-lire/index.html");
    assert!(index.contains("Ce site parle de santé."), "le jumeau de l'accueil est l'index");
    assert!(index.contains("href=\"/cls/actions/1.1.1-pfidass/facile-a-lire/\""));
    assert!(index.contains("href=\"/cls/annuaire/pfidass-test/facile-a-lire/\""));
}

#[test]
fn accessibility_statement_follows_site_toml() {
    let (_t, public) = build();
    let html = read(&public, "accessibilite/index.html");
    assert!(html.contains("<strong>totalement conforme</strong>"));
    assert!(html.contains("Cartes interactives des partenaires"));
    assert!(html.contains("Défenseur des droits"));
    assert!(html.contains("mailto:a11y@example.org"));
    let home = read(&public, "index.html");
    assert!(home.contains("Accessibilité : totalement conforme"));
}

#[test]
fn base_url_flag_rewrites_every_address() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    copy_tree(&fixture("complet"), &root);
    let out = portail(&["build", "--root", root.to_str().unwrap(), "--base-url", "https://apercu.example.org/mr-12/"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let public = root.join("public");
    let broken = broken_links(&public, "/mr-12/");
    assert!(broken.is_empty(), "{}", broken.join("\n"));
    assert!(read(&public, "sitemap.xml").contains("https://apercu.example.org/mr-12/annuaire/"));
}

#[test]
fn the_link_checker_catches_a_broken_link_and_a_missing_anchor() {
    let (_t, public) = build();
    let page = public.join("pages/contact/index.html");
    let html = std::fs::read_to_string(&page).unwrap();
    let html =
        html.replace("</main>", "<a href=\"/cls/nulle-part/\">x</a><a href=\"/cls/glossaire/#absente\">y</a></main>");
    std::fs::write(&page, html).unwrap();
    let broken = broken_links(&public, "/cls/");
    assert_eq!(broken.len(), 2, "{broken:?}");
    let page = public.join("glossaire/index.html");
    let html =
        std::fs::read_to_string(&page).unwrap().replace("</main>", "<h1>Deuxième</h1><h3 id=\"contenu\">x</h3></main>");
    std::fs::write(&page, html).unwrap();
    let problems = structure_problems(&public);
    assert_eq!(problems.len(), 3, "deux h1, un niveau sauté, un id en double : {problems:?}");
}

#[test]
fn a_site_theme_overrides_single_templates_and_assets() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    copy_tree(&fixture("complet"), &root);
    let templates = root.join("themes/maison/templates");
    std::fs::create_dir_all(&templates).unwrap();
    std::fs::create_dir_all(root.join("themes/maison/assets")).unwrap();
    std::fs::write(
        templates.join("404.html"),
        "{% extends \"base.html\" %}{% block content %}<h1>Perdu ?</h1>{% endblock %}",
    )
    .unwrap();
    std::fs::write(root.join("themes/maison/assets/extra.css"), "body{}").unwrap();
    // A partial that base.html renders once per build can be replaced too.
    std::fs::create_dir_all(templates.join("partiels")).unwrap();
    std::fs::write(templates.join("partiels/pied.html"), "<footer id=\"pied\">Pied de la maison</footer>").unwrap();
    let toml =
        std::fs::read_to_string(root.join("site.toml")).unwrap().replace("theme = \"defaut\"", "theme = \"maison\"");
    std::fs::write(root.join("site.toml"), toml).unwrap();
    let out = portail(&["build", "--root", root.to_str().unwrap()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let public = root.join("public");
    assert!(read(&public, "404.html").contains("<h1>Perdu ?</h1>"));
    assert!(read(&public, "404.html").contains("/cls/theme/style."), "le reste vient du thème par défaut");
    assert!(read(&public, "index.html").contains("Trouver de l"), "les autres gabarits ne changent pas");
    for page in ["index.html", "404.html", "annuaire/index.html"] {
        assert!(read(&public, page).contains("<footer id=\"pied\">Pied de la maison</footer>"), "{page}");
    }
    assert!(std::fs::read_dir(public.join("theme")).unwrap().flatten().any(|e| {
        let n = e.file_name().to_string_lossy().into_owned();
        n.starts_with("extra.") && n.ends_with(".css")
    }));
}

#[test]
fn the_output_folder_cannot_be_the_site_itself() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    copy_tree(&fixture("complet"), &root);
    let out = portail(&["build", "--root", root.to_str().unwrap(), "--output", root.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(root.join("site.toml").is_file(), "le site est intact");
    assert!(String::from_utf8_lossy(&out.stderr).contains("ne peut pas servir de dossier de sortie"));
}

#[test]
fn the_data_inclusion_export_survives_a_round_trip() {
    let (_t, public) = build();
    let exported = read(&public, "donnees/annuaire.json");
    // A fresh site with the same configuration, whose directory is only that export.
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("neuf");
    std::fs::create_dir_all(root.join("content/annuaire")).unwrap();
    std::fs::copy(fixture("complet").join("site.toml"), root.join("site.toml")).unwrap();
    std::fs::write(root.join("content/_index.md"), "+++\ntitre = \"Accueil\"\n+++\n").unwrap();
    std::fs::write(root.join("content/annuaire/import.json"), &exported).unwrap();
    let out = portail(&["build", "--root", root.to_str().unwrap()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let first: serde_json::Value = serde_json::from_str(&exported).unwrap();
    let second: serde_json::Value = serde_json::from_str(&read(&root.join("public"), "donnees/annuaire.json")).unwrap();
    assert_eq!(first["services"], second["services"], "services identiques après un aller-retour");
    assert_eq!(first["structures"], second["structures"], "structures identiques après un aller-retour");
    assert!(root.join("public/annuaire/pfidass-test/index.html").is_file(), "mêmes adresses");
}

fn json_ld(html: &str) -> serde_json::Value {
    let start = html.find("<script type=\"application/ld+json\">").expect("JSON-LD")
        + "<script type=\"application/ld+json\">".len();
    let end = start + html[start..].find("</script>").unwrap();
    serde_json::from_str(&html[start..end]).expect("JSON-LD valide")
}

#[test]
fn pages_carry_schema_org_json_ld() {
    let (_t, public) = build();
    let service = json_ld(&read(&public, "annuaire/pfidass-test/index.html"));
    assert_eq!(service["@type"], "GovernmentService");
    assert_eq!(service["provider"]["address"]["postalCode"], "24950");
    assert_eq!(service["provider"]["telephone"], "+33199009100");
    assert_eq!(service["provider"]["openingHoursSpecification"][0]["opens"], "08:30");
    assert_eq!(service["url"], "https://exemple.org/cls/annuaire/pfidass-test/");
    let events = json_ld(&read(&public, "actions/1.1.1-pfidass/index.html"));
    assert_eq!(events[0]["@type"], "Event");
    assert_eq!(events[0]["startDate"], "2026-05-12T14:00:00+02:00");
    let home = json_ld(&read(&public, "index.html"));
    assert_eq!(home["@type"], "GovernmentOrganization");
    assert_eq!(home["telephone"], "+33199009000");
}

#[test]
fn agenda_lists_upcoming_then_past_events() {
    for (epoch, forum_is_past) in [("1767225600", false), ("1790000000", true)] {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("site");
        copy_tree(&fixture("complet"), &root);
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_portail"))
            .args(["build", "--root", root.to_str().unwrap()])
            .env("SOURCE_DATE_EPOCH", epoch)
            .output()
            .unwrap();
        assert!(out.status.success());
        let html = read(&root.join("public"), "agenda/index.html");
        let past = html.find("id=\"titre-passes\"").unwrap();
        let forum = html.find("Forum accès aux droits").unwrap();
        assert_eq!(forum > past, forum_is_past, "jour de construction {epoch}");
    }
    let (_t, public) = build();
    let html = read(&public, "agenda/index.html");
    let upcoming = html.find("id=\"titre-a-venir\"").unwrap();
    let past = html.find("id=\"titre-passes\"").unwrap();
    assert!(upcoming < past);
    assert!(html.contains("href=\"/cls/actions/1.1.1-pfidass/agenda.ics\""));
    assert!(public.join("agenda.ics").is_file() && public.join("actions/1.1.1-pfidass/agenda.ics").is_file());
    assert!(
        !public.join("actions/2.1.1-minimale/agenda.ics").exists(),
        "pas de fichier vide pour une fiche sans rendez-vous"
    );
}

/// The menu, the section names of the breadcrumbs and the footer are rendered once per build and
/// arguments (`partial_cached`): every page still marks its own section, whatever its kind.
#[test]
fn every_page_marks_its_own_section_in_the_menu() {
    let (_tmp, public) = build();
    let footer = |html: &str| {
        let at = html.find("<footer")?;
        Some(html[at..at + html[at..].find("</footer>")?].to_string())
    };
    let home_footer = footer(&read(&public, "index.html")).expect("pied de page de l'accueil");
    let mut seen = 0;
    for (rel, bytes) in snapshot_tree(&public).iter().filter(|(rel, _)| rel.ends_with(".html")) {
        let html = String::from_utf8_lossy(bytes);
        let Some(at) = html.find("<nav aria-label=\"Menu principal\">") else { continue };
        seen += 1;
        let path = rel.strip_suffix("index.html").unwrap_or(rel).to_string();
        let menu = &html[at..at + html[at..].find("</nav>").unwrap()];
        for item in menu.split("<li>").skip(1) {
            let href = item.split("href=\"").nth(1).and_then(|s| s.split('"').next()).unwrap();
            let item_path = href.strip_prefix("/cls/").unwrap_or_else(|| panic!("{rel} : {href}"));
            let expected = if item_path == path {
                Some("page")
            } else if !item_path.is_empty() && path.starts_with(item_path) {
                Some("true")
            } else {
                None
            };
            let found = item.split("aria-current=\"").nth(1).and_then(|s| s.split('"').next());
            assert_eq!(found, expected, "{rel} : l'entrée {href} du menu");
        }
        assert_eq!(footer(&html).as_deref(), Some(home_footer.as_str()), "{rel} : le pied de page");
    }
    assert!(seen > 40, "{seen} pages avec un menu");
    // Sections named in the breadcrumbs by the template, not by their page.
    let service = read(&public, "annuaire/json-service/index.html");
    assert!(service.contains(
        "<li><a href=\"/cls/\">Accueil</a></li><li><a href=\"/cls/annuaire/\">Trouver de l&#39;aide</a></li>"
    ));
}
