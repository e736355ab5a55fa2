//! The editorial report (`portail check --report falc.html`): for each text its scores and a
//! sentence-by-sentence view of the findings, then the pages that lack an easy-to-read twin.

use super::theme::Theme;
use crate::config::Config;
use crate::content::Content;
use crate::falc::text::sentences;
use crate::falc::{Level, Text, missing_twins};
use minijinja::{Environment, Value, context};

/// Kandel–Moles on the Flesch scale.
fn km_label(s: f64) -> &'static str {
    match s {
        s if s >= 90.0 => "très facile",
        s if s >= 80.0 => "facile",
        s if s >= 70.0 => "assez facile",
        s if s >= 60.0 => "standard",
        s if s >= 50.0 => "assez difficile",
        s if s >= 30.0 => "difficile",
        _ => "très difficile",
    }
}

fn lix_label(s: f64) -> &'static str {
    match s {
        s if s < 30.0 => "très facile",
        s if s < 40.0 => "facile",
        s if s < 50.0 => "moyen",
        s if s < 60.0 => "difficile",
        _ => "très difficile",
    }
}

fn level_code(l: Level) -> &'static str {
    match l {
        Level::Error => "erreur",
        Level::Warning => "avertissement",
        Level::Info => "conseil",
    }
}

fn text_view(t: &Text, id: usize) -> Value {
    let mut used = vec![false; t.hits.len()];
    let mut blocks = Vec::new();
    for b in &t.blocks {
        let spans = sentences(&b.text);
        let mut phrases = Vec::new();
        for (i, s) in spans.iter().enumerate() {
            let start = if i == 0 { 0 } else { b.source(s.start) };
            let end = spans.get(i + 1).map_or_else(|| b.source(b.text.len()) + 1, |n| b.source(n.start));
            let mut found = Vec::new();
            for (k, h) in t.hits.iter().enumerate() {
                if !used[k]
                    && h.rule != "relecture"
                    && h.at >= start
                    && h.at < end
                    && (i > 0 || h.at >= b.source(0).saturating_sub(4))
                {
                    used[k] = true;
                    let (line, _) = t.place(h.at);
                    found.push((
                        h.level,
                        context! {
                            niveau => level_code(h.level), libelle => h.level.label(), regle => h.rule,
                            message => h.message, suggestion => h.suggestion, ligne => line,
                        },
                    ));
                }
            }
            let worst = found.iter().map(|f| f.0).min().map(level_code);
            phrases.push(context! {
                texte => b.text[s.start..s.end].replace('\n', " "),
                niveau => worst,
                constats => found.into_iter().map(|f| f.1).collect::<Vec<_>>(),
            });
        }
        blocks.push(phrases);
    }
    let rest: Vec<Value> = t
        .hits
        .iter()
        .enumerate()
        .filter(|(k, _)| !used[*k])
        .map(|(_, h)| {
            context! { niveau => level_code(h.level), libelle => h.level.label(), regle => h.rule, message => h.message,
            suggestion => h.suggestion, ligne => t.place(h.at).0 }
        })
        .collect();
    let count = |l| t.hits.iter().filter(|h| h.level == l).count();
    context! {
        id => format!("texte-{id}"),
        titre => t.title,
        fichier => t.file,
        ligne => t.first_line,
        partie => match t.part { "resume" => "résumé", "synthese" => "résumé écrit par portail", _ => "texte facile à lire" },
        chemin => t.path,
        km => format!("{:.0}", t.scores.kandel_moles),
        km_libelle => km_label(t.scores.kandel_moles),
        lix => format!("{:.0}", t.scores.lix),
        lix_libelle => lix_label(t.scores.lix),
        mots => t.scores.mots,
        phrases_nombre => t.scores.phrases,
        erreurs => count(Level::Error),
        avertissements => count(Level::Warning),
        conseils => count(Level::Info),
        blocs => blocks,
        autres => rest,
    }
}

pub fn render(cfg: &Config, c: &Content, texts: &[Text], theme: &Theme) -> Result<String, String> {
    let mut env = Environment::new();
    let source = theme.templates.get("rapport-falc.html").ok_or("gabarit rapport-falc.html absent")?;
    env.add_template("rapport-falc.html", source).map_err(|e| e.to_string())?;
    // Easy-to-read twins first, then summaries; each group by file.
    let mut order: Vec<usize> = (0..texts.len()).collect();
    order.sort_by(|a, b| {
        let (x, y) = (&texts[*a], &texts[*b]);
        (x.part != "corps", &x.file, x.first_line).cmp(&(y.part != "corps", &y.file, y.first_line))
    });
    let views: Vec<Value> = order.iter().map(|i| text_view(&texts[*i], *i)).collect();
    let total = |l| texts.iter().map(|t| t.hits.iter().filter(|h| h.level == l).count()).sum::<usize>();
    let base = cfg.base_path().trim_end_matches('/').to_string();
    let manquants: Vec<Value> = missing_twins(c)
        .into_iter()
        .map(|(path, titre, genre)| context! { titre, genre, url => format!("{base}/{path}") })
        .collect();
    let tpl = env.get_template("rapport-falc.html").map_err(|e| e.to_string())?;
    tpl.render(context! {
        site => cfg.titre,
        textes => views,
        erreurs => total(Level::Error),
        avertissements => total(Level::Warning),
        conseils => total(Level::Info),
        jumeaux => c.twins.len(),
        manquants,
        seuils => context! { phrase_conseil => cfg.falc.phrase_conseil, phrase_max => cfg.falc.phrase_max },
    })
    .map_err(|e| e.to_string())
}
