import json
import subprocess
import sys

import pytest

from .conftest import REPO


@pytest.mark.slow
def test_benchmark_runs_on_a_tiny_board_and_writes_its_figures(tmp_path):
    out = tmp_path / "results.json"
    command = [sys.executable, "bench/run.py", "--rows", "60", "--sample", "20", "--jobs", "1", "2"]
    result = subprocess.run(
        [*command, "--out", str(out)], cwd=REPO, capture_output=True, text=True, timeout=600
    )
    assert result.returncode == 0, result.stderr
    figures = json.loads(out.read_text())
    assert figures["rows"] == 60
    assert figures["end_to_end"]["jobs 1"]["rows"] == 60 and figures["end_to_end"]["jobs 2"]["rows"] == 60
    assert figures["spark_tag"]["rows"] == 60 and figures["spark_tag"]["master"] == "local[2]"
    assert figures["stages_postings_per_s"]["language (project)"] > 0
    assert 0.0 <= figures["language_agreement_corpus_and_devset"] <= 1.0
    assert (
        "end to end" in result.stdout
        and "spark-tag" in result.stdout
        and "predict() latency" in result.stdout
    )
