#!/usr/bin/env python3
"""Copied unchanged from the workplace's shared/bench/gen_corpus.py (2026-12-04), so that the
benchmark and the budget tests (tests/budgets.rs) run from a clone of this repository alone.

Deterministic synthetic corpus for a "Contrat Local de Santé" (CLS) portal.

Generates N pages:
  ~5%  contract chapters      (section "contrat", 1500-3000 words, headings, lists, a table)
  ~35% fiches-actions         (section "fiches-actions", 400-900 words, rich front matter)
  ~60% directory resources    (section "annuaire", 80-200 words, contact front matter)

Output formats:
  portail a site in the content model of shared/spec/content-model.md
  hugo   a ready-to-build Hugo site (hugo.toml, content/, layouts/, static/)
  zola   a ready-to-build Zola site (config.toml, content/, templates/, static/)
  jsonl  one JSON object per page (all fields + markdown body), for other emitters

Usage:
  gen_corpus.py --pages N --format portail|hugo|zola|jsonl --out DIR --seed S

The same (N, seed) gives byte-identical page content in every format.
Only the Python standard library is used.
"""

import argparse
import json
import os
import random
import shutil
import sys
import unicodedata
from datetime import date, timedelta

# --------------------------------------------------------------------------
# Vocabulary
# --------------------------------------------------------------------------

STEMS = [
    "Bréval", "Montclar", "Vézelay", "Rochefort", "Beaulieu", "Villeneuve", "Châteaubourg",
    "Étréchy", "Pézenas", "Aubière", "Mérignac", "Sérignan", "Lézignan", "Carmaux", "Gréoux",
    "Améliéville", "Brévannes", "Crécy", "Dieulefit", "Écouché", "Fréjus", "Gérardmer",
    "Hérouville", "Issoire", "Jœuf", "Lédignan", "Mâcon", "Nérac", "Orléat", "Pérols",
    "Quérigut", "Réalmont", "Sées", "Tréguier", "Uzès", "Valréas", "Wissembourg", "Yenne",
    "Aiguèze", "Bédarieux", "Cénac", "Dompierre", "Égletons", "Figeac", "Gimont", "Hyères",
    "Isigny", "Joinville", "Lamalou", "Mézières", "Nogent", "Oloron", "Pontrieux", "Quimperlé",
    "Revel", "Saugues", "Thénezay", "Ussel", "Vénissieux", "Bourg-Achard", "Céret", "Dinéault",
    "Épernon", "Forcalquier", "Guéret", "Hennebont", "Langogne", "Marvejols", "Nyons",
    "Orgelet", "Privas", "Rodez", "Sarlat", "Tulle", "Vienne", "Annonay", "Brioude",
]
PREFIXES = ["", "", "", "", "Saint-", "Sainte-", "Villiers-", "Mont-"]
SUFFIXES = ["", "", "", "-sur-Loire", "-en-Forez", "-les-Bains", "-le-Château",
            "-d'Azergues", "-sous-Bois", "-la-Forêt", "-sur-Mer", "-en-Vexin", "-de-Provence"]

FIRST = ["Camille", "Dominique", "Hélène", "Frédéric", "Émilie", "Jérôme", "Gaëlle", "Anaïs",
         "Noémie", "Stéphane", "Cécile", "Sébastien", "Agnès", "Loïc", "Maëlys", "Benoît",
         "Inès", "Théo", "Zoé", "Léa", "Mathéo", "Chloé", "François", "Éric", "Sophie", "Karim",
         "Nadia", "Yannick", "Béatrice", "Rémi"]
LAST = ["Martin", "Bernard", "Dubois", "Lefèvre", "Moreau", "Girard", "Mercier", "Boyer",
        "Garnier", "Chevalier", "Faure", "André", "Rousseau", "Blanc", "Guérin", "Muller",
        "Henry", "Roussel", "Nicolas", "Perrin", "Morin", "Mathieu", "Clément", "Gauthier",
        "Dumont", "Lopez", "Fontaine", "Barbier", "Lemaître", "Béranger", "Ménard", "Benaïssa"]

PARTNERS = [
    "Agence régionale de santé (ARS)", "Caisse primaire d'assurance maladie (CPAM)",
    "Conseil départemental", "Centre communal d'action sociale (CCAS)", "CPTS du territoire",
    "Maison de santé pluriprofessionnelle", "Centre hospitalier", "Mutualité sociale agricole (MSA)",
    "Caisse d'allocations familiales (CAF)", "Éducation nationale", "Mission locale",
    "Dispositif d'appui à la coordination (DAC)", "Plateforme territoriale d'appui (PTA)",
    "Conseil local de santé mentale (CLSM)", "Instance régionale d'éducation et de promotion de la santé (IREPS)",
    "Bailleurs sociaux", "Service de protection maternelle et infantile (PMI)",
    "Centre médico-psychologique (CMP)", "CSAPA", "Associations d'usagers", "France Services",
    "Union régionale des professionnels de santé (URPS)", "Préfecture", "Politique de la ville",
]

PUBLICS = [
    "Personnes en situation de précarité", "Jeunes de 12 à 25 ans", "Personnes âgées de plus de 65 ans",
    "Aidants familiaux", "Femmes enceintes et jeunes parents", "Personnes en situation de handicap",
    "Habitants des quartiers prioritaires", "Professionnels de santé", "Élus et agents des collectivités",
    "Personnes souffrant de troubles psychiques", "Personnes éloignées du système de soins",
    "Tout public", "Enfants scolarisés en école élémentaire", "Étudiants",
]

STATUTS = ["En cours", "Réalisée", "À venir", "Reportée", "En cours", "En cours"]

