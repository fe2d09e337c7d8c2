"""Notebooks are thin, saved with outputs, and use the standard kernel; nbval compares them."""

from __future__ import annotations

import json
import os
import re

import pytest
from conftest import ROOT

NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


def test_there_is_a_notebook_per_topic_and_an_overview():
    names = {p.stem for p in NOTEBOOKS}
    for word in ("overview", "territory", "troops", "losses"):
        assert any(word in n for n in names), word


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_saved_with_outputs_in_order(path):
    nb = json.loads(path.read_text())
    assert nb["metadata"]["kernelspec"]["name"] == "python3"
    cells = [c for c in nb["cells"] if c["cell_type"] == "code"]
    assert cells
    assert [c["execution_count"] for c in cells] == list(range(1, len(cells) + 1))
    assert all(c["outputs"] for c in cells), "every code cell shows its result"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_cells_only_call_the_package(path):
    nb = json.loads(path.read_text())
    source = "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code")
    for banned in ("matplotlib", "plt.", "read_csv", "seaborn", "def ", "open("):
        assert banned not in source, banned
    assert re.findall(r"^import (\w+)", source, flags=re.M) == ["kursk_data"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_every_chart_is_an_image_with_its_citation_under_it(path):
    nb = json.loads(path.read_text())
    for cell in nb["cells"]:
        if cell["cell_type"] == "code" and "show_figure" in "".join(cell["source"]):
            kinds = [o.get("output_type") for o in cell["outputs"]]
            assert kinds[0] == "display_data" and "image/png" in cell["outputs"][0]["data"]
            text = "".join(cell["outputs"][1]["text"])
            # the chart's own footer names the sources: printed once, not again under it
            assert text.startswith("Cite as:") and "Source: " not in text


def test_nbval_fails_when_saved_outputs_no_longer_match(tmp_path):
    """Guard against a lax setup: a notebook whose stored output is wrong must fail nbval."""
    import subprocess
    import sys

    # The smallest notebook that calls the package, saved with a wrong output: starting its
    # kernel is all this costs, and nbval must still compare what the cell prints.
    nb = json.loads(NOTEBOOKS[0].read_text())
    nb["cells"] = [
        {
            "cell_type": "code",
            "execution_count": 1,
            "id": "stale-00",
            "metadata": {},
            "outputs": [
                {
                    "data": {"text/plain": ["'not what the code prints'"]},
                    "execution_count": 1,
                    "metadata": {},
                    "output_type": "execute_result",
                }
            ],
            "source": ["import kursk_data as kd\n", "kd.__version__"],
        }
    ]
    bad = tmp_path / "stale.ipynb"
    bad.write_text(json.dumps(nb))
    path = os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH")) if p)
    args = ["-q", "-p", "no:cacheprovider", "--nbval", str(bad)]
    run = subprocess.run(
        [sys.executable, "-m", "pytest", *args],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": path},
        timeout=300,
    )
    assert run.returncode == 1, run.stdout[-2000:]
    assert "1 failed" in run.stdout


# A path or address from the machine that last ran a notebook, in any output or source.
MACHINE_SPECIFIC = re.compile(
    r"(/(?:work|root|home|tmp|Users|private/var)/|[A-Z]:\\\\|0x[0-9a-f]{8,}|site-packages)"
)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_saved_clean(path):
    """As `make notebooks` saves them: no errors, no timings, nothing from one machine."""
    nb = json.loads(path.read_text())
    assert nb["metadata"] == {
        "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
        "language_info": {"name": "python"},
    }, "run `make notebooks` to save it clean"
    ids = [c.get("id") for c in nb["cells"]]
    assert all(ids) and len(set(ids)) == len(ids)
    for cell in nb["cells"]:
        assert "execution" not in cell.get("metadata", {}), "timings: run `make notebooks`"
        for out in cell.get("outputs", []):
            assert out["output_type"] != "error", "".join(out.get("traceback", []))
            assert out.get("name") != "stderr", "".join(out.get("text", []))
        text = json.dumps({k: v for k, v in cell.items() if k != "attachments"})
        # images are base64: only text is searched for machine paths
        text = re.sub(r'"image/[a-z+]+": "[^"]*"', "", text)
        assert not MACHINE_SPECIFIC.search(text), MACHINE_SPECIFIC.search(text)[0]


def test_clean_check_catches_a_notebook_saved_elsewhere(tmp_path):
    nb = json.loads(NOTEBOOKS[0].read_text())
    nb["metadata"]["language_info"]["version"] = "3.11.7"
    cell = next(c for c in nb["cells"] if c["cell_type"] == "code")
    cell["outputs"].append({"output_type": "stream", "name": "stdout", "text": ["/home/ana/x\n"]})
    bad = tmp_path / NOTEBOOKS[0].name
    bad.write_text(json.dumps(nb))
    with pytest.raises(AssertionError):
        test_saved_clean(bad)
    del nb["metadata"]["language_info"]["version"]
    bad.write_text(json.dumps(nb))
    with pytest.raises(AssertionError, match="/home/"):
        test_saved_clean(bad)
