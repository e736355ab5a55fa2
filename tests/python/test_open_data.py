"""Open data of built portals, checked with independent parsers.

PORTAIL_SITES lists built output folders (`dir=base` pairs separated by spaces), as tests/run.sh
passes them. The data·inclusion schemas come from shared/reference (the binding reference).
"""

import io
import json
import os
import pathlib

import geojson
import icalendar
import jsonschema
import pytest

HERE = pathlib.Path(__file__).resolve().parent
SCHEMAS = HERE.parents[2] / "shared" / "reference" / "data-inclusion" / "schema-v1"
SITES = [pathlib.Path(s.split("=")[0]) for s in os.environ.get("PORTAIL_SITES", "").split()]


def sites():
    if not SITES:
        pytest.skip("PORTAIL_SITES n'est pas défini")
    return SITES


def validator(name):
    schema = json.loads((SCHEMAS / f"{name}.json").read_text(encoding="utf-8"))
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())


@pytest.fixture(params=range(2), ids=["demo", "complet"])
def public(request):
    s = sites()
    if request.param >= len(s):
        pytest.skip("site absent")
    return s[request.param]


def errors(v, item):
    return [f"{'/'.join(map(str, e.path))}: {e.message}" for e in v.iter_errors(item)]


def test_directory_validates_against_data_inclusion_v1(public):
    data = json.loads((public / "donnees/annuaire.json").read_text(encoding="utf-8"))
    services, structures = validator("service"), validator("structure")
    assert data["services"], "des services"
    problems = {}
    for s in data["services"]:
        if e := errors(services, s):
            problems[s["id"]] = e
    for s in data["structures"]:
        if e := errors(structures, s):
            problems[s["id"]] = e
    assert not problems, problems
    ids = {s["id"] for s in data["structures"]}
    for s in data["services"]:
        assert s["structure_id"] in ids, f"{s['id']} : structure {s['structure_id']} absente"
        assert s["id"].startswith(s["source"] + "--")
        assert s["lien_source"].startswith("http")
        if s["publics"] and "tous-publics" in s["publics"]:
            assert s["publics"] == ["tous-publics"], "tous-publics s'emploie seul"


def test_per_commune_slices_validate(public):
    slices = sorted(public.glob("annuaire/communes/*/annuaire.json"))
    assert slices
    v = validator("service")
    for f in slices:
        data = json.loads(f.read_text(encoding="utf-8"))
        for s in data["services"]:
            assert not errors(v, s), (f, s["id"])


def test_csv_has_the_services_of_the_json(public):
    import csv

    data = json.loads((public / "donnees/annuaire.json").read_text(encoding="utf-8"))
    with open(public / "donnees/annuaire.csv", encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert [r["id"] for r in rows] == [s["id"] for s in data["services"]]
    for r, s in zip(rows, data["services"]):
        assert r["thematiques"] == "|".join(s["thematiques"] or [])


def test_geojson_is_rfc7946(public):
    data = geojson.loads((public / "donnees/annuaire.geojson").read_text(encoding="utf-8"))
    assert data.is_valid, data.errors()
    assert data["type"] == "FeatureCollection" and data["features"]
    for f in data["features"]:
        lon, lat = f["geometry"]["coordinates"]
        # [lon, lat]: the demo and fixture territories are in France.
        assert -6 < lon < 10 and 41 < lat < 52, f["id"]


def test_icalendar_feeds_parse(public):
    feeds = [public / "agenda.ics", *sorted(public.glob("actions/*/agenda.ics"))]
    assert len(feeds) > 1
    uids = set()
    for path in feeds:
        raw = path.read_bytes()
        assert b"\r\n" in raw and all(len(l) <= 75 for l in raw.split(b"\r\n")), path
        cal = icalendar.Calendar.from_ical(raw)
        tz = [c for c in cal.walk("VTIMEZONE")]
        assert tz and tz[0]["TZID"] == "Europe/Paris", path
        for ev in cal.walk("VEVENT"):
            for key in ("UID", "DTSTAMP", "DTSTART", "SUMMARY"):
                assert key in ev, (path, key)
            start = ev.decoded("DTSTART")
            if hasattr(start, "tzinfo") and start.tzinfo is not None:
                assert str(start.tzinfo) in ("Europe/Paris", "CET", "CEST") or "Paris" in str(ev["DTSTART"].params), path
            if path.name == "agenda.ics" and path.parent == public:
                uids.add(str(ev["UID"]))
    assert uids, "l'agenda global a des événements"


def test_actions_json_has_every_fiche(public):
    data = json.loads((public / "donnees/actions.json").read_text(encoding="utf-8"))
    fiches = [p for p in public.glob("actions/*/index.html") if p.parent.name != "axes"]
    assert len(data["actions"]) == len(fiches)
    for a in data["actions"]:
        assert a["statut"]["code"] and a["statut"]["libelle"] and a["url"].startswith("http")


def test_the_validator_can_fail():
    bad = {"source": "x", "structure_id": "x--s", "id": "x--a", "nom": "A", "description": "Court",
           "date_maj": "hier", "publics": ["inconnu"], "zone_eligibilite": ["Dordogne"]}
    found = errors(validator("service"), bad)
    assert any("nom" in e for e in found) and any("publics" in e for e in found), found
    assert any("zone_eligibilite" in e for e in found), found


def test_datapackage_describes_every_csv_and_validates(public):
    """Frictionless, the validator of schema.data.gouv.fr: every CSV of /donnees/ is described,
    and every row fits its Table Schema (types, dates, numbers)."""
    from frictionless import Package, validate

    descriptor = public / "donnees/datapackage.json"
    package = Package(str(descriptor))
    described = {r.path for r in package.resources}
    published = {p.name for p in (public / "donnees").glob("*.csv")}
    assert described == published, (described, published)
    report = validate(str(descriptor))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:20]


