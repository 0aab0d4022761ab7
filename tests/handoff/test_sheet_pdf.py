"""The sheet as a PDF: exactly one page, with her never-touch regions and caps, in colour.

pdftoppm and pdftotext (poppler-utils, installed by scripts/system-deps.sh) read it back.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from django.urls import reverse
from PIL import Image

from safetouch.clients.services import zone_set
from safetouch.treatments.services import item_add, session_create
from tests.conftest import client_for
from tests.routine import give_routine

pytestmark = pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler-utils")


def _pdf(user, client_id, tmp_path: Path, paper: str = "a4") -> Path:
    response = client_for(user).get(reverse("sheet_pdf", args=[client_id]), {"paper": paper})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    path = tmp_path / f"sheet-{paper}.pdf"
    path.write_bytes(response.content)
    return path


def _pages(path: Path) -> int:
    info = subprocess.run(["pdfinfo", path], capture_output=True, text=True, check=True).stdout
    return int(next(line for line in info.splitlines() if line.startswith("Pages:")).split()[1])


def _text(path: Path) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", path, "-"], capture_output=True, text=True, check=True
    ).stdout


def _png(path: Path) -> Image.Image:
    subprocess.run(
        ["pdftoppm", "-png", "-r", "60", "-singlefile", path, path.with_suffix("")], check=True
    )
    return Image.open(path.with_suffix(".png")).convert("RGB")


@pytest.mark.parametrize(("paper", "size"), [("a4", "595.276 x 841.89"), ("letter", "612 x 792")])
def test_it_is_exactly_one_page_of_the_chosen_paper(alice, alice_limits, tmp_path, paper, size):
    path = _pdf(alice, alice_limits.pk, tmp_path, paper)
    assert _pages(path) == 1
    info = subprocess.run(["pdfinfo", path], capture_output=True, text=True).stdout
    assert size in info


def test_it_holds_the_avoid_regions_and_caps(alice, alice_limits, tmp_path):
    text = _text(_pdf(alice, alice_limits.pk, tmp_path))
    for words in (
        "NEVER TOUCH",
        "Left SI joint",
        "Lower back",
        "Pressure caps",
        "Right gluteal: at most 2",
        "Joint mobilization: anywhere",
        "Stop and tell me if",
    ):
        assert words in text, words


def test_the_body_map_prints_in_colour(alice, alice_limits, tmp_path):
    colours = {c for _, c in _png(_pdf(alice, alice_limits.pk, tmp_path)).getcolors(1 << 20)}

    def near(target):
        return any(sum(abs(a - b) for a, b in zip(c, target, strict=True)) < 30 for c in colours)

    assert near((0xB3, 0x26, 0x1E)), "never-touch hatching (red)"
    assert near((0xFC, 0xD2, 0x7B)), "caution zone (amber)"
    assert near((0x9E, 0xD6, 0xA0)), "focus zone (green)"


def test_a_long_record_still_fits_one_page(alice, alice_profile, tmp_path):
    regions = [
        "calf",
        "hamstring",
        "quadriceps",
        "shin",
        "foot",
        "biceps",
        "triceps",
        "forearm",
        "chest",
        "shoulder",
        "adductor",
        "hip_flexor",
    ]
    for group in regions[:6]:
        zone_set(client=alice_profile, region=f"{group}_left", rule="avoid")
    for group in regions[6:]:
        zone_set(client=alice_profile, region=f"{group}_right", rule="caution", pressure_cap=2)
    session = session_create(
        client=alice_profile, date=alice_profile.created.date(), minutes=60, position="side_lying"
    )
    for group in regions:
        item_add(
            session=session,
            region=f"{group}_right",
            technique="petrissage",
            pressure=3,
            minutes=5,
            too_much=True,
            confirm_breaks=True,
        )
    path = _pdf(alice, alice_profile.pk, tmp_path)
    assert _pages(path) == 1
    assert "Left foot" in _text(path)


def test_it_prints_what_changed_since_her_last_session(alice, alice_profile, tmp_path):
    give_routine(alice_profile)
    path = _pdf(alice, alice_profile.pk, tmp_path)
    text = " ".join(_text(path).split())
    assert _pages(path) == 1
    assert "Since her last session" in text and "Kept Upper back, Left calf, Right calf" in text
    assert "Dropped Left forearm effleurage at 2, 5 min" in text
