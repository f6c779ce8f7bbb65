"""The clinic's Streamlit configuration (.streamlit/config.toml), as Streamlit itself reads it."""

from __future__ import annotations

import subprocess
import sys
import tomllib

from tests import REPO

READ_OPTIONS = """
import json
from streamlit import config
config.get_config_options(force_reparse=True)
names = ["client.disableDataExport", "client.showErrorDetails", "client.toolbarMode"]
print(json.dumps({name: config.get_option(name) for name in names}))
"""


def test_built_in_table_download_is_off() -> None:
    """No "Download as CSV" (or clipboard copy) on st.dataframe: health data leaves only through the
    audited export buttons. The option's name is Streamlit's: an unknown name would be ignored."""
    with open(REPO / ".streamlit" / "config.toml", "rb") as file:
        assert tomllib.load(file)["client"]["disableDataExport"] is True
    read = subprocess.run([sys.executable, "-c", READ_OPTIONS], cwd=REPO, capture_output=True, text=True, timeout=120)
    assert read.returncode == 0, read.stderr
    assert read.stdout.strip().endswith(
        '{"client.disableDataExport": true, "client.showErrorDetails": "none", "client.toolbarMode": "viewer"}'
    )