def test_datapackage_validation_can_fail(public, tmp_path):
    from frictionless import validate
    import shutil

    copy = tmp_path / "donnees"
    shutil.copytree(public / "donnees", copy)
    rows = (copy / "indicateurs.csv").read_text(encoding="utf-8").splitlines()
    cells = rows[1].split(",")
    cells[8] = "31/12/2025"  # the date column, written the French way
    rows[1] = ",".join(cells)
    (copy / "indicateurs.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    assert not validate(str(copy / "datapackage.json")).valid


def test_follow_up_csv_has_a_row_per_fiche_and_per_measure(public):
    import csv

    data = json.loads((public / "donnees/actions.json").read_text(encoding="utf-8"))
    with open(public / "donnees/actions.csv", encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert [r["numero"] for r in rows] == [a["numero"] for a in data["actions"]]
    with open(public / "donnees/indicateurs.csv", encoding="utf-8", newline="") as f:
        measures = list(csv.DictReader(f))
    expected = sum(len(i.get("mesures", [])) for a in data["actions"] for i in a.get("indicateurs", []))
    assert len(measures) == expected
    for m in measures:
        assert (m["valeur"] == "") != (m["constat"] == ""), m


def test_the_diagnostic_is_open_data_that_validates(public, tmp_path):
    """`/donnees/diagnostic.csv`: every value joined with its indicator's definition, a resource
    of the Data Package with its Table Schema; withheld values are empty, never 0."""
    import csv
    import shutil
    from frictionless import Package, validate

    descriptor = json.loads((public / "donnees/datapackage.json").read_text(encoding="utf-8"))
    resources = {r["name"]: r for r in descriptor["resources"]}
    if not (public / "donnees/diagnostic.csv").exists():
        assert "diagnostic" not in resources
        pytest.skip("ce site n'a pas de diagnostic")
    assert resources["diagnostic"]["path"] == "diagnostic.csv"
    with open(public / "donnees/diagnostic.csv", encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert rows and all(r["libelle"] and r["source"] and r["unite"] for r in rows)
    for r in rows:
        assert (r["secret"] == "true") == (r["valeur"] == ""), r
    report = Package(str(public / "donnees/datapackage.json")).get_resource("diagnostic").validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:20]
    # A value written with its unit breaks the schema: the check can fail.
    copy = tmp_path / "donnees"
    shutil.copytree(public / "donnees", copy)
    text = (copy / "diagnostic.csv").read_text(encoding="utf-8").splitlines()
    header = text[0].split(",")
    broken = next(i for i, line in enumerate(text[1:], 1) if "," not in line.split(",", 1)[0])
    cells = next(csv.reader([text[broken]]))
    cells[header.index("valeur")] = "12 %"
    out = io.StringIO()
    csv.writer(out, lineterminator="").writerow(cells)
    text[broken] = out.getvalue()
    (copy / "diagnostic.csv").write_text("\n".join(text) + "\n", encoding="utf-8")
    assert not validate(str(copy / "datapackage.json")).valid