# topic -> (weight, axis label, objects, specific sentences)
TOPICS = {
    "acces_droits": (
        14, "Axe 1 — Accès aux droits et aux soins",
        ["la lutte contre le renoncement aux soins",
         "l'ouverture des droits à la complémentaire santé solidaire",
         "l'accompagnement des assurés par la PFIDASS",
         "le repérage des situations de renoncement aux soins",
         "l'accès à un médecin traitant pour les personnes précaires",
         "la domiciliation et l'accès aux droits des personnes sans abri",
         "le fonctionnement de la permanence d'accès aux soins de santé (PASS)",
         "l'interprétariat professionnel en consultation",
         "la médiation en santé dans les quartiers prioritaires"],
        ["La plateforme d'intervention départementale pour l'accès aux soins et à la santé (PFIDASS) "
         "de la CPAM accompagne les assurés qui renoncent à des soins pour des raisons financières ou administratives.",
         "Le renoncement aux soins touche en priorité les personnes en situation de précarité, "
         "les familles monoparentales et les travailleurs pauvres.",
         "Les agents d'accueil des CCAS sont formés au repérage du renoncement aux soins et orientent vers la PFIDASS.",
         "Un bilan de santé gratuit est proposé aux personnes éloignées du système de soins.",
         "La complémentaire santé solidaire reste sous-utilisée : près d'un tiers des personnes éligibles n'y ont pas recours."]),
    "sante_mentale": (
        14, "Axe 2 — Santé mentale",
        ["la promotion de la santé mentale",
         "le repérage précoce de la souffrance psychique",
         "la prévention du suicide",
         "la formation aux premiers secours en santé mentale",
         "l'animation du conseil local de santé mentale",
         "l'accès aux soins psychiatriques et au centre médico-psychologique",
         "la déstigmatisation des troubles psychiques",
         "la santé mentale des jeunes et des étudiants"],
        ["Le conseil local de santé mentale (CLSM) réunit élus, psychiatrie publique, usagers et aidants.",
         "Les délais d'attente au centre médico-psychologique (CMP) dépassent souvent trois mois.",
         "La formation aux premiers secours en santé mentale permet aux habitants de repérer une personne en détresse.",
         "Les Semaines d'information sur la santé mentale sont l'occasion d'actions de sensibilisation grand public.",
         "Le dispositif MonSoutienPsy permet le remboursement de séances chez un psychologue conventionné."]),
    "offre_soins": (
        14, "Axe 3 — Offre de soins de premier recours",
        ["l'installation de jeunes médecins généralistes",
         "l'exercice coordonné en maison de santé pluriprofessionnelle",
         "le développement de la communauté professionnelle territoriale de santé (CPTS)",
         "l'accueil des internes et des étudiants en santé",
         "la téléconsultation accompagnée en pharmacie",
         "la lutte contre la désertification médicale",
         "la coordination des parcours complexes avec la PTA"],
        ["La maison de santé pluriprofessionnelle regroupe médecins, infirmiers, kinésithérapeutes et orthophonistes.",
         "La CPTS porte des missions d'accès à un médecin traitant et de prise en charge des soins non programmés.",
         "La plateforme territoriale d'appui (PTA), désormais intégrée au dispositif d'appui à la coordination, "
         "soutient les professionnels face aux situations complexes.",
         "La densité de médecins généralistes reste inférieure à la moyenne régionale.",
         "Plusieurs maisons de santé ont ouvert depuis la signature du précédent contrat."]),
    "prevention": (
        14, "Axe 4 — Prévention et promotion de la santé",
        ["la couverture vaccinale des enfants et des adolescents",
         "le dépistage organisé des cancers du sein, du col de l'utérus et colorectal",
         "la promotion d'une alimentation équilibrée",
         "l'activité physique adaptée et le sport-santé",
         "la prévention de l'obésité infantile",
         "l'éducation thérapeutique du patient diabétique",
         "la santé bucco-dentaire des enfants",
         "la santé sexuelle et l'accès à la contraception"],
        ["La vaccination contre le papillomavirus est proposée gratuitement en classe de cinquième.",
         "Le taux de participation au dépistage du cancer colorectal reste inférieur à 35 %.",
         "Des ateliers de cuisine et d'alimentation à petit budget sont animés dans les centres sociaux.",
         "La Maison sport-santé propose un accompagnement vers l'activité physique adaptée sur prescription.",
         "Les actions de prévention s'appuient sur des compétences psychosociales reconnues."]),
    "addictions": (
        8, "Axe 4 — Prévention et promotion de la santé",
        ["la prévention des addictions chez les jeunes",
         "la réduction des risques liés aux consommations",
         "l'accompagnement au sevrage tabagique",
         "la prévention de la consommation d'alcool en milieu festif",
         "le repérage précoce et l'intervention brève"],
        ["Le CSAPA propose des consultations jeunes consommateurs, anonymes et gratuites.",
         "Le CAARUD assure l'accueil et la réduction des risques pour les usagers de drogues.",
         "Le Mois sans tabac mobilise pharmacies, entreprises et collectivités chaque mois de novembre.",
         "Les consommations d'alcool et de cannabis sont plus élevées que la moyenne nationale chez les 17 ans."]),
    "personnes_agees": (
        12, "Axe 5 — Parcours des personnes âgées et des aidants",
        ["le maintien à domicile des personnes âgées",
         "le soutien aux aidants familiaux",
         "la prévention de la perte d'autonomie",
         "la prévention des chutes",
         "la lutte contre l'isolement social des personnes âgées",
         "le repérage de la fragilité",
         "l'adaptation du logement au vieillissement"],
        ["La plateforme d'accompagnement et de répit propose des solutions de relais aux aidants.",
         "Le dispositif d'appui à la coordination (DAC), issu de la PTA, coordonne les parcours des personnes âgées en perte d'autonomie.",
         "Près d'un quart de la population a plus de 65 ans et cette part augmente.",
         "Les ateliers équilibre contribuent à la prévention des chutes à domicile.",
         "Le service de soins infirmiers à domicile (SSIAD) intervient sur l'ensemble des communes."]),
    "environnement": (
        8, "Axe 6 — Santé environnementale et logement",
        ["la lutte contre l'habitat indigne",
         "la qualité de l'air intérieur",
         "la prévention du saturnisme infantile",
         "l'adaptation aux vagues de chaleur",
         "la lutte contre les espèces allergisantes comme l'ambroisie",
         "l'accès à un logement décent pour les personnes fragiles"],
        ["Le logement dégradé a des effets directs sur la santé respiratoire et la santé mentale.",
         "Les conseillers en environnement intérieur interviennent à domicile sur prescription médicale.",
         "Le plan canicule prévoit le recensement des personnes isolées et vulnérables.",
         "Les référents ambroisie signalent les foyers d'infestation à la commune."]),
    "perinatalite": (
        7, "Axe 7 — Périnatalité, enfance et parentalité",
        ["le suivi des grossesses des femmes en situation de précarité",
         "le soutien à la parentalité",
         "la prise en charge des troubles du neurodéveloppement",
         "les 1000 premiers jours de l'enfant",
         "le dépistage des troubles du langage"],
        ["Le service de PMI assure des consultations prénatales et le suivi des enfants de moins de six ans.",
         "Le programme des 1000 premiers jours vise à réduire les inégalités dès la naissance.",
         "La plateforme de coordination et d'orientation accompagne les familles d'enfants présentant des troubles du neurodéveloppement."]),
    "handicap": (
        5, "Axe 5 — Parcours des personnes âgées et des aidants",
        ["le parcours de santé des personnes en situation de handicap",
         "l'accessibilité des cabinets médicaux",
         "l'accès aux soins somatiques des personnes handicapées"],
        ["La maison départementale des personnes handicapées (MDPH) instruit les demandes de compensation.",
         "Les consultations dédiées facilitent l'accès aux soins des personnes en situation de handicap."]),
    "coordination": (
        4, "Axe 8 — Animation, coordination et évaluation du contrat",
        ["l'animation territoriale du contrat local de santé",
         "l'évaluation à mi-parcours du CLS",
         "la mise à jour du diagnostic local de santé",
         "la participation des habitants"],
        ["Le comité de pilotage du CLS se réunit au moins une fois par an.",
         "Le coordinateur du CLS anime les groupes de travail thématiques.",
         "Le diagnostic local de santé a été actualisé à partir des données de l'observatoire régional de la santé."]),
}
TOPIC_NAMES = list(TOPICS)
TOPIC_WEIGHTS = [TOPICS[t][0] for t in TOPIC_NAMES]

