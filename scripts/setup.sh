#!/usr/bin/env bash
# Prepare this checkout to run FunnelDesk: the system libraries Qt needs (Debian/Ubuntu),
# a virtual environment in .venv, and the package with its test tools. Safe to run again:
# each step is skipped when its stamp is newer than what it depends on.
set -euo pipefail
cd "$(dirname "$0")/.."

VENV=${VENV:-.venv}
PYTHON=${PYTHON:-python3}

# Qt's runtime libraries, a CJK font, the X11/xcb pieces a desktop session needs, Xvfb
# (which lets the test suite run its one real drag-and-drop test), and PostgreSQL, which the
# team-sync tests start as a throwaway cluster (initdb + pg_ctl; no service is used).
SYSTEM_PACKAGES=(
  libegl1 libgl1 libfontconfig1 libglib2.0-0 libxkbcommon0 libdbus-1-3 fonts-wqy-microhei
  libxcb-cursor0 libxkbcommon-x11-0 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0
  libxcb-xinerama0 libxcb-randr0 libxcb-render-util0 libxcb-image0 xvfb xauth postgresql
)

system_packages_missing() {
  command -v dpkg-query >/dev/null 2>&1 || return 1   # not Debian/Ubuntu: nothing we can do
  local pkg
  for pkg in "${SYSTEM_PACKAGES[@]}"; do
    # Ubuntu 24.04 renamed some libraries (libglib2.0-0t64); accept either name.
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "ok installed" && continue
    dpkg-query -W -f='${Status}' "${pkg}t64" 2>/dev/null | grep -q "ok installed" && continue
    return 0
  done
  return 1
}

install_system_packages() {
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then
      sudo="sudo"
    else
      echo "setup: cannot install Qt's system libraries without root or sudo; continuing." >&2
      echo "setup: ask an administrator for: ${SYSTEM_PACKAGES[*]}" >&2
      return 0
    fi
  fi
  echo "setup: installing the system libraries Qt needs and PostgreSQL…"
  apt_get update -qq
  apt_get install -y -qq --no-install-recommends \
    "${SYSTEM_PACKAGES[@]}" >/dev/null
}

APT_LOCKS=(/var/lib/dpkg/lock-frontend /var/lib/dpkg/lock /var/lib/apt/lists/lock)
APT_WAIT_S=600

# apt-get, after waiting (with a message) while another program holds the package lock
# (an unattended upgrade, Software Updater): failing on the lock made the first run fail.
# apt's own DPkg::Lock::Timeout covers a lock taken between our check and its start.
apt_get() {
  local waited=0
  while command -v fuser >/dev/null 2>&1 && $sudo fuser "${APT_LOCKS[@]}" >/dev/null 2>&1; do
    if [ "$waited" -eq 0 ]; then
      echo "setup: another program is installing packages; waiting for it to finish…" >&2
    fi
    if [ "$waited" -ge "$APT_WAIT_S" ]; then
      echo "setup: the package lock is still held after ${APT_WAIT_S} s; trying anyway." >&2
      break
    fi
    sleep 2
    waited=$((waited + 2))
  done
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout="$APT_WAIT_S" "$@"
}

if system_packages_missing; then
  install_system_packages
fi

if [ ! -x "$VENV/bin/python" ]; then
  echo "setup: creating $VENV…"
  if ! "$PYTHON" -m venv "$VENV" 2>/dev/null; then
    rm -rf "$VENV"
    echo "setup: python3 -m venv failed; installing python3-venv…"
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    apt_get update -qq
    apt_get install -y -qq python3-venv >/dev/null
    "$PYTHON" -m venv "$VENV"
  fi
fi

STAMP="$VENV/.funneldesk-installed"
if [ ! -f "$STAMP" ] || [ pyproject.toml -nt "$STAMP" ]; then
  echo "setup: installing FunnelDesk and its test tools into $VENV (first run only)…"
  "$VENV/bin/python" -m pip install -q --upgrade pip
  "$VENV/bin/python" -m pip install -q -e '.[test]'
  touch "$STAMP"
fi
