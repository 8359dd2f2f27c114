"""The library type-checks and has no unused imports or names (mypy and pyflakes, as STYLE.md asks)."""
import subprocess
import sys

from conftest import ROOT


def test_mypy_on_the_library():
    done = subprocess.run([sys.executable, "-m", "mypy", "src/accord", "--ignore-missing-imports"],
                          cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout[-3000:]


def test_pyflakes_on_everything():
    done = subprocess.run([sys.executable, "-m", "pyflakes", "src", "tests", "bench", "scripts"],
                          cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout[-3000:]
