"""`pip install .` into a fresh virtual environment outside the repo ships the default model."""

import os
import subprocess
import sys
import sysconfig

import pytest

from .conftest import REPO


@pytest.mark.slow
def test_installed_package_predicts_with_the_shipped_model(tmp_path):
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    python = venv / "bin" / "python"
    # reuse this environment's already-installed dependencies instead of downloading them again
    site = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True, text=True, check=True,
    ).stdout.strip()  # fmt: skip
    with open(os.path.join(site, "deps.pth"), "w") as pth:
        pth.write(sysconfig.get_paths()["purelib"] + "\n")
    subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", "--no-deps", str(REPO)],
        check=True, cwd=tmp_path,
    )  # fmt: skip
    code = (
        "import pipeline, pathlib; from pipeline import predict; "
        "p = predict('Call Centre Agent\\nAnswer inbound calls from bank customers all day.'); "
        "print(p.channel, p.office, pathlib.Path(pipeline.__file__).parent)"
    )
    result = subprocess.run(
        [str(python), "-c", code], capture_output=True, text=True, cwd=tmp_path, check=True
    )
    channel, office, where = result.stdout.split()
    assert (channel, office) == ("voice", "front")
    assert where.startswith(str(venv)), where
