"""The engine stays a pure core: no Django, no clock, no hidden state."""

from __future__ import annotations

import copy
import json
import subprocess
import sys

from safetouch.engine import recommend

from .test_validation import GOOD


def test_importing_the_engine_does_not_import_django():
    code = (
        "import sys, safetouch.engine; "
        "bad = sorted(m for m in sys.modules if m == 'django' or m.startswith('django.')); "
        "assert not bad, bad"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_running_a_plan_does_not_import_django():
    code = (
        "import sys, json; from safetouch.engine import recommend; "
        f"recommend(json.loads({json.dumps(json.dumps(GOOD))})); "
        "assert not [m for m in sys.modules if m.split('.')[0] == 'django']"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_it_does_not_change_the_request():
    request = copy.deepcopy(GOOD)
    recommend(request)
    assert request == GOOD
