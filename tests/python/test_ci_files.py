"""The CI files that `portail new` writes, read back with a YAML parser."""

import os
import pathlib
import subprocess
import tempfile
import tomllib

import yaml

BIN = pathlib.Path(__file__).resolve().parents[2] / "target" / "debug" / "portail"


def version():
    cargo = (BIN.parents[2] / "Cargo.toml").read_text(encoding="utf-8")
    return tomllib.loads(cargo)["package"]["version"]


def scaffold():
    tmp = pathlib.Path(tempfile.mkdtemp()) / "portail"
    subprocess.run([str(BIN), "new", str(tmp)], check=True, capture_output=True)
    return tmp


def test_gitlab_checks_merge_requests_previews_them_and_publishes_the_default_branch():
    ci = yaml.safe_load((scaffold() / ".gitlab-ci.yml").read_text(encoding="utf-8"))
    install = " ".join(ci["default"]["before_script"])
    assert 'pip install --quiet "portail-cls==$PORTAIL_VERSION"' in install
    assert ci["variables"]["PORTAIL_VERSION"] == version()
    assert ci["default"]["image"].startswith("python:")
    check = ci["verifier"]
    assert any("portail check --format gitlab" in line for line in check["script"])
    assert check["artifacts"]["reports"]["codequality"] == "gl-code-quality-report.json"
    assert check["rules"][0]["if"] == '$CI_PIPELINE_SOURCE == "merge_request_event"'
    preview = ci["apercu"]
    assert any("--base-url" in line for line in preview["script"])
    assert preview["pages"]["path_prefix"] == "mr-$CI_MERGE_REQUEST_IID"
    pages = ci["pages"]
    assert pages["artifacts"]["paths"] == ["public"]
    assert 'portail build --base-url "$CI_PAGES_URL/"' in pages["script"]
    assert pages["rules"][0]["if"] == "$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH"


def test_github_checks_pull_requests_and_deploys_pages_on_push():
    wf = yaml.safe_load((scaffold() / ".github/workflows/pages.yml").read_text(encoding="utf-8"))
    triggers = wf[True] if True in wf else wf["on"]  # YAML 1.1 reads the key `on` as true
    assert "pull_request" in triggers and triggers["push"]["branches"] == ["main"]
    # Nothing by default; each job gets what it needs, only deployment may write.
    assert wf["permissions"] == {}
    jobs = wf["jobs"]
    assert jobs["verifier"]["permissions"] == {"contents": "read"}
    assert jobs["construire"]["permissions"] == {"contents": "read"}
    assert jobs["publier"]["permissions"] == {"pages": "write", "id-token": "write"}
    assert wf["env"]["PORTAIL_VERSION"] == version()
    check = [s.get("run", "") for s in jobs["verifier"]["steps"]]
    assert "portail check --format github" in check
    assert any("--base-url" in r for r in check)
    assert jobs["verifier"]["if"] == "github.event_name == 'pull_request'"
    build = jobs["construire"]["steps"]
    assert any(s.get("uses", "").startswith("actions/upload-pages-artifact") for s in build)
    assert any(s.get("run") == 'pip install --quiet "portail-cls==$PORTAIL_VERSION"' for s in build)
    deploy = jobs["publier"]
    assert deploy["needs"] == "construire"
    assert deploy["steps"][0]["uses"].startswith("actions/deploy-pages")
    assert deploy["environment"]["name"] == "github-pages"


def test_cms_config_is_yaml_with_the_collections():
    site = scaffold()
    subprocess.run([str(BIN), "cms", "--root", str(site), "--forge", "github", "--depot", "cls/portail"], check=True, capture_output=True)
    cfg = yaml.safe_load((site / "static/admin/config.yml").read_text(encoding="utf-8"))
    assert cfg["backend"] == {"name": "github", "repo": "cls/portail", "branch": "main"}
    names = [c["name"] for c in cfg["collections"]]
    assert names == ["actions", "annuaire", "structures", "actualites", "pages"]
    actions = cfg["collections"][0]
    fields = {f["name"]: f for f in actions["fields"]}
    assert fields["statut"]["required"] and fields["statut"]["widget"] == "select"
    assert [o["value"] for o in fields["axe"]["options"]] == ["acces"]
    assert fields["ressources"]["widget"] == "relation"
    assert (site / "static/admin/index.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    # The editor is published with the site.
    subprocess.run([str(BIN), "build", "--root", str(site)], check=True, capture_output=True)
    assert (site / "public/admin/config.yml").is_file()
