"""`safetouch plan`: JSON for machines, `--text` for a person, with grouped exclusions."""

from __future__ import annotations

import json

from click.testing import CliRunner

from safetouch.cli import main
from safetouch.engine import recommend
from tests.engine.test_continuity import _request

REQUEST = json.dumps(_request())


def test_it_prints_the_engine_response_as_json():
    result = CliRunner().invoke(main, ["plan", "-"], input=REQUEST)
    assert result.exit_code == 0
    assert json.loads(result.output) == recommend(json.loads(REQUEST))


def test_text_groups_what_it_will_not_do_by_reason():
    result = CliRunner().invoke(main, ["plan", "--text", "-"], input=REQUEST)
    assert result.exit_code == 0
    lines = result.output.splitlines()
    banned = [line for line in lines if "Joint mobilization" in line]
    assert banned == [
        "not doing: Joint mobilization: banned by the client everywhere (all regions)"
    ]


def test_text_reads_the_plan_against_the_last_session():
    result = CliRunner().invoke(main, ["plan", "--pretty", "-"], input=REQUEST)
    assert "since last session:" in result.output
    calf = next(line for line in result.output.splitlines() if "kept     calf_left" in line)
    assert "deep tissue at 4, 12 min" in calf
    assert ": deep tissue at 4 tolerated in 2 sessions" in calf


def test_a_bad_request_names_the_field():
    bad = json.loads(REQUEST)
    bad["minutes"] = 5
    result = CliRunner().invoke(main, ["plan", "--text", "-"], input=json.dumps(bad))
    assert result.exit_code != 0 and "minutes: must be an integer from 10 to 180" in result.output
