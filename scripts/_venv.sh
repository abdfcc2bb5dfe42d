# Sourced by scripts/run and scripts/test: make .venv with Python 3.11+ and install the project in it.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

find_python() {
    for candidate in ${PYTHON:-} python3 python3.13 python3.12 python3.11; do
        if command -v "$candidate" >/dev/null 2>&1 &&
            "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
            echo "$candidate"
            return
        fi
    done
    echo "error: this bot needs Python 3.11 or newer; install it, or set PYTHON=/path/to/python3.11" >&2
    exit 2
}

if [ ! -x .venv/bin/python ]; then
    "$(find_python)" -m venv .venv
fi
# $1: what to install, "." for the bot or ".[dev]" for the bot and its test tools.
.venv/bin/python -m pip install --quiet --disable-pip-version-check -e "$1"
