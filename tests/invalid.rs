//! Broken sites: each case breaks the minimal fixture in one way and checks that the build
//! fails with exit code 1, names the file and line, suggests the fix, does not panic, and
//! leaves the previously built `public/` byte-identical.

mod common;

use common::*;
use std::path::Path;

/// One way to break the minimal site.
enum Edit {
    /// Replace the first occurrence of a text in a file.
    Replace(&'static str, &'static str, &'static str),
    /// Write a whole file.
    Write(&'static str, &'static str),
    /// Write raw bytes.
    Bytes(&'static str, &'static [u8]),
}

struct Case {
    name: &'static str,
    edits: Vec<Edit>,
    file: &'static str,
    line: Option<usize>,
    message: &'static str,
    suggestion: Option<&'static str>,
}

const ACTION: &str = "content/actions/1.1.1-droits.md";
const SERVICE: &str = "content/annuaire/pfidass.md";
const GLOSSARY: &str = "content/glossaire.toml";
const CSV: &str = "content/annuaire/import.csv";

fn cases() -> Vec<Case> {
    use Edit::*;
    let c = |name, edits, file, line, message, suggestion| Case { name, edits, file, line, message, suggestion };
    vec![
        c(
            "statut-inconnu",
            vec![Replace(ACTION, "\"en-cours\"", "\"en cours\"")],
            ACTION,
            Some(6),
            "« en cours » n'est pas une valeur connue",
            Some("« en-cours »"),
        ),
        c(
            "champ-inconnu",
            vec![Replace(ACTION, "titre =", "tilte =")],
            ACTION,
            Some(2),
            "champ inconnu « tilte »",
            Some("« titre »"),
        ),
        c(
            "champ-obligatoire",
            vec![Replace(ACTION, "statut = \"en-cours\"\n", "")],
            ACTION,
            Some(2),
            "« statut » manque",
            Some("en-cours"),
        ),
        c(
            "axe-inconnu",
            vec![Replace(ACTION, "axe = \"acces\"", "axe = \"acess\"")],
            ACTION,
            Some(4),
            "l'axe « acess » n'existe pas",
            Some("« acces »"),
        ),
        c(
            "objectif-d-un-autre-axe",
            vec![Replace(ACTION, "objectif = \"droits\"", "objectif = \"addictions\"")],
            ACTION,
            Some(5),
            "appartient à l'axe « prevention »",
            Some("axe = \"prevention\""),
        ),
        c(
            "objectif-inconnu",
            vec![Replace(ACTION, "objectif = \"droits\"", "objectif = \"droit\"")],
            ACTION,
            Some(5),
            "l'objectif « droit » n'existe pas",
            Some("« droits »"),
        ),
        c(
            "ressource-cassee",
            vec![Replace(ACTION, "[\"pfidass\"]", "[\"pfidas\"]")],
            ACTION,
            Some(12),
            "aucun service de l'annuaire n'a l'identifiant « pfidas »",
            Some("« pfidass »"),
        ),
        c(
            "commune-inconnue",
            vec![Replace(ACTION, "[\"24960\"]", "[\"24969\"]")],
            ACTION,
            Some(9),
            "la commune « 24969 » n'est pas déclarée",
            Some("2496"),
        ),
        c(
            "commune-par-son-nom",
            vec![Replace(ACTION, "[\"24960\"]", "[\"Unville\"]")],
            ACTION,
            Some(9),
            "la commune « Unville »",
            Some("« 24960 »"),
        ),
        c(
            "numero-en-double",
            vec![Write(
                "content/actions/1.1.1-autre.md",
                "+++\ntitre = \"Autre\"\nnumero = \"1.1.1\"\naxe = \"acces\"\nobjectif = \"droits\"\nstatut = \"a-venir\"\n+++\n",
            )],
            "content/actions/1.1.1-droits.md",
            Some(3),
            "le numéro 1.1.1 est déjà pris",
            Some("propre numéro"),
        ),
        c(
            "date-impossible",
            vec![Replace(ACTION, "date_maj = 2026-03-01", "date_maj = \"2026-02-30\"")],
            ACTION,
            Some(8),
            "le 30/02/2026 n'existe pas",
            Some("AAAA-MM-JJ"),
        ),
        c(
            "date-en-mots",
            vec![Replace(ACTION, "date_maj = 2026-03-01", "date_maj = \"hier\"")],
            ACTION,
            Some(8),
            "n'est pas une date valide",
            Some("2026-03-01"),
        ),
        c(
            "public-inconnu",
            vec![Replace(ACTION, "[\"seniors\"]", "[\"senior\"]")],
            ACTION,
            Some(10),
            "« senior » n'est pas une valeur connue",
            Some("« seniors »"),
        ),
        c(
            "theme-mal-ecrit",
            vec![Replace(ACTION, "[\"acces-aux-droits\"]", "[\"Accès aux droits\"]")],
            ACTION,
            Some(11),
            "n'est pas une valeur connue de « thematiques »",
            Some("« acces-aux-droits »"),
        ),
        c(
            "secteur-inconnu",
            vec![Replace(ACTION, "secteur = \"social\"", "secteur = \"sociale\"")],
            ACTION,
            Some(16),
            "« sociale » n'est pas une valeur connue de « partenaires[1].secteur »",
            Some("« social »"),
        ),
        c(
            "resume-trop-long",
            vec![Replace(
                ACTION,
                "\"Aider à ouvrir ses droits.\"",
                "\"Aider à ouvrir ses droits. Aider à ouvrir ses droits. Aider à ouvrir ses droits. Aider à ouvrir ses droits. Aider à ouvrir ses droits. Aider à ouvrir ses droits. Aider à ouvrir ses droits. Aider à ouvrir ses droits. Aider à ouvrir ses droits. Aider à ouvrir ses droits. Aider à ouvrir ses droits. Aider à ouvrir ses droits.\"",
            )],
            ACTION,
            Some(7),
            "300 au plus",
            Some("phrases simples"),
        ),
        c(
            "toml-guillemet",
            vec![Replace(ACTION, "titre = \"Accès aux droits\"", "titre = \"Accès aux droits")],
            ACTION,
            Some(2),
            "syntaxe TOML invalide",
            Some("guillemets"),
        ),
        c(
            "nombre-sans-guillemets",
            vec![Replace(ACTION, "numero = \"1.1.1\"", "numero = 1.1")],
            ACTION,
            Some(3),
            "« numero » doit être du texte",
            Some("numero = \"1.1\""),
        ),
        c(
            "sans-entete",
            vec![Write(ACTION, "titre = \"Accès\"\n")],
            ACTION,
            Some(1),
            "doit commencer par un en-tête",
            Some("+++"),
        ),
        c(
            "entete-yaml",
            vec![Write(ACTION, "---\ntitle: Accès\n---\n")],
            ACTION,
            Some(1),
            "portail attend du TOML",
            Some("+++"),
        ),
        c(
            "entete-non-ferme",
            vec![Write(ACTION, "+++\ntitre = \"Accès\"\n")],
            ACTION,
            Some(1),
            "n'est jamais fermé",
            Some("+++"),
        ),
        c(
            "structure-cassee",
            vec![Replace(SERVICE, "structure = \"cpam\"", "structure = \"cpm\"")],
            SERVICE,
            Some(4),
            "aucune structure n'a l'identifiant « cpm »",
            Some("« cpam »"),
        ),
        c(
            "url-javascript",
            vec![Replace(SERVICE, "\"https://example.org/pfidass\"", "\"javascript:alert(1)\"")],
            SERVICE,
            Some(10),
            "« javascript: » n'est pas autorisé",
            None,
        ),
        c(
            "url-sans-protocole",
            vec![Replace(SERVICE, "\"https://example.org/pfidass\"", "\"example.org/pfidass\"")],
            SERVICE,
            Some(10),
            "doit commencer par https://",
            Some("https://example.org/pfidass"),
        ),
        c(
            "courriel-invalide",
            vec![Replace(SERVICE, "pfidass@example.org", "pfidass[at]example.org")],
            SERVICE,
            Some(9),
            "n'est pas une adresse électronique valide",
            Some("pfidass@example.org"),
        ),
        c(
            "horaires-en-francais",
            vec![Replace(SERVICE, "\"Mo-Fr 08:30-12:00\"", "\"lundi au vendredi 08h30-12h00\"")],
            SERVICE,
            Some(7),
            "horaires « lundi au vendredi 08h30-12h00 » illisibles",
            Some("Mo-Fr 08:30-12:00"),
        ),
        c(
            "telephone-en-lettres",
            vec![Replace(SERVICE, "\"01 99 00 70 00\"", "\"appeler la mairie\"")],
            SERVICE,
            Some(8),
            "n'est pas un numéro de téléphone",
            Some("01 99 00 12 34"),
        ),
        c(
            "service-sans-date",
            vec![Replace(SERVICE, "date_maj = 2026-03-01\n", "")],
            SERVICE,
            Some(2),
            "« date_maj » manque",
            Some("date_maj ="),
        ),
        c(
            "zone-inconnue",
            vec![Replace(SERVICE, "[\"24\"]", "[\"Dordogne\"]")],
            SERVICE,
            Some(11),
            "« Dordogne » n'est ni un code commune",
            Some("\"24\""),
        ),
        c(
            "frais-inconnu",
            vec![Replace(SERVICE, "\"gratuit\"", "\"gratos\"")],
            SERVICE,
            Some(6),
            "« gratos » n'est pas une valeur connue",
            Some("gratuit"),
        ),
        c(
            "service-en-double",
            vec![Write(
                "content/annuaire/doublon.md",
                "+++\ntitre = \"Doublon\"\nid = \"pfidass\"\nporteur = \"X\"\ndate_maj = 2026-01-01\n+++\n",
            )],
            "content/annuaire/pfidass.md",
            Some(2),
            "l'identifiant « pfidass » est déjà utilisé",
            Some("id unique"),
        ),
        c(
            "id-reserve",
            vec![Write(
                "content/annuaire/communes.md",
                "+++\ntitre = \"Réservé\"\nporteur = \"X\"\ndate_maj = 2026-01-01\n+++\n",
            )],
            "content/annuaire/communes.md",
            Some(2),
            "est réservé",
            None,
        ),
        c(
            "glossaire-voir-casse",
            vec![Replace(GLOSSARY, "voir = \"pfidass\"", "voir = \"pfidas\"")],
            GLOSSARY,
            Some(5),
            "aucun service de l'annuaire n'a l'identifiant « pfidas »",
            Some("« pfidass »"),
        ),
        c(
            "glossaire-doublon",
            vec![Replace(GLOSSARY, "sigle = \"CAF\"", "sigle = \"PFIDASS\"")],
            GLOSSARY,
            Some(8),
            "« PFIDASS » est déjà défini à la ligne 1",
            Some("regroupez"),
        ),
        c(
            "csv-theme-inconnu",
            vec![Replace(CSV, "sante-mentale,", "sante-mental,")],
            CSV,
            Some(3),
            "« sante-mental » n'est pas une valeur connue",
            Some("« sante-mentale »"),
        ),
        c(
            "csv-colonnes",
            vec![Replace(CSV, "ligne-b,Service B,Mairie", "ligne-b,Service B,Mairie,en trop")],
            CSV,
            Some(3),
            "cette ligne a 7 colonnes au lieu de 6",
            Some("guillemets"),
        ),
        c(
            "csv-colonne-inconnue",
            vec![Replace(CSV, ",telephone\n", ",telephne\n")],
            CSV,
            Some(2),
            "colonne inconnue « telephne »",
            Some("« telephone »"),
        ),
        c(
            "json-invalide",
            vec![Write("content/annuaire/export.json", "[\n  {\"id\": \"x\",\n   \"nom\": \"X\"\n  \n]\n")],
            "content/annuaire/export.json",
            Some(5),
            "JSON invalide",
            None,
        ),
        c(
            "site-insee",
            vec![Replace("site.toml", "code = \"24961\"", "code = \"2496\"")],
            "site.toml",
            Some(10),
            "n'est pas un code INSEE",
            Some("code postal"),
        ),
        c(
            "site-sans-url",
            vec![Replace("site.toml", "url = \"https://min.example.org/\"\n", "")],
            "site.toml",
            Some(1),
            "« url » manque",
            Some("url ="),
        ),
        c(
            "site-champ-inconnu",
            vec![Replace("site.toml", "territoire =", "teritoire =")],
            "site.toml",
            Some(2),
            "champ inconnu « teritoire »",
            Some("« territoire »"),
        ),
        c(
            "site-objectif-en-double",
            vec![Replace(
                "site.toml",
                "id = \"addictions\"\n  numero = \"2.1\"\n  titre = \"Addictions\"",
                "id = \"addictions\"\n  numero = \"2.1\"\n  titre = \"Addictions\"\n  [[axes.objectifs]]\n  id = \"addictions\"\n  numero = \"2.2\"\n  titre = \"Bis\"",
            )],
            "site.toml",
            Some(31),
            "déjà utilisé par un autre objectif de cet axe",
            None,
        ),
        c(
            "site-theme-absent",
            vec![Replace(
                "site.toml",
                "url = \"https://min.example.org/\"",
                "url = \"https://min.example.org/\"\ntheme = \"moderne\"",
            )],
            "site.toml",
            None,
            "le thème « moderne » est introuvable",
            Some("theme = \"defaut\""),
        ),
        c(
            "lien-casse",
            vec![Replace(ACTION, "../annuaire/pfidass.md", "../annuaire/pfidas.md")],
            ACTION,
            Some(20),
            "ne mène à aucun fichier",
            Some("../annuaire/pfidass.md"),
        ),
        c(
            "lien-javascript",
            vec![Replace(ACTION, "../annuaire/pfidass.md", "javascript:alert(1)")],
            ACTION,
            Some(20),
            "n'est pas autorisé",
            None,
        ),
        c(
            "lien-hors-du-site",
            vec![Replace(ACTION, "../annuaire/pfidass.md", "../../../etc/passwd")],
            ACTION,
            Some(20),
            "sort du dossier content/",
            None,
        ),
        c(
            "html-brut",
            vec![Replace(ACTION, "Texte de la fiche.", "Texte <script>alert(1)</script>")],
            ACTION,
            Some(18),
            "HTML brut non autorisé",
            Some("Markdown"),
        ),
        c(
            "jumeau-orphelin",
            vec![Write("content/actions/1.1.1-droit.falc.md", "Texte facile.\n")],
            "content/actions/1.1.1-droit.falc.md",
            Some(1),
            "sans page d'origine",
            Some("1.1.1-droits.falc.md"),
        ),
        c(
            "pas-en-utf8",
            vec![Bytes(ACTION, b"+++\ntitre = \"Acc\xe8s\"\n+++\n")],
            ACTION,
            Some(2),
            "n'est pas en UTF-8",
            Some("UTF-8"),
        ),
        c(
            "actualite-sans-date",
            vec![Replace("content/actualites/2026-01-a.md", "date = 2026-01-10\n", "")],
            "content/actualites/2026-01-a.md",
            Some(2),
            "a besoin d'une « date »",
            Some("date = "),
        ),
        c(
            "evenement-commune",
            vec![Replace(
                ACTION,
                "[[partenaires]]",
                "[[evenements]]\ntitre = \"Forum\"\ndebut = 2026-05-12T14:00:00+02:00\ncommune = \"99999\"\n\n[[partenaires]]",
            )],
            ACTION,
            Some(17),
            "la commune « 99999 »",
            None,
        ),
        c(
            "dates-inversees",
            vec![Replace(
                ACTION,
                "date_maj = 2026-03-01",
                "date_maj = 2026-03-01\ndebut = 2026-05-01\nfin = 2025-01-01",
            )],
            ACTION,
            Some(10),
            "finit (2025-01-01) avant de commencer",
            None,
        ),
        c(
            "image-absente-nommee-comme-la-page",
            vec![
                Write("content/actualites/affiche.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>"),
                Replace(
                    "content/actualites/2026-01-a.md",
                    "date = 2026-01-10\n+++\n",
                    "date = 2026-01-10\n+++\n![L'affiche](2026-01-a.jpg)\n",
                ),
            ],
            "content/actualites/2026-01-a.md",
            Some(5),
            "l'image « 2026-01-a.jpg » ne mène à aucun fichier",
            Some("affiche.svg"),
        ),
        c(
            "tous-publics-pas-seul",
            vec![Replace(
                SERVICE,
                "frais = \"gratuit\"",
                "frais = \"gratuit\"\npublics = [\"seniors\", \"tous-publics\"]",
            )],
            SERVICE,
            Some(7),
            "« tous-publics » s'emploie seul",
            Some("publics = [\"seniors\"]"),
        ),
        c(
            "cible-negative",
            vec![Replace(
                ACTION,
                "[[partenaires]]",
                "[[indicateurs]]\nlibelle = \"Ateliers\"\ncible = -8\n\n[[partenaires]]",
            )],
            ACTION,
            Some(16),
            "« cible » vaut -8 : pas de nombre négatif pour une quantité",
            Some("cible = 8"),
        ),
        c(
            "reference-negative",
            vec![Replace(
                ACTION,
                "[[partenaires]]",
                "[[indicateurs]]\nlibelle = \"Ateliers\"\nreference = -3\n\n[[partenaires]]",
            )],
            ACTION,
            Some(16),
            "« reference » vaut -3 : pas de nombre négatif pour une quantité",
            Some("reference = 3"),
        ),
        c(
            "mesure-dans-le-futur",
            vec![Replace(
                ACTION,
                "[[partenaires]]",
                "[[indicateurs]]\nlibelle = \"Ateliers\"\n  [[indicateurs.mesures]]\n  date = 2062-12-31\n  valeur = 4\n\n[[partenaires]]",
            )],
            ACTION,
            Some(17),
            "la mesure est datée du 2062-12-31",
            Some("vérifiez l'année"),
        ),
        c(
            "valeur-et-constat",
            vec![Replace(
                ACTION,
                "[[partenaires]]",
                "[[indicateurs]]\nlibelle = \"Délais\"\n  [[indicateurs.mesures]]\n  date = 2025-12-31\n  valeur = 4\n  constat = \"Plus courts.\"\n\n[[partenaires]]",
            )],
            ACTION,
            Some(19),
            "soit une valeur (un nombre), soit un constat",
            Some("deux [[indicateurs.mesures]]"),
        ),
        c(
            "bilan-dans-le-futur",
            vec![Replace(
                ACTION,
                "[[partenaires]]",
                "[[bilans]]\ndate = 2061-06-30\nstatut = \"en-cours\"\ntexte = \"Six ateliers.\"\n\n[[partenaires]]",
            )],
            ACTION,
            Some(15),
            "le bilan est daté du 2061-06-30",
            Some("vérifiez l'année"),
        ),
        c(
            "axes-vides",
            vec![Write(
                "site.toml",
                "titre = \"CLS minimal\"\nterritoire = \"T\"\nurl = \"https://min.example.org/\"\naxes = []\n\n[[communes]]\ncode = \"24960\"\nnom = \"Unville\"\n",
            )],
            "site.toml",
            Some(4),
            "la liste des axes est vide",
            Some("[[axes]]"),
        ),
        c(
            "accolade-non-fermee",
            vec![Replace(
                "site.toml",
                "url = \"https://min.example.org/\"",
                "url = \"https://min.example.org/\"\nperiode = { debut = 2019-10-01, fin = 2023-12-31\ntheme = \"defaut\"",
            )],
            "site.toml",
            Some(4),
            "l'accolade « { » ouverte ici n'est jamais fermée",
            Some("}"),
        ),
        c(
            "cle-en-double",
            vec![Replace(ACTION, "resume = ", "titre = \"Encore\"\nresume = ")],
            ACTION,
            Some(7),
            "la clé « titre » est écrite deux fois (déjà ligne 2)",
            Some("titre = …"),
        ),
        c(
            // The file system would refuse the name: `check` says so before `build` fails.
            "identifiant-trop-long",
            vec![Replace(CSV, "ligne-b,", Box::leak(format!("{},", "b".repeat(300)).into_boxed_str()))],
            CSV,
            Some(3),
            "contient un nom de 300 octets",
            Some("255 octets au plus"),
        ),
        c(
            // Two files that only a case-sensitive file system tells apart.
            "adresses-qui-different-par-la-casse",
            vec![
                Bytes("content/actions/Affiche.pdf", b"%PDF-1.4 a"),
                Bytes("content/actions/affiche.pdf", b"%PDF-1.4 b"),
            ],
            "content/actions/affiche.pdf",
            None,
            "ne diffèrent que par les majuscules",
            Some("minuscules"),
        ),
        // A pilot has an address from three actions on (`follow::PILOT_PAGE_MIN`).
        c(
            "pilote-trop-long",
            {
                let pilot: &'static str =
                    Box::leak(format!("pilotes = [\"{}\"]\npublics = ", "Pôle ".repeat(60)).into_boxed_str());
                let fiche = |n: u32| -> &'static str {
                    Box::leak(
                        format!(
                            "+++\ntitre = \"Action {n}\"\nnumero = \"1.1.{n}\"\naxe = \"acces\"\nobjectif = \"droits\"\nstatut = \"en-cours\"\nresume = \"Une action.\"\ndate_maj = 2026-03-01\n{pilot}[\"seniors\"]\n+++\nTexte.\n"
                        )
                        .into_boxed_str(),
                    )
                };
                vec![
                    Replace(ACTION, "publics = ", pilot),
                    Write("content/actions/1.1.2-deux.md", fiche(2)),
                    Write("content/actions/1.1.3-trois.md", fiche(3)),
                ]
            },
            ACTION,
            None,
            "l'adresse /suivi/pilotes/pole-pole",
            Some("255 octets au plus"),
        ),
        c(
            "element-vide",
            vec![Replace(ACTION, "publics = [\"seniors\"]", "publics = [\"seniors\", \"  \"]")],
            ACTION,
            Some(10),
            "l'élément 2 de « publics » est vide",
            Some("retirez cet élément"),
        ),
        c(
            "montant-impossible",
            vec![Replace(
                ACTION,
                "[[partenaires]]",
                "[financement]\nmontant = 9_000_000_000_000_000_000\n\n[[partenaires]]",
            )],
            ACTION,
            Some(15),
            "« montant » vaut 9\u{202f}000\u{202f}000",
            Some("montant = 100000000000"),
        ),
        c(
            "part-au-dela-de-100",
            vec![Replace(
                ACTION,
                "[[partenaires]]",
                "[[indicateurs]]\nlibelle = \"Part des personnes suivies\"\nunite = \"%\"\ncible = 140\n\n[[partenaires]]",
            )],
            ACTION,
            Some(17),
            "« cible » vaut 140 : une part en pourcentage va de 0 à 100",
            Some("cible = 100"),
        ),
        c(
            "ancre-absente",
            vec![Replace(ACTION, "../annuaire/pfidass.md", "../annuaire/pfidass.md#horaires-absents")],
            ACTION,
            Some(20),
            "l'ancre « #horaires-absents » n'existe pas",
            None,
        ),
    ]
}

