"""A built wheel of Bru runs from any folder: the configuration, templates, static files,
course files, catalogs and migrations all travel inside the package."""

import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
#: What a wheel is built from (the rest of the checkout is not part of the package).
SOURCES = (
    "pyproject.toml",
    "setup.py",
    "README.md",
    "app",
    "courses",
    "translations",
    "migrations",
)


def run(*args, cwd: Path, env: dict | None = None) -> str:
    done = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def test_a_built_wheel_installs_into_a_fresh_environment_and_runs_from_another_folder(tmp_path):
    source = tmp_path / "source"
    source.mkdir()
    for name in SOURCES:
        copy = shutil.copytree if (ROOT / name).is_dir() else shutil.copy
        copy(ROOT / name, source / name)
    # Built offline with this environment's build tools, as a packager would.
    run(
        sys.executable,
        "-m",
        "pip",
        "wheel",
        "-q",
        "--no-deps",
        "--no-build-isolation",
        "-w",
        str(tmp_path / "dist"),
        str(source),
        cwd=tmp_path,
    )
    [wheel] = (tmp_path / "dist").glob("bru-*.whl")

    venv = tmp_path / "venv"
    run(sys.executable, "-m", "venv", str(venv), cwd=tmp_path)
    python = venv / "bin" / "python"
    # Bru itself comes from the wheel; its dependencies from this environment (the test is
    # about the package, not about PyPI), without this environment's own copy of Bru.
    site = Path(
        run(
            str(python),
            "-c",
            "import sysconfig; print(sysconfig.get_paths()['purelib'])",
            cwd=tmp_path,
        ).strip()
    )
    (site / "dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    run(str(python), "-m", "pip", "install", "-q", "--no-deps", str(wheel), cwd=tmp_path)

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    # No DATABASE_URL: the default, a SQLite file in the installed app's instance folder.
    env = {"PATH": "/usr/bin:/bin"}
    assert str(site) in run(
        str(python), "-c", "import app; print(app.__file__)", cwd=elsewhere, env=env
    )
    assert "Content is valid" in run(
        str(python), "-m", "flask", "--app", "app", "content", "check", cwd=elsewhere, env=env
    )
    run(str(python), "-m", "flask", "--app", "app", "db", "upgrade", cwd=elsewhere, env=env)
    page = run(
        str(python),
        "-c",
        "from app import create_app;"
        "r = create_app().test_client().get('/sign-in', headers={'Accept-Language': 'sw'});"
        "print(r.status_code, '/static/css/bru.css' in r.text, 'lang=\"sw\"' in r.text)",
        cwd=elsewhere,
        env=env,
    )
    assert page.split() == ["200", "True", "True"]