SUBJECTS = [
    "Le contrat local de santé", "La commune", "L'intercommunalité", "Le coordinateur du CLS",
    "L'Agence régionale de santé", "La CPAM", "Le CCAS", "La CPTS", "Le conseil départemental",
    "Les professionnels de santé libéraux", "Le centre hospitalier", "Le comité de pilotage",
    "Les associations partenaires", "La mission locale", "Les bailleurs sociaux", "L'Éducation nationale",
    "Le service de PMI", "Le centre social", "La maison de santé", "Le groupe de travail",
]
VERBS = ["favorise", "renforce", "développe", "accompagne", "soutient", "coordonne", "anime",
         "facilite", "améliore", "structure", "déploie", "évalue", "promeut", "organise", "finance",
         "pilote", "encourage", "consolide", "met en œuvre", "priorise"]
PLURAL = {"promeut": "promeuvent", "met en œuvre": "mettent en œuvre"}
COMPLEMENTS = [
    "sur l'ensemble du territoire", "en lien avec les partenaires du contrat",
    "dans les quartiers prioritaires de la politique de la ville",
    "auprès des publics les plus éloignés du système de santé", "en milieu rural",
    "grâce à une démarche d'aller-vers", "en s'appuyant sur le diagnostic local de santé",
    "dans le cadre du projet régional de santé", "avec le soutien financier de l'ARS",
    "en cohérence avec la stratégie nationale de santé", "d'ici la fin du contrat",
    "pour la période 2024-2028", "en associant les habitants et les usagers",
    "selon une approche de réduction des inégalités sociales de santé",
    "en veillant à l'universalisme proportionné", "avec les élus des communes membres",
]
NOUNS = [
    "proximité", "transversalité", "coopération", "participation", "cohérence", "équité", "qualité",
    "continuité", "lisibilité", "accessibilité", "efficience", "mutualisation", "expérimentation",
    "évaluation", "concertation", "formation", "sensibilisation", "information", "communication",
    "territorialisation", "décloisonnement", "prévention", "coordination", "solidarité", "autonomie",
    "inclusion", "citoyenneté", "confiance", "innovation", "pérennité", "complémentarité",
]
GENERIC = [
    "Cette action s'inscrit dans une logique de {n1} et de {n2}.",
    "Les partenaires ont souligné l'importance de la {n1} et de la {n2} des interventions.",
    "Un bilan intermédiaire sera présenté au comité de pilotage en {year}.",
    "En {year}, {k} réunions de concertation ont rassemblé près de {k2} participants.",
    "Selon le diagnostic local de santé, {pct} % des habitants de {commune} déclarent un état de santé dégradé.",
    "La densité de professionnels est de {d} pour 10 000 habitants à {commune}, contre {d2} en moyenne régionale.",
    "Les retours des habitants de {commune} et de {commune2} confirment le besoin d'une meilleure {n1}.",
    "Le budget prévisionnel s'élève à {eur} euros, dont {pct} % financés par l'ARS.",
    "Les indicateurs seront suivis annuellement par le coordinateur, {person}.",
    "Une attention particulière est portée à la {n1} entre acteurs sanitaires, sociaux et médico-sociaux.",
]

INDICATEURS = [
    "Nombre de personnes accompagnées", "Nombre d'actions réalisées", "Taux de participation",
    "Nombre de professionnels formés", "Nombre de partenaires mobilisés", "Taux de satisfaction des participants",
    "Nombre d'orientations vers un professionnel de santé", "Évolution du taux de couverture vaccinale",
    "Nombre de situations de renoncement aux soins repérées", "Nombre de réunions du groupe de travail",
    "Délai moyen d'accès à un rendez-vous", "Nombre de communes couvertes",
]