fn apply(root: &Path, edit: &Edit) {
    match edit {
        Edit::Replace(file, from, to) => {
            let path = root.join(file);
            let text = std::fs::read_to_string(&path).unwrap();
            assert!(text.contains(from), "{file} ne contient pas {from:?}");
            std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
        }
        Edit::Write(file, text) => std::fs::write(root.join(file), text).unwrap(),
        Edit::Bytes(file, bytes) => std::fs::write(root.join(file), bytes).unwrap(),
    }
}

fn run(case: &Case) -> Result<(), String> {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    copy_tree(&fixture("minimal"), &root);
    let root_s = root.to_str().unwrap();
    let first = portail(&["build", "--root", root_s]);
    if !first.status.success() {
        return Err(format!("le site de départ doit se construire : {}", String::from_utf8_lossy(&first.stderr)));
    }
    let before = snapshot_tree(&root.join("public"));
    for e in &case.edits {
        apply(&root, e);
    }
    let out = portail(&["build", "--root", root_s]);
    let stderr = String::from_utf8_lossy(&out.stderr).to_string();
    let mut problems = Vec::new();
    if out.status.code() != Some(1) {
        problems.push(format!("code de sortie {:?} au lieu de 1", out.status.code()));
    }
    if stderr.contains("panicked") {
        problems.push("panique".into());
    }
    let place = match case.line {
        Some(l) => format!("{}:{l}", case.file),
        None => case.file.to_string(),
    };
    let line_ok = stderr.lines().any(|l| {
        (l.starts_with(&format!("{place}:")) || l.starts_with(&format!("{place} "))) && l.contains(case.message)
    });
    if !line_ok {
        problems.push(format!("aucune ligne « {place} … {} »", case.message));
    }
    if let Some(s) = case.suggestion
        && !stderr.lines().any(|l| l.trim_start().starts_with("suggestion :") && l.contains(s))
    {
        problems.push(format!("pas de suggestion contenant {s:?}"));
    }
    if snapshot_tree(&root.join("public")) != before {
        problems.push("public/ a changé".into());
    }
    // `check --format json` reports the same finding with its place and suggestion.
    let check = portail(&["check", "--root", root_s, "--format", "json"]);
    if check.status.code() != Some(1) {
        problems.push(format!("check : code {:?} au lieu de 1", check.status.code()));
    }
    match serde_json::from_slice::<serde_json::Value>(&check.stdout) {
        Ok(json) => {
            let found = json["errors"].as_array().into_iter().flatten().any(|e| {
                e["file"] == case.file
                    && case.line.is_none_or(|l| e["line"] == l)
                    && e["message"].as_str().is_some_and(|m| m.contains(case.message))
                    && case.suggestion.is_none_or(|s| e["suggestion"].as_str().is_some_and(|x| x.contains(s)))
            });
            if !found {
                problems.push(format!("check --format json ne contient pas l'erreur attendue : {json}"));
            }
        }
        Err(e) => problems.push(format!("check --format json illisible : {e}")),
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(format!("{}\n{}\n--- sortie ---\n{stderr}", case.name, problems.join("\n")))
    }
}

