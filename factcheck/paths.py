"""Where the project and its local state live; read by the settings and by the embedded database's command."""

import os
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent


def var_dir() -> Path:
    """Where the embedded database, broker and cache live (FACTCHECK_VAR_DIR, default var/)."""
    return Path(os.environ.get("FACTCHECK_VAR_DIR", str(BASE_DIR / "var")))