# directory resources: (kind template, category, topic, weight)
RESOURCES = [
    ("Permanence PFIDASS de la CPAM à {c}", "Accès aux droits", "acces_droits", 2),
    ("Maison de santé pluriprofessionnelle de {c}", "Offre de soins de premier recours", "offre_soins", 10),
    ("Centre de santé municipal de {c}", "Offre de soins de premier recours", "offre_soins", 5),
    ("CPTS {t}", "Coordination des soins", "offre_soins", 3),
    ("Dispositif d'appui à la coordination (ex-PTA) {t}", "Coordination des soins", "personnes_agees", 2),
    ("Centre médico-psychologique (CMP) adultes de {c}", "Santé mentale", "sante_mentale", 5),
    ("Centre médico-psychologique infanto-juvénile de {c}", "Santé mentale", "sante_mentale", 3),
    ("Groupe d'entraide mutuelle (GEM) de {c}", "Santé mentale", "sante_mentale", 3),
    ("Point accueil écoute jeunes de {c}", "Santé mentale", "sante_mentale", 3),
    ("CSAPA de {c}", "Addictions", "addictions", 4),
    ("CAARUD {t}", "Addictions", "addictions", 2),
    ("CCAS de {c}", "Accès aux droits", "acces_droits", 8),
    ("Espace France Services de {c}", "Accès aux droits", "acces_droits", 6),
    ("Permanence d'accès aux soins de santé (PASS) du centre hospitalier de {c}", "Accès aux droits", "acces_droits", 2),
    ("Centre de PMI de {c}", "Périnatalité et enfance", "perinatalite", 5),
    ("Centre de vaccination de {c}", "Prévention et dépistage", "prevention", 3),
    ("CeGIDD de {c}", "Prévention et dépistage", "prevention", 2),
    ("Maison sport-santé de {c}", "Prévention et dépistage", "prevention", 3),
    ("Plateforme d'accompagnement et de répit des aidants {t}", "Personnes âgées et aidants", "personnes_agees", 3),
    ("SSIAD de {c}", "Personnes âgées et aidants", "personnes_agees", 4),
    ("Résidence autonomie de {c}", "Personnes âgées et aidants", "personnes_agees", 3),
    ("Antenne MDPH de {c}", "Handicap", "handicap", 2),
    ("Service d'hygiène et de santé de {c}", "Santé environnementale", "environnement", 3),
    ("Atelier santé ville de {c}", "Prévention et dépistage", "coordination", 2),
]
RES_WEIGHTS = [r[3] for r in RESOURCES]

CHAPTER_TITLES = [
    "Préambule", "Contexte et enjeux du territoire", "Diagnostic local de santé",
    "Objectifs stratégiques du contrat", "Gouvernance et pilotage", "Articulation avec les politiques publiques",
    "Engagements des signataires", "Modalités de suivi et d'évaluation", "Financement", "Annexes",
]


# --------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------

def slugify(s):
    s = unicodedata.normalize("NFKD", s).encode("ascii", "ignore").decode("ascii").lower()
    out, dash = [], False
    for ch in s:
        if ch.isalnum():
            out.append(ch)
            dash = False
        elif not dash:
            out.append("-")
            dash = True
    return "".join(out).strip("-")


def toml_str(s):
    return json.dumps(s, ensure_ascii=False)  # JSON string escaping is valid TOML basic string


def toml_val(v):
    if isinstance(v, list):
        return "[" + ", ".join(toml_val(x) for x in v) + "]"
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, date):
        return v.isoformat()
    return toml_str(v)