#[test]
fn every_broken_site_fails_clearly_and_keeps_the_published_site() {
    let cases = cases();
    assert!(cases.len() >= 30);
    let failures: Vec<String> = cases.iter().filter_map(|c| run(c).err()).collect();
    assert!(failures.is_empty(), "{} cas sur {} échouent :\n\n{}", failures.len(), cases.len(), failures.join("\n\n"));
}

#[test]
fn all_problems_of_a_file_are_reported_in_one_run() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    copy_tree(&fixture("minimal"), &root);
    apply(&root, &Edit::Replace(ACTION, "\"en-cours\"", "\"en cours\""));
    apply(&root, &Edit::Replace(ACTION, "[\"seniors\"]", "[\"senior\"]"));
    apply(&root, &Edit::Replace(SERVICE, "\"gratuit\"", "\"gratos\""));
    let out = portail(&["check", "--root", root.to_str().unwrap(), "--format", "json"]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let errors = json["errors"].as_array().unwrap();
    assert_eq!(errors.len(), 3, "{json}");
    for e in errors {
        for key in ["file", "line", "column", "rule", "message", "suggestion"] {
            assert!(e.get(key).is_some(), "champ {key} absent de {e}");
        }
    }
}

#[test]
fn warnings_do_not_stop_the_build_unless_strict() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    copy_tree(&fixture("minimal"), &root);
    apply(&root, &Edit::Replace(SERVICE, "date_maj = 2026-03-01", "date_maj = 2019-03-01"));
    let r = root.to_str().unwrap();
    let build = portail(&["build", "--root", r]);
    assert!(build.status.success());
    let stderr = String::from_utf8_lossy(&build.stderr);
    assert!(stderr.contains("content/annuaire/pfidass.md:12:12 : avertissement (champ « date_maj ») : informations vérifiées il y a plus de deux ans"), "{stderr}");
    assert_eq!(portail(&["check", "--root", r]).status.code(), Some(0));
    assert_eq!(portail(&["check", "--root", r, "--strict"]).status.code(), Some(1));
    let gh = portail(&["check", "--root", r, "--format", "github"]);
    let gh = String::from_utf8_lossy(&gh.stdout);
    assert!(gh.contains("::warning file=content/annuaire/pfidass.md,line=12,col=12,title=date-perimee::"), "{gh}");
}

