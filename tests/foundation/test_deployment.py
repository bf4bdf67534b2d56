"""The deployment artefacts are real: production settings pass Django's deploy checks, and every command in
docker-compose.yml is one the project provides."""

import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
import yaml
from django.core.management import get_commands

ROOT = Path(__file__).resolve().parents[2]
VENV_BIN = Path(sys.executable).parent


def _run(args: list[str], **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        args, cwd=ROOT, env={**os.environ, **env}, capture_output=True, text=True, timeout=120, check=False
    )


def test_check_deploy_is_clean_with_production_settings():
    result = _run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        DJANGO_SETTINGS_MODULE="factcheck.settings.production",
        DJANGO_SECRET_KEY="x7#" + "k" * 20 + "Q9$vT2%mZ!pL0^rW8&bN4*cY6(hJ1)fD3_sG5+aE7",
        DATABASE_URL="postgres://postgres@127.0.0.1:5432/factcheck",
        CELERY_BROKER_URL="redis://127.0.0.1:6379/0",
        FACTCHECK_CACHE_URL="redis://127.0.0.1:6379/1",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_settings_refuse_to_start_without_secrets():
    env = {k: v for k, v in os.environ.items() if k not in {"DJANGO_SECRET_KEY", "DATABASE_URL"}}
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env={**env, "DJANGO_SETTINGS_MODULE": "factcheck.settings.production"},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_embedded_defaults_are_postgres_with_pgvector_filesystem_broker_and_file_cache(tmp_path):
    """A fresh var folder gets its own PostgreSQL server with pgvector, started by the settings themselves."""
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "CELERY_BROKER_URL", "FACTCHECK_CACHE_URL"}}
    code = (
        "from django.conf import settings; import django; django.setup(); from django.db import connection;"
        "db = settings.DATABASES['default']; cache = settings.CACHES['default'];"
        "cursor = connection.cursor(); cursor.execute('CREATE EXTENSION IF NOT EXISTS vector');"
        "cursor.execute(\"SELECT '[1,0]'::vector <=> '[0,1]'::vector\");"
        "print(db['ENGINE'], db['HOST'], db['NAME'], cursor.fetchone()[0], settings.CELERY_BROKER_URL,"
        " cache['BACKEND'], cache['LOCATION'])"
    )
    try:
        result = subprocess.run(
            [sys.executable, "-c", code],
            cwd=ROOT,
            env={**env, "DJANGO_SETTINGS_MODULE": "factcheck.settings.local", "FACTCHECK_VAR_DIR": str(tmp_path)},
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert result.stdout.split() == [
            "django.db.backends.postgresql",
            str(tmp_path / "postgres"),
            "factcheck",
            "1.0",
            "filesystem://localhost/",
            "django.core.cache.backends.filebased.FileBasedCache",
            str(tmp_path / "cache"),
        ], result.stderr
    finally:
        stopped = _run([sys.executable, "-m", "factcheck.embedded_postgres", "stop", str(tmp_path / "postgres")])
    assert "Stopped the embedded PostgreSQL" in stopped.stdout, stopped.stdout + stopped.stderr


def _compose_services() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())["services"]


def test_compose_has_the_production_services_from_one_image():
    services = _compose_services()
    assert {"postgres", "redis", "web", "worker", "beat", "flower"} <= set(services)
    app_services = {name: s for name, s in services.items() if "build" in s}
    assert {"web", "worker", "beat", "flower"} <= set(app_services)
    assert {s["image"] for s in app_services.values()} == {"factcheck:latest"}


@pytest.mark.parametrize("name", ["migrate", "web", "worker", "beat", "flower"])
def test_compose_commands_exist_in_the_project(name):
    command = _compose_services()[name]["command"]
    program, *args = command
    if program == "python" and args[0] == "manage.py":
        assert args[1] in get_commands(), f"manage.py has no {args[1]!r} command"
    elif program == "gunicorn":
        module, _, attribute = args[0].partition(":")
        result = _run([sys.executable, "-c", f"import {module}; {module}.{attribute}"], DJANGO_SECRET_KEY="x")
        assert result.returncode == 0, result.stderr
        assert shutil.which("gunicorn", path=str(VENV_BIN))
    elif program == "celery":
        result = _run([str(VENV_BIN / "celery"), *args[:3], "--help"])
        assert result.returncode == 0, result.stdout + result.stderr
    else:
        pytest.fail(f"unexpected program {program!r} in service {name}")


def test_dockerfile_copies_every_package_it_installs():
    dockerfile = (ROOT / "Dockerfile").read_text()
    installed = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"]["find"]
    packages = [pattern.rstrip("*") for pattern in installed["include"]]
    assert {"accounts", "claims", "factcheck", "workers"} <= set(packages)
    for package in packages:
        assert f"COPY {package} ./{package}" in dockerfile


@pytest.mark.parametrize(("given", "expected"), [(None, "1"), ("3", "3")])
def test_every_process_runs_one_blas_thread_unless_the_operator_sets_it(given, expected):
    env = {k: v for k, v in os.environ.items() if k != "OPENBLAS_NUM_THREADS"}
    if given:
        env["OPENBLAS_NUM_THREADS"] = given
    probe = "import os, factcheck, numpy; print(os.environ['OPENBLAS_NUM_THREADS'])"
    result = subprocess.run(
        [sys.executable, "-c", probe], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == expected
