"""The README stays true: its first command lines are the Makefile's, and every setting read from the
environment is documented."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text()


def test_readme_starts_with_the_two_commands():
    first_block = README.split("```")[1]
    assert "make run" in first_block and "make test" in first_block
    makefile = (ROOT / "Makefile").read_text()
    assert re.search(r"^run:", makefile, re.M) and re.search(r"^test:", makefile, re.M)


def test_every_environment_setting_is_documented():
    sources = [*(ROOT / "factcheck" / "settings").glob("*.py"), ROOT / "Procfile"]
    names = set()
    for path in sources:
        text = path.read_text()
        names |= set(re.findall(r'env_\w+\("([A-Z][A-Z0-9_]+)"', text))
        names |= set(re.findall(r"\$\{([A-Z][A-Z0-9_]+):-", text))
    assert names, "no settings found"
    undocumented = sorted(name for name in names if f"`{name}`" not in README)
    assert not undocumented, f"settings missing from README.md: {undocumented}"