#[test]
fn gitlab_code_quality_report_is_well_formed() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    copy_tree(&fixture("minimal"), &root);
    apply(&root, &Edit::Replace(ACTION, "\"en-cours\"", "\"en cours\""));
    let out = portail(&["check", "--root", root.to_str().unwrap(), "--format", "gitlab"]);
    assert_eq!(out.status.code(), Some(1));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let issues = report.as_array().unwrap();
    let statut = issues.iter().find(|i| i["check_name"] == "code-inconnu").expect("le statut inconnu");
    assert_eq!(statut["location"]["path"], ACTION);
    assert_eq!(statut["location"]["lines"]["begin"], 6);
    assert_eq!(statut["severity"], "major");
    assert!(statut["description"].as_str().unwrap().contains("en-cours"));
    let fingerprints: std::collections::BTreeSet<&str> =
        issues.iter().map(|i| i["fingerprint"].as_str().unwrap()).collect();
    assert_eq!(fingerprints.len(), issues.len(), "empreintes uniques");
    let again = portail(&["check", "--root", root.to_str().unwrap(), "--format", "gitlab"]);
    assert_eq!(again.stdout, out.stdout, "empreintes stables d'une exécution à l'autre");
}

#[test]
fn usage_errors_exit_with_two() {
    assert_eq!(portail(&["build", "--inconnu"]).status.code(), Some(2));
    assert_eq!(portail(&["check", "--format", "xml"]).status.code(), Some(2));
}

