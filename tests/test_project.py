"""Project-wide rules: migrations, one <h1> a page, the demo, the documented CLI."""

from __future__ import annotations

import re
from io import StringIO
from pathlib import Path

import pytest
from click.testing import CliRunner
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from safetouch.cli import main

ROOT = Path(__file__).resolve().parents[1]


def test_no_pending_migrations(db):
    out = StringIO()
    call_command("makemigrations", "--check", "--dry-run", stdout=out)


def test_the_demo_loads_twice_without_duplicating_anything(db):
    from safetouch.demo.services import load_demo
    from safetouch.treatments.models import MassageSession

    load_demo()
    counts = MassageSession.objects.count()
    load_demo()
    # Sofia's eight, and Olivia's yesterday (for the reminder worker of `make run`).
    assert MassageSession.objects.count() == counts == 9


def test_the_demo_command_prints_the_logins(db):
    result = CliRunner().invoke(main, ["demo"])
    assert result.exit_code == 0, result.output
    for email in ["demo@example.com", "therapist@example.com", "other@example.com"]:
        assert email in result.output
    assert "safetouch-demo" in result.output


def _demo_pages() -> list[str]:
    from safetouch.accounts.models import User

    profile = User.objects.get(email="demo@example.com").client_profile
    session = profile.sessions.first()
    pages = [
        "dashboard",
        "bodymap",
        "preferences",
        "history",
        "session_new",
        "plan",
        "sheet",
        "export",
    ]
    urls = [reverse(n, args=[profile.pk]) if n != "dashboard" else reverse(n) for n in pages]
    urls += [
        reverse("session_detail", args=[profile.pk, session.pk]),
        reverse("outcome", args=[profile.pk, session.pk]),
        reverse("tokens"),
    ]
    return urls


@pytest.mark.parametrize("email", ["demo@example.com", "therapist@example.com"])
def test_every_page_has_exactly_one_h1(db, email):
    from safetouch.accounts.models import User
    from safetouch.demo.services import load_demo

    load_demo()
    browser = Client()
    for url in ["/", "/accounts/login/", "/accounts/signup/", "/guide/", "/guide/stretches/"]:
        assert len(re.findall(r"<h1[ >]", browser.get(url).content.decode())) == 1, url
    browser.force_login(User.objects.get(email=email))
    for url in _demo_pages():
        response = browser.get(url)
        assert response.status_code == 200, url
        assert len(re.findall(r"<h1[ >]", response.content.decode())) == 1, url


def test_every_cli_command_is_documented_in_the_readme():
    readme = (ROOT / "README.md").read_text()
    for name in main.commands:
        assert f"safetouch {name}" in readme, f"README does not mention `safetouch {name}`"


def _cycles_script():
    import importlib.util

    spec = importlib.util.spec_from_file_location("cycles", ROOT / "scripts" / "cycles.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_no_import_cycles_between_top_level_packages():
    script = _cycles_script()
    graph = script.import_graph(ROOT / "src" / "safetouch")
    assert len(graph) > 10
    assert script.cycles(graph) == []


def test_the_cycle_count_sees_a_cycle(tmp_path):
    script = _cycles_script()
    root = tmp_path / "safetouch"
    for package, imports in {"a": "from safetouch.b import x", "b": "from ..a import y"}.items():
        (root / package).mkdir(parents=True)
        (root / package / "__init__.py").write_text("")
        (root / package / "mod.py").write_text(imports + "\n")
    (root / "c.py").write_text("import safetouch.a.mod\n")
    graph = script.import_graph(root)
    assert graph == {"a": {"b"}, "b": {"a"}, "c": {"a"}}
    assert script.cycles(graph) == [["a", "b"]]
