"""Check the package as a user gets it: built, checked, installed in a new environment and run
from a folder outside the checkout.

1. ``python -m build`` makes the sdist and the wheel; ``twine check --strict`` checks their
   metadata (the README renders on PyPI, the licence is named).
2. The wheel holds what runs outside the source tree: templates, ``py.typed``.
3. A new virtual environment gets the wheel without extras. Outside the checkout, with copies of
   the example files: ``select`` works; ``report`` stops with exit 2 and names the ``report``
   extra; the engine imports without matplotlib.
4. The ``report`` extra is installed from the same wheel; ``report`` writes the HTML, and the
   agreement process runs to ``workflow export-public``.

Run by ``make test`` (``make package``); prints each step, exits 1 on the first failure.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import venv
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = (
    "regio-voorbeeld.xlsx",
    "criteria-2026.toml",
    "basisovereenkomst-voorbeeld.toml",
    "regio-voorbeeld.csv",  # the pool the basisovereenkomst names
)
IN_WHEEL = (
    "tafelselectie/py.typed",
    "tafelselectie/report/templates/report.html.j2",
    "tafelselectie/report/templates/report.css",
    "tafelselectie/workflow/templates/public.html.j2",
)


class CheckFailed(Exception):
    pass


def step(text: str) -> None:
    print(f"[package] {text}", flush=True)


def run(
    args: list[str | Path], cwd: Path, expect: int = 0, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    shown = " ".join(str(a) for a in args)
    done = subprocess.run(
        [str(a) for a in args], cwd=cwd, capture_output=True, text=True, env=env, check=False
    )
    if done.returncode != expect:
        raise CheckFailed(
            f"{shown}\n  exit {done.returncode}, expected {expect}\n"
            f"  stdout: {done.stdout[-2000:]}\n  stderr: {done.stderr[-2000:]}"
        )
    return done


def build(dist: Path) -> tuple[Path, Path]:
    step("building the sdist and the wheel")
    run([sys.executable, "-m", "build", "--sdist", "--wheel", "--outdir", dist, ROOT], cwd=ROOT)
    wheels, sdists = sorted(dist.glob("*.whl")), sorted(dist.glob("*.tar.gz"))
    if len(wheels) != 1 or len(sdists) != 1:
        raise CheckFailed(f"expected one wheel and one sdist in {dist}, found {os.listdir(dist)}")
    step("twine check --strict")
    run([sys.executable, "-m", "twine", "check", "--strict", wheels[0], sdists[0]], cwd=ROOT)
    names = set(zipfile.ZipFile(wheels[0]).namelist())
    missing = [name for name in IN_WHEEL if name not in names]
    if missing:
        raise CheckFailed(f"the wheel lacks {missing}")
    return wheels[0], sdists[0]


def environment(place: Path) -> tuple[Path, dict[str, str]]:
    step(f"a new virtual environment in {place}")
    venv.EnvBuilder(with_pip=True).create(place)
    # nothing of the checkout may leak in: no PYTHONPATH, no source folder on the path
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env["PATH"] = f"{place / 'bin'}{os.pathsep}{env.get('PATH', '')}"
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    return place / "bin", env


def check(work: Path) -> None:
    dist = work / "dist"
    wheel, _ = build(dist)
    bin_dir, env = environment(work / "venv")
    python, command = bin_dir / "python", bin_dir / "tafelselectie"
    step("installing the wheel without extras")
    run([python, "-m", "pip", "install", "--quiet", wheel], cwd=work, env=env)

    place = work / "elders"  # a folder outside the checkout, with copies of the examples
    place.mkdir()
    for name in EXAMPLES:
        shutil.copy(ROOT / "data" / name, place / name)
    found = run(
        [python, "-c", "import tafelselectie; print(tafelselectie.__file__)"], place, 0, env
    )
    if not found.stdout.strip().startswith(str(work / "venv")):
        raise CheckFailed(f"tafelselectie was imported from {found.stdout.strip()}, not the venv")

    step("select, from outside the checkout")
    pool, criteria = "regio-voorbeeld.xlsx", "criteria-2026.toml"
    run([command, "select", pool, "--criteria", criteria, "--json", "tafel.json"], place, 0, env)
    engine = (
        "import tafelselectie as ts, sys; ts.select('regio-voorbeeld.xlsx', 'criteria-2026.toml')"
    )
    run([python, "-c", engine + "; assert 'matplotlib' not in sys.modules"], place, 0, env)

    step("report without the 'report' extra: exit 2, naming the extra")
    refused = run(
        [command, "report", pool, "--criteria", criteria, "--out", "rapport.html"], place, 2, env
    )
    if "tafelselectie[report]" not in refused.stderr or "Traceback" in refused.stderr:
        raise CheckFailed(f"unclear message for a missing extra: {refused.stderr}")

    step("installing the 'report' extra from the same wheel")
    run([python, "-m", "pip", "install", "--quiet", f"{wheel}[report]"], cwd=work, env=env)
    run([command, "report", pool, "--criteria", criteria, "--out", "rapport.html"], place, 0, env)
    if "<h1" not in (place / "rapport.html").read_text(encoding="utf-8"):
        raise CheckFailed("the report has no heading")

    step("the agreement process up to workflow export-public")
    db = ["workflow", "--db", "proces.db"]
    municipality = [*db, "--as", "gemeente:Beekstede"]
    run([command, *db, "--on", "2026-01-05", "init", EXAMPLES[2]], place, 0, env)
    seat = ["seat", "tafel.json", "--from", "2026-01-05", "--until", "2026-12-31"]
    run([command, *municipality, "--on", "2026-01-05", *seat], place, 0, env)
    submit = ["submit", "--title", "Vervoer", "--text", "Een voorstel"]
    run([command, *municipality, "--on", "2026-01-06", *submit], place, 0, env)
    run([command, *db, "export-public", "publiek"], place, 0, env)
    page = (place / "publiek" / "index.html").read_text(encoding="utf-8")
    if "Vervoer" not in page or not (place / "publiek" / "public.json").is_file():
        raise CheckFailed("the public export lacks the proposal")
    step("schema criteria prints the published JSON Schema")
    printed = run([command, "schema", "criteria"], place, 0, env).stdout
    published = (ROOT / "schemas" / "criteria.schema.json").read_text(encoding="utf-8")
    if printed.strip() != published.strip():
        raise CheckFailed("the installed schema differs from schemas/criteria.schema.json")


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="tafelselectie-package-") as folder:
        try:
            check(Path(folder))
        except CheckFailed as failure:
            print(f"[package] FAILED: {failure}", file=sys.stderr)
            return 1
    step("ok: built, checked, installed and run outside the checkout")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
