//! The territory of a new portal from the official lists: `portail new --epci <SIREN>` (or
//! `--commune <code INSEE>`) writes its communes into `site.toml` and their legal populations
//! into the diagnostic, instead of a coordinator typing 43 INSEE codes.
//!
//! The lists are a compact copy of `@etalab/decoupage-administratif` (COG communes, EPCI
//! members, Insee legal populations), refreshed by `tools/actualiser-communes.sh`, gzipped in
//! the binary: about 0.5 MB for every commune of France.

use std::io::Read;

static LISTS: &[u8] = include_bytes!("communes.tsv.gz");

#[derive(Debug, Clone, PartialEq)]
pub struct Commune {
    pub code: String,
    pub nom: String,
    pub population: Option<u64>,
    pub codes_postaux: Vec<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Territory {
    /// « Communauté d'agglomération Le Grand Périgueux », or the commune's name.
    pub nom: String,
    pub communes: Vec<Commune>,
    /// The package version the lists came from, and the year of the legal populations.
    pub version: String,
    pub annee: String,
}

struct Lists {
    header: Vec<String>,
    /// SIREN, kind, name.
    epcis: Vec<(String, String, String)>,
    /// Commune, its EPCI.
    communes: Vec<(Commune, String)>,
}

fn lists() -> Result<Lists, String> {
    let mut text = String::new();
    flate2::read::GzDecoder::new(LISTS)
        .read_to_string(&mut text)
        .map_err(|e| format!("liste officielle des communes illisible : {e}"))?;
    let mut out = Lists { header: Vec::new(), epcis: Vec::new(), communes: Vec::new() };
    for line in text.lines() {
        let f: Vec<&str> = line.split('\t').collect();
        match f.as_slice() {
            ["#", rest @ ..] => out.header = rest.iter().map(|s| s.to_string()).collect(),
            ["E", siren, kind, nom] => out.epcis.push((siren.to_string(), kind.to_string(), nom.to_string())),
            ["C", code, nom, epci, population, postaux, ..] => out.communes.push((
                Commune {
                    code: code.to_string(),
                    nom: nom.to_string(),
                    population: population.parse().ok(),
                    codes_postaux: postaux.split_whitespace().map(str::to_string).collect(),
                },
                epci.to_string(),
            )),
            _ => {}
        }
    }
    Ok(out)
}

/// « CA Le Grand Périgueux » → « Communauté d'agglomération Le Grand Périgueux ».
fn long_name(kind: &str, nom: &str) -> String {
    let prefix = match kind {
        "CA" => "Communauté d'agglomération",
        "CC" => "Communauté de communes",
        "CU" => "Communauté urbaine",
        "METRO" | "MET69" => "Métropole",
        _ => return nom.to_string(),
    };
    match nom.strip_prefix(&format!("{kind} ")).or_else(|| nom.strip_prefix("CA ")).or_else(|| nom.strip_prefix("CC "))
    {
        Some(rest) => format!("{prefix} {rest}"),
        None => nom.to_string(),
    }
}

/// An EPCI by its SIREN (9 digits), with its member communes by name.
pub fn epci(siren: &str) -> Result<Territory, String> {
    let l = lists()?;
    let siren = siren.trim();
    let Some((_, kind, nom)) = l.epcis.iter().find(|e| e.0 == siren) else {
        let by_name = l.epcis.iter().find(|e| crate::text::fold(&e.2).contains(&crate::text::fold(siren)));
        let hint = match by_name {
            Some(e) if !siren.chars().all(|c| c.is_ascii_digit()) => {
                format!(" ; vouliez-vous dire --epci {} ({}) ?", e.0, e.2)
            }
            _ => String::new(),
        };
        return Err(format!(
            "aucune intercommunalité n'a le SIREN « {siren} » dans la liste officielle ({} {}){hint}",
            l.header.first().map_or("", String::as_str),
            l.header.get(1).map_or("", String::as_str)
        ));
    };
    let mut communes: Vec<Commune> = l.communes.iter().filter(|(_, e)| e == siren).map(|(c, _)| c.clone()).collect();
    communes.sort_by_cached_key(|c| (crate::text::fold(&c.nom), c.code.clone()));
    Ok(Territory {
        nom: long_name(kind, nom),
        communes,
        version: l.header.get(1).cloned().unwrap_or_default(),
        annee: l.header.get(2).cloned().unwrap_or_default(),
    })
}

/// One commune by its INSEE code (a town's own contract).
pub fn commune(code: &str) -> Result<Territory, String> {
    let l = lists()?;
    let code = code.trim();
    let Some((c, _)) = l.communes.iter().find(|(c, _)| c.code == code) else {
        let by_postcode: Vec<&Commune> =
            l.communes.iter().map(|(c, _)| c).filter(|c| c.codes_postaux.iter().any(|p| p == code)).collect();
        let hint = match by_postcode.as_slice() {
            [] => String::new(),
            found => format!(
                " ; c'est un code postal : le code INSEE est {}",
                found.iter().map(|c| format!("{} ({})", c.code, c.nom)).collect::<Vec<_>>().join(", ")
            ),
        };
        return Err(format!("aucune commune n'a le code INSEE « {code} » dans la liste officielle{hint}"));
    };
    Ok(Territory {
        nom: c.nom.clone(),
        communes: vec![c.clone()],
        version: l.header.get(1).cloned().unwrap_or_default(),
        annee: l.header.get(2).cloned().unwrap_or_default(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_grand_perigueux_has_its_43_communes_and_their_populations() {
        let t = epci("200040392").unwrap();
        assert_eq!(t.nom, "Communauté d'agglomération Le Grand Périgueux");
        assert_eq!(t.communes.len(), 43);
        let p = t.communes.iter().find(|c| c.code == "24322").unwrap();
        assert_eq!(p.nom, "Périgueux");
        assert!(p.population.is_some_and(|n| n > 20_000));
        assert_eq!(p.codes_postaux, ["24000"]);
        assert!(!t.version.is_empty() && t.annee.len() == 4);
    }

    #[test]
    fn unknown_codes_are_explained() {
        assert!(epci("123").unwrap_err().contains("SIREN « 123 »"));
        assert!(epci("Grand Périgueux").unwrap_err().contains("--epci 200040392"));
        let e = commune("24000").unwrap_err();
        assert!(e.contains("code postal") && e.contains("24322 (Périgueux)"), "{e}");
        assert_eq!(commune("24322").unwrap().communes.len(), 1);
    }
}