#[test]
fn a_missing_site_toml_is_explained() {
    let tmp = tempfile::tempdir().unwrap();
    let out = portail(&["build", "--root", tmp.path().to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("site.toml : erreur : site.toml introuvable"), "{stderr}");
    assert!(!tmp.path().join("public").exists());
}

#[cfg(unix)]
#[test]
fn a_symlink_out_of_the_site_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    copy_tree(&fixture("minimal"), &root);
    std::fs::write(tmp.path().join("secret.txt"), "secret").unwrap();
    std::os::unix::fs::symlink(tmp.path().join("secret.txt"), root.join("content/actions/secret.txt")).unwrap();
    std::os::unix::fs::symlink(&root, root.join("content/boucle")).unwrap();
    let out = portail(&["build", "--root", root.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("content/actions/secret.txt : erreur : lien symbolique vers un fichier hors du site"),
        "{stderr}"
    );
    assert!(!root.join("public").exists());
}

#[test]
fn a_review_frequency_makes_an_entry_stale_sooner() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    copy_tree(&fixture("minimal"), &root);
    let check = |root: &std::path::Path| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_portail"))
            .args(["check", "--root", root.to_str().unwrap(), "--format", "json"])
            .env("SOURCE_DATE_EPOCH", "1790000000") // 2026-09-21
            .output()
            .unwrap();
        serde_json::from_slice::<serde_json::Value>(&out.stdout).unwrap()
    };
    let stale = |json: &serde_json::Value| {
        json["warnings"].as_array().unwrap().iter().any(|w| w["rule"] == "date-perimee" && w["file"] == SERVICE)
    };
    assert!(!stale(&check(&root)), "vérifié il y a 7 mois : à jour avec le rythme par défaut de 24 mois");
    apply(&root, &Edit::Replace(SERVICE, "date_maj = 2026-03-01", "date_maj = 2026-03-01\nverification_mois = 6"));
    let json = check(&root);
    assert!(stale(&json), "{json}");
    let w = json["warnings"].as_array().unwrap().iter().find(|w| w["rule"] == "date-perimee").unwrap();
    assert!(w["message"].as_str().unwrap().contains("plus de 6 mois"), "{w}");
    std::fs::write(
        root.join("site.toml"),
        std::fs::read_to_string(root.join("site.toml")).unwrap() + "\n[annuaire]\nverification_mois = 3\n",
    )
    .unwrap();
    apply(&root, &Edit::Replace(SERVICE, "verification_mois = 6\n", ""));
    assert!(stale(&check(&root)), "le rythme du site s'applique aux services sans le leur");
}