class Gen:
    def __init__(self, seed):
        self.r = random.Random(seed)
        r = self.r
        communes = set()
        while len(communes) < 240:
            communes.add(r.choice(PREFIXES) + r.choice(STEMS) + r.choice(SUFFIXES))
        self.communes = sorted(communes)
        r.shuffle(self.communes)
        self.territoires = [("Pays d'" if s[0] in "AEÉIOUY" else "Pays de ") + s for s in STEMS[:25]] + \
                           ["Communauté de communes " + s for s in STEMS[25:50]] + \
                           [("Agglomération d'" if s[0] in "AEÉIOUY" else "Agglomération de ") + s for s in STEMS[50:]]

    # --- text ---
    def person(self):
        return f"{self.r.choice(FIRST)} {self.r.choice(LAST)}"

    def generic_sentence(self):
        r = self.r
        return r.choice(GENERIC).format(
            n1=r.choice(NOUNS), n2=r.choice(NOUNS), year=r.randint(2022, 2028),
            k=r.randint(2, 40), k2=r.randint(20, 900), pct=r.randint(3, 68),
            commune=r.choice(self.communes), commune2=r.choice(self.communes),
            d=f"{r.uniform(3, 12):.1f}".replace(".", ","), d2=f"{r.uniform(6, 11):.1f}".replace(".", ","),
            eur=f"{r.randint(5, 900) * 1000:,}".replace(",", " "), person=self.person())

    def verb_for(self, subject):
        v = self.r.choice(VERBS)
        if not subject.startswith("Les "):
            return v
        return PLURAL.get(v, v + "nt")

    def topic_sentence(self, topic):
        r = self.r
        _, _, objects, specifics = TOPICS[topic]
        x = r.random()
        if x < 0.25:
            return r.choice(specifics)
        if x < 0.85:
            subj = r.choice(SUBJECTS)
            return f"{subj} {self.verb_for(subj)} {r.choice(objects)} {r.choice(COMPLEMENTS)}."
        subj = r.choice(SUBJECTS)
        return f"Concernant {r.choice(objects)}, {subj[0].lower() + subj[1:]} " \
               f"{self.verb_for(subj)} les initiatives existantes {r.choice(COMPLEMENTS)}."

    def paragraph(self, topic, words):
        out, n = [], 0
        while n < words:
            s = self.topic_sentence(topic) if self.r.random() < 0.7 else self.generic_sentence()
            out.append(s)
            n += len(s.split())
        return " ".join(out)

    def section_text(self, topic, words):
        """Several paragraphs totalling ~words."""
        paras, n = [], 0
        while n < words:
            w = min(words - n, self.r.randint(50, 120))
            p = self.paragraph(topic, max(w, 20))
            paras.append(p)
            n += len(p.split())
        return "\n\n".join(paras)

    def pick_topic(self):
        return self.r.choices(TOPIC_NAMES, TOPIC_WEIGHTS)[0]

    # --- pages ---
    def chapter(self, i, n_chapters):
        r = self.r
        target = r.randint(1500, 3000)
        base = CHAPTER_TITLES[i % len(CHAPTER_TITLES)]
        title = f"Chapitre {i + 1} — {base}"
        parts, n, h = [], 0, 0
        parts.append(self.paragraph("coordination", 80))
        n += 80
        while n < target:
            h += 1
            topic = self.pick_topic()
            parts.append(f"## {i + 1}.{h} {TOPICS[topic][1].split('— ')[1]}")
            w = min(target - n, r.randint(250, 600))
            sub = r.randint(1, 3)
            for k in range(sub):
                if sub > 1:
                    parts.append(f"### {i + 1}.{h}.{k + 1} {r.choice(TOPICS[topic][2]).capitalize()}")
                txt = self.section_text(topic, max(w // sub, 40))
                parts.append(txt)
                n += len(txt.split())
            if r.random() < 0.4:
                items = r.sample(TOPICS[topic][2], min(4, len(TOPICS[topic][2])))
                parts.append("\n".join(f"- {x[0].upper() + x[1:]} ;" for x in items))
                n += sum(len(x.split()) for x in items)
            if r.random() < 0.2:
                rows = [f"| {c} | {r.randint(500, 40000)} | {r.randint(2, 30)} % |"
                        for c in r.sample(self.communes, 4)]
                parts.append("| Commune | Population | Part des plus de 75 ans |\n|---|---:|---:|\n" + "\n".join(rows))
                n += 30
        return {
            "section": "contrat", "id": f"ch{i + 1:04d}",
            "slug": f"chapitre-{i + 1:04d}-{slugify(base)}",
            "title": title, "weight": i + 1,
            "date": date(2024, 1, 15).isoformat(),
            "fields": {"chapitre": i + 1},
            "body": "\n\n".join(parts) + "\n",
        }

    def fiche(self, i):
        r = self.r
        topic = self.pick_topic()
        _, axis, objects, _ = TOPICS[topic]
        obj = r.choice(objects)
        title = f"Fiche-action {i + 1} : {obj[0].upper() + obj[1:]}"
        if r.random() < 0.5:
            title += f" à {r.choice(self.communes)}"
        start = date(2024, 1, 1) + timedelta(days=r.randint(0, 900))
        end = start + timedelta(days=r.randint(180, 1400))
        pilots = [f"{self.person()} ({r.choice(PARTNERS)})" for _ in range(r.randint(1, 2))]
        partners = r.sample(PARTNERS, r.randint(2, 6))
        public = r.sample(PUBLICS, r.randint(1, 3))
        target = r.randint(400, 900)
        w = target - 40
        body = [
            "## Justification", self.section_text(topic, int(w * 0.3)),
            "## Public visé", "- " + "\n- ".join(public) + "\n\n" + self.paragraph(topic, int(w * 0.1)),
            "## Description", self.section_text(topic, int(w * 0.4)),
            "## Partenaires", "\n".join(f"- {p}" for p in partners) + "\n\n" + self.paragraph(topic, int(w * 0.1)),
            "## Indicateurs", "\n".join(f"- {x}" for x in r.sample(INDICATEURS, r.randint(3, 5))),
        ]
        return {
            "section": "fiches-actions", "id": f"fa{i + 1:05d}",
            "slug": f"fa-{i + 1:05d}-{slugify(obj)[:48].strip('-')}",
            "title": title, "weight": i + 1, "date": start.isoformat(),
            "fields": {
                "axe": axis, "objectif": obj[0].upper() + obj[1:], "pilotes": pilots,
                "partenaires": partners, "public": public,
                "date_debut": start.isoformat(), "date_fin": end.isoformat(),
                "statut": r.choice(STATUTS), "thematique": topic,
            },
            "body": "\n\n".join(body) + "\n",
        }

    def resource(self, i):
        r = self.r
        kind, cat, topic, _ = r.choices(RESOURCES, RES_WEIGHTS)[0]
        c = r.choice(self.communes)
        t = r.choice(self.territoires)
        title = kind.format(c=c, t=t)
        served = sorted(set([c] + r.sample(self.communes, r.randint(0, 8))))
        phone = "0" + str(r.randint(1, 5)) + "".join(f" {r.randint(0, 99):02d}" for _ in range(4))
        email = f"contact@{slugify(title)[:30].strip('-')}.fr"
        address = f"{r.randint(1, 120)} {r.choice(['rue', 'avenue', 'place', 'boulevard', 'allée'])} " \
                  f"{r.choice(['de la République', 'Jean-Jaurès', 'Victor-Hugo', 'du Général-de-Gaulle', 'des Écoles', 'de l’Hôpital', 'Pasteur', 'Émile-Zola'])}, " \
                  f"{r.randint(1, 95):02d}{r.randint(0, 999):03d} {c}"
        target = r.randint(80, 200)
        desc = self.paragraph(topic, target - 15)
        horaires = r.choice(["Du lundi au vendredi, de 9 h à 12 h et de 14 h à 17 h.",
                             "Sur rendez-vous uniquement.", "Permanence le mardi matin, sans rendez-vous.",
                             "Du lundi au samedi, de 8 h 30 à 19 h."])
        body = desc + "\n\n**Horaires :** " + horaires + "\n"
        return {
            "section": "annuaire", "id": f"r{i + 1:05d}",
            "slug": f"r{i + 1:05d}-{slugify(title)[:56].strip('-')}",
            "title": title, "weight": i + 1, "date": date(2025, 1, 1).isoformat(),
            "fields": {"categorie": cat, "communes": served, "telephone": phone, "email": email,
                       "adresse": address, "thematique": topic},
            "body": body,
        }

    def pages(self, n):
        n_ch = max(1, round(n * 0.05))
        n_fa = max(1, round(n * 0.35))
        n_res = max(0, n - n_ch - n_fa)
        for i in range(n_ch):
            yield self.chapter(i, n_ch)
        for i in range(n_fa):
            yield self.fiche(i)
        for i in range(n_res):
            yield self.resource(i)


SECTIONS = [
    ("contrat", "Le contrat", "Texte du contrat local de santé, chapitre par chapitre."),
    ("fiches-actions", "Fiches-actions", "Les actions du contrat, par axe stratégique."),
    ("annuaire", "Annuaire des ressources", "Structures et dispositifs de santé du territoire."),
]
SITE_TITLE = "Contrat local de santé du Pays de Bréval"
PAGE_SIZE = 50

CSS = """body{font-family:system-ui,sans-serif;max-width:60rem;margin:0 auto;padding:0 1rem;line-height:1.5}
.skip{position:absolute;left:-999px}.skip:focus{left:1rem;top:1rem}
header nav ul,footer ul{list-style:none;display:flex;gap:1rem;padding:0}
dl.meta{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem}
"""

SEARCH_HTML = """<!DOCTYPE html>
<html lang="fr"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Recherche</title></head>
<body><main id="contenu"><h1>Rechercher</h1>
<label for="q">Rechercher dans le site</label> <input id="q" type="search">
<ol id="res" aria-live="polite"></ol></main>
<script type="module">
const pf = await import('/pagefind/pagefind.js');
window.__pagefind = pf;
const q = document.getElementById('q'), out = document.getElementById('res');
q.addEventListener('input', async () => {
  const s = await pf.debouncedSearch(q.value);
  if (!s) return;
  const data = await Promise.all(s.results.slice(0, 5).map(r => r.data()));
  out.innerHTML = data.map(d => `<li><a href="${d.url}">${d.meta.title}</a><p>${d.excerpt}</p></li>`).join('');
});
</script></body></html>
"""


# --------------------------------------------------------------------------
# Emitters
# --------------------------------------------------------------------------

def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)


LABELS = {
    "axe": "Axe", "objectif": "Objectif", "pilotes": "Pilotes", "partenaires": "Partenaires",
    "public": "Public", "date_debut": "Début", "date_fin": "Fin", "statut": "Statut",
    "categorie": "Catégorie", "communes": "Communes desservies", "telephone": "Téléphone",
    "email": "Courriel", "adresse": "Adresse",
}


def hugo_site(out, pages):
    write(os.path.join(out, "hugo.toml"), f"""baseURL = "https://cls.example.org/"
locale = "fr-FR"
defaultContentLanguage = "fr"
title = {toml_str(SITE_TITLE)}
disableKinds = ["taxonomy", "term", "rss"]
buildFuture = true
[pagination]
  pagerSize = {PAGE_SIZE}
""")
    L = os.path.join(out, "layouts")
    nav = "".join(f'<li><a href="/{s}/">{t}</a></li>' for s, t, _ in SECTIONS)
    write(os.path.join(L, "baseof.html"), """<!DOCTYPE html>
<html lang="fr">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>{{ if not .IsHome }}{{ .Title }} – {{ end }}{{ site.Title }}</title>
<link rel="stylesheet" href="/style.css"></head>
<body>
<a class="skip" href="#contenu">Aller au contenu</a>
<header><p class="site-title"><a href="/">{{ site.Title }}</a></p>
<nav aria-label="Navigation principale"><ul><li><a href="/">Accueil</a></li>""" + nav +
          """<li><a href="/recherche/">Recherche</a></li></ul></nav></header>
<main id="contenu">{{ block "main" . }}{{ end }}</main>
<footer><ul><li><a href="/mentions-legales/">Mentions légales</a></li><li>Accessibilité : partiellement conforme</li></ul></footer>
</body></html>
""")
    write(os.path.join(L, "home.html"), """{{ define "main" }}<h1>{{ site.Title }}</h1>
{{ .Content }}
<ul>{{ range .Sections }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> ({{ len .Pages }})</li>{{ end }}</ul>
{{ end }}
""")
    write(os.path.join(L, "section.html"), """{{ define "main" }}<h1>{{ .Title }}</h1>
{{ .Content }}
{{ $p := .Paginate .Pages }}
<ul>{{ range $p.Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ with .Params.statut }} — {{ . }}{{ end }}{{ with .Params.categorie }} — {{ . }}{{ end }}</li>{{ end }}</ul>
<nav aria-label="Pagination">{{ with $p.Prev }}<a href="{{ .URL }}" rel="prev">Page précédente</a>{{ end }}
Page {{ $p.PageNumber }} sur {{ $p.TotalPages }}
{{ with $p.Next }}<a href="{{ .URL }}" rel="next">Page suivante</a>{{ end }}</nav>
{{ end }}
""")
    dl = "".join(
        '{{ with .Params.%s }}<dt>%s</dt><dd>{{ if reflect.IsSlice . }}{{ delimit . ", " }}{{ else }}{{ . }}{{ end }}</dd>{{ end }}' % (k, v)
        for k, v in LABELS.items())
    write(os.path.join(L, "page.html"), """{{ define "main" }}<article data-pagefind-body>
<nav aria-label="Fil d'Ariane"><a href="/">Accueil</a> › <a href="{{ .CurrentSection.RelPermalink }}">{{ .CurrentSection.Title }}</a></nav>
<h1>{{ .Title }}</h1>
<p hidden data-pagefind-filter="type">{{ .Section }}</p>
<dl class="meta">""" + dl + """</dl>
{{ .Content }}
</article>
{{ end }}
""")
    write(os.path.join(out, "static", "style.css"), CSS)
    write(os.path.join(out, "static", "recherche", "index.html"), SEARCH_HTML)
    C = os.path.join(out, "content")
    write(os.path.join(C, "_index.md"), f'+++\ntitle = {toml_str(SITE_TITLE)}\n+++\n\nBienvenue sur le portail du contrat local de santé.\n')
    for s, t, d in SECTIONS:
        write(os.path.join(C, s, "_index.md"), f"+++\ntitle = {toml_str(t)}\n+++\n\n{d}\n")
    n = 0
    for p in pages:
        fm = [f"title = {toml_str(p['title'])}", f"date = {p['date']}", f"weight = {p['weight']}"]
        fm += [f"{k} = {toml_val(v)}" for k, v in p["fields"].items()]
        write(os.path.join(C, p["section"], p["slug"] + ".md"), "+++\n" + "\n".join(fm) + "\n+++\n\n" + p["body"])
        n += 1
    return n


def zola_site(out, pages):
    write(os.path.join(out, "config.toml"), f"""base_url = "https://cls.example.org"
title = {toml_str(SITE_TITLE)}
default_language = "fr"
compile_sass = false
build_search_index = false
generate_feeds = false

[markdown]
""")
    T = os.path.join(out, "templates")
    nav = "".join(f'<li><a href="/{s}/">{t}</a></li>' for s, t, _ in SECTIONS)
    write(os.path.join(T, "base.html"), """<!DOCTYPE html>
<html lang="fr">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>{% block title %}{{ config.title }}{% endblock title %}</title>
<link rel="stylesheet" href="/style.css"></head>
<body>
<a class="skip" href="#contenu">Aller au contenu</a>
<header><p class="site-title"><a href="/">{{ config.title }}</a></p>
<nav aria-label="Navigation principale"><ul><li><a href="/">Accueil</a></li>""" + nav +
          """<li><a href="/recherche/">Recherche</a></li></ul></nav></header>
<main id="contenu">{% block content %}{% endblock content %}</main>
<footer><ul><li><a href="/mentions-legales/">Mentions légales</a></li><li>Accessibilité : partiellement conforme</li></ul></footer>
</body></html>
""")
    write(os.path.join(T, "index.html"), """{% extends "base.html" %}
{% block content %}<h1>{{ config.title }}</h1>
{{ section.content | safe }}
<ul>{% for s in section.subsections %}{% set sub = get_section(path=s, metadata_only=true) %}<li><a href="{{ sub.permalink | safe }}">{{ sub.title }}</a> ({{ sub.pages | length }})</li>{% endfor %}</ul>
{% endblock content %}
""")
    write(os.path.join(T, "section.html"), """{% extends "base.html" %}
{% block title %}{{ section.title }} – {{ config.title }}{% endblock title %}
{% block content %}<h1>{{ section.title }}</h1>
{{ section.content | safe }}
<ul>{% for page in paginator.pages %}<li><a href="{{ page.permalink | safe }}">{{ page.title }}</a>{% if page.extra.statut %} — {{ page.extra.statut }}{% endif %}{% if page.extra.categorie %} — {{ page.extra.categorie }}{% endif %}</li>{% endfor %}</ul>
<nav aria-label="Pagination">{% if paginator.previous %}<a href="{{ paginator.previous | safe }}" rel="prev">Page précédente</a>{% endif %}
Page {{ paginator.current_index }} sur {{ paginator.number_pagers }}
{% if paginator.next %}<a href="{{ paginator.next | safe }}" rel="next">Page suivante</a>{% endif %}</nav>
{% endblock content %}
""")
    dl = "".join(
        '{%% if page.extra.%s %%}<dt>%s</dt><dd>{%% if page.extra.%s is iterable %%}{{ page.extra.%s | join(sep=", ") }}{%% else %%}{{ page.extra.%s }}{%% endif %%}</dd>{%% endif %%}' % (k, v, k, k, k)
        for k, v in LABELS.items())
    write(os.path.join(T, "page.html"), """{% extends "base.html" %}
{% block title %}{{ page.title }} – {{ config.title }}{% endblock title %}
{% block content %}<article data-pagefind-body>
{% set sec = get_section(path=page.ancestors | last, metadata_only=true) %}
<nav aria-label="Fil d'Ariane"><a href="/">Accueil</a> › <a href="{{ sec.permalink | safe }}">{{ sec.title }}</a></nav>
<h1>{{ page.title }}</h1>
<p hidden data-pagefind-filter="type">{{ page.components | first }}</p>
<dl class="meta">""" + dl + """</dl>
{{ page.content | safe }}
</article>
{% endblock content %}
""")
    write(os.path.join(out, "static", "style.css"), CSS)
    write(os.path.join(out, "static", "recherche", "index.html"), SEARCH_HTML)
    C = os.path.join(out, "content")
    write(os.path.join(C, "_index.md"), f'+++\ntitle = {toml_str(SITE_TITLE)}\n+++\n\nBienvenue sur le portail du contrat local de santé.\n')
    for s, t, d in SECTIONS:
        write(os.path.join(C, s, "_index.md"),
              f'+++\ntitle = {toml_str(t)}\nsort_by = "weight"\npaginate_by = {PAGE_SIZE}\n+++\n\n{d}\n')
    n = 0
    for p in pages:
        fm = [f"title = {toml_str(p['title'])}", f"date = {p['date']}", f"weight = {p['weight']}", "", "[extra]"]
        fm += [f"{k} = {toml_val(v)}" for k, v in p["fields"].items()]
        write(os.path.join(C, p["section"], p["slug"] + ".md"), "+++\n" + "\n".join(fm) + "\n+++\n\n" + p["body"])
        n += 1
    return n


def jsonl(out, pages):
    os.makedirs(out, exist_ok=True)
    n = 0
    with open(os.path.join(out, "corpus.jsonl"), "w", encoding="utf-8", newline="\n") as f:
        for p in pages:
            f.write(json.dumps(p, ensure_ascii=False, sort_keys=True) + "\n")
            n += 1
    return n


# --------------------------------------------------------------------------
# portail emitter: the content model of shared/spec/content-model.md
# --------------------------------------------------------------------------
import hashlib
import re

P_STATUTS = {"À venir": "a-venir", "En cours": "en-cours", "Réalisée": "realisee", "Reportée": "reportee",
           "Abandonnée": "abandonnee"}
P_THEMES = ["acces-aux-droits", "acces-aux-soins", "renoncement-aux-soins", "sante-mentale", "addictions",
          "nutrition", "activite-physique", "vaccination", "depistage", "vieillissement", "aidants",
          "handicap", "habitat", "perinatalite", "petite-enfance", "jeunes", "violences", "precarite"]
P_PUBLICS = ["tous-publics", "jeunes", "familles", "seniors", "personnes-en-situation-de-handicap",
           "professionnels", "parents", "femmes-enceintes", "aidants", "personnes-precaires"]
P_TYPES = ["information", "communication", "sensibilisation", "formation", "projet", "experimentation", "etude"]


def p_slug(s):
    s = unicodedata.normalize("NFKD", s).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", s).strip("-")[:60]


def p_pick(seq, key, n=1):
    h = int(hashlib.sha1(key.encode()).hexdigest(), 16)
    out = []
    for i in range(n):
        v = seq[(h >> (8 * i)) % len(seq)]
        if v not in out:
            out.append(v)
    return out


def p_q(s):
    return json.dumps(s, ensure_ascii=False)


def portail_from_jsonl(src, out):
    rows = [json.loads(l) for l in open(src, encoding="utf-8")]
    if os.path.exists(out):
        shutil.rmtree(out)
    for d in ("contrat", "actions", "annuaire"):
        os.makedirs(os.path.join(out, "content", d))
    axes, communes = {}, {}
    for r in rows:
        f = r["fields"]
        if r["section"] == "fiches-actions":
            ax = axes.setdefault(f["axe"], {"id": f"axe-{len(axes) + 1}", "objectifs": {}})
            ax["objectifs"].setdefault(f["objectif"], f"obj-{len(ax['objectifs']) + 1}")
        if r["section"] == "annuaire":
            for c in f.get("communes", []):
                communes.setdefault(c, f"{24000 + len(communes) + 1:05d}")
    if not communes:
        communes["Commune exemple"] = "24001"
    lines = ['titre = "Contrat local de santé (corpus de mesure)"', 'territoire = "Territoire de mesure"',
             'url = "https://bench.example.org/"', 'source_id = "cls-bench"', ""]
    for name, code in communes.items():
        lines += ["[[communes]]", f"code = {p_q(code)}", f"nom = {p_q(name)}", ""]
    for i, (label, ax) in enumerate(axes.items(), 1):
        lines += ["[[axes]]", f"id = {p_q(ax['id'])}", f"numero = {i}", f"titre = {p_q(label)}"]
        for j, (olabel, oid) in enumerate(ax["objectifs"].items(), 1):
            lines += ["  [[axes.objectifs]]", f"  id = {p_q(oid)}", f'  numero = "{i}.{j}"', f"  titre = {p_q(olabel[:150])}"]
        lines.append("")
    open(os.path.join(out, "site.toml"), "w", encoding="utf-8").write("\n".join(lines))
    open(os.path.join(out, "content", "_index.md"), "w", encoding="utf-8").write(
        '+++\ntitre = "Accueil"\n+++\nPortail de mesure.\n')
    counters = {}
    for r in rows:
        f, body = r["fields"], r["body"]
        if r["section"] == "contrat":
            fm = [f"titre = {p_q(r['title'])}", f"poids = {r['weight']}"]
            path = os.path.join(out, "content", "contrat", f"{r['slug']}.md")
        elif r["section"] == "fiches-actions":
            ax = axes[f["axe"]]
            ai = list(axes).index(f["axe"]) + 1
            oi = list(ax["objectifs"]).index(f["objectif"]) + 1
            k = counters[(ai, oi)] = counters.get((ai, oi), 0) + 1
            numero = f"{ai}.{oi}.{k}"
            fm = [f"titre = {p_q(r['title'])}", f'numero = "{numero}"', f"axe = {p_q(ax['id'])}",
                  f"objectif = {p_q(ax['objectifs'][f['objectif']])}",
                  f"statut = {p_q(P_STATUTS.get(f.get('statut'), 'en-cours'))}",
                  f"date_maj = {r['date']}", f"debut = {f['date_debut']}", f"fin = {f['date_fin']}",
                  f"pilotes = {json.dumps(f.get('pilotes', []), ensure_ascii=False)}",
                  f"publics = {json.dumps(p_pick(P_PUBLICS[1:], r['id'], 2), ensure_ascii=False)}",
                  f"types_action = {json.dumps(p_pick(P_TYPES, r['id'] + 't', 2))}",
                  f"thematiques = {json.dumps(p_pick(P_THEMES, r['id'] + 'm', 2))}"]
            for p in f.get("partenaires", []):
                fm += ["", "[[partenaires]]", f"nom = {p_q(p)}", 'secteur = "sante"']
            path = os.path.join(out, "content", "actions", f"{numero}-{p_slug(r['title'])}.md")
        else:
            c = f.get("communes", ["Commune exemple"])[0]
            fm = [f"titre = {p_q(r['title'])}", f"porteur = {p_q(r['title'])}",
                  f"thematiques = {json.dumps(p_pick(P_THEMES, r['id'], 2))}",
                  f"publics = {json.dumps(p_pick(P_PUBLICS[1:], r['id'] + 'p', 2))}",
                  f"telephone = {p_q(f.get('telephone', ''))}", f"courriel = {p_q(f.get('email', 'contact@example.org'))}",
                  f"date_maj = {r['date']}", f"zone_eligibilite = {json.dumps([communes[c]])}",
                  "", "[[lieu]]" if False else "[lieu]", f"adresse = {p_q(f.get('adresse', ''))}",
                  f"commune = {p_q(c)}", f"code_insee = {p_q(communes[c])}"]
            path = os.path.join(out, "content", "annuaire", f"{r['slug']}.md")
        with open(path, "w", encoding="utf-8") as fh:
            fh.write("+++\n" + "\n".join(fm) + "\n+++\n" + body + "\n")




def portail_site(out, pages):
    tmp = out.rstrip("/") + ".jsonl-tmp"
    n = jsonl(tmp, pages)
    portail_from_jsonl(os.path.join(tmp, "corpus.jsonl"), out)
    shutil.rmtree(tmp)
    return n


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pages", type=int, required=True, help="number of content pages (N)")
    ap.add_argument("--format", choices=["portail", "hugo", "zola", "jsonl"], required=True)
    ap.add_argument("--out", required=True, help="output directory (replaced if it exists)")
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args(argv)
    if a.pages < 1:
        ap.error("--pages must be >= 1")
    if os.path.exists(a.out):
        shutil.rmtree(a.out)
    pages = Gen(a.seed).pages(a.pages)
    n = {"portail": portail_site, "hugo": hugo_site, "zola": zola_site, "jsonl": jsonl}[a.format](a.out, pages)
    print(f"wrote {n} pages ({a.format}) to {a.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