#[test]
fn unusual_inputs_build_or_fail_clearly() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    copy_tree(&fixture("minimal"), &root);
    std::fs::create_dir_all(root.join("content/pages")).unwrap();
    // A 10 MB page, a list nested 200 levels deep, a file name with spaces and accents,
    // an empty glossary and an empty CSV.
    let big = "Une phrase de la page très longue. ".repeat(10 * 1024 * 1024 / 36);
    std::fs::write(root.join("content/pages/grande.md"), format!("+++\ntitre = \"Grande page\"\n+++\n{big}\n"))
        .unwrap();
    let nested: String = (0..200).map(|i| format!("{}- niveau {i}\n", "  ".repeat(i))).collect();
    std::fs::write(root.join("content/pages/imbriquee.md"), format!("+++\ntitre = \"Listes\"\n+++\n{nested}")).unwrap();
    std::fs::write(root.join("content/pages/Mentions légales.md"), "+++\ntitre = \"Mentions\"\n+++\nTexte.\n").unwrap();
    std::fs::write(root.join("content/glossaire.toml"), "").unwrap();
    std::fs::write(root.join("content/annuaire/vide.csv"), "").unwrap();
    let start = std::time::Instant::now();
    let out = portail(&["build", "--root", root.to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(start.elapsed() < std::time::Duration::from_secs(60));
    assert!(root.join("public/pages/mentions-legales/index.html").is_file());
    assert!(std::fs::read_to_string(root.join("public/pages/imbriquee/index.html")).unwrap().contains("niveau 199"));
    // Empty content files are explained, never a panic.
    std::fs::write(root.join("content/pages/vide.md"), "").unwrap();
    std::fs::write(root.join("content/annuaire/vide.json"), "").unwrap();
    let out = portail(&["build", "--root", root.to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1));
    assert!(!stderr.contains("panicked"));
    assert!(stderr.contains("content/pages/vide.md:1 : erreur : le fichier doit commencer par un en-tête"), "{stderr}");
    assert!(stderr.contains("content/annuaire/vide.json:1:1 : erreur : JSON invalide"), "{stderr}");
}

#[test]
fn an_interrupted_build_never_leaves_a_broken_file() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    copy_tree(&fixture("complet"), &root);
    let r = root.to_str().unwrap();
    assert!(portail(&["build", "--root", r]).status.success());
    let before = snapshot_tree(&root.join("public"));
    std::fs::write(root.join("content/pages/contact.md"), "+++\ntitre = \"Contact modifié\"\n+++\nNouveau.\n").unwrap();
    let mut states = Vec::new();
    for delay in [0u64, 5, 15, 40, 80] {
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_portail"))
            .args(["build", "--root", r, "--quiet"])
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(delay));
        let _ = child.kill();
        let _ = child.wait();
        states.push((delay, snapshot_tree(&root.join("public"))));
    }
    assert!(portail(&["build", "--root", r]).status.success(), "la construction suivante réussit");
    let after = snapshot_tree(&root.join("public"));
    assert!(String::from_utf8_lossy(&after["pages/contact/index.html"]).contains("Contact modifié"));
    assert_ne!(before, after);
    // Files move into the site whole, one at a time, only once the build succeeded: whenever it
    // stops, each file is its old or its new version, and none the two sites share is missing.
    for (delay, now) in &states {
        for (path, bytes) in now {
            assert!(
                before.get(path) == Some(bytes) || after.get(path) == Some(bytes),
                "après un arrêt à {delay} ms, {path} n'est ni l'ancien ni le nouveau"
            );
        }
        for path in before.keys().filter(|p| after.contains_key(*p)) {
            assert!(now.contains_key(path), "après un arrêt à {delay} ms, {path} manque");
        }
    }
    let leftovers: Vec<_> = std::fs::read_dir(&root)
        .unwrap()
        .flatten()
        // The caches (images, QR codes) stay; the staging folders of an interrupted run do not.
        .filter(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            name.starts_with(".portail-tmp-") || name.starts_with(".portail-ancien-")
        })
        .collect();
    assert!(leftovers.is_empty(), "les dossiers temporaires d'un arrêt sont nettoyés");
}
