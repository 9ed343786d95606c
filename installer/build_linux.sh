#!/usr/bin/env bash
# Build FunnelDesk for Linux as one self-contained folder with PyInstaller.
#
#   bash installer/build_linux.sh          # -> dist/FunnelDesk/ and dist/FunnelDesk-<version>-linux-<arch>.tar.gz
#
# Uses the checkout's .venv (scripts/setup.sh makes it) and installs the `installer` extra
# (PyInstaller) into it. The folder runs in place (dist/FunnelDesk/funneldesk) or installs
# for the current user with dist/FunnelDesk/install.sh (menu entry + icon + ~/.local/bin link).
set -euo pipefail
cd "$(dirname "$0")/.."

VENV=${VENV:-.venv}
PY="$VENV/bin/python"
[ -x "$PY" ] || bash scripts/setup.sh
"$PY" -c "import PyInstaller" 2>/dev/null || "$PY" -m pip install -q -e '.[installer]'

VERSION=$("$PY" -c "import funneldesk; print(funneldesk.__version__)")
ARCH=$(uname -m)
DIST=dist/FunnelDesk

# Translations and icons are built from their sources so the bundle never ships stale ones.
"$PY" scripts/update_translations.py --release-only
HAVE_ICON=0
if [ -f resources/icons/funneldesk.svg ]; then
  "$PY" installer/make_icons.py
  HAVE_ICON=1
else
  echo "build_linux: resources/icons/funneldesk.svg is missing; building without an icon" >&2
fi

"$PY" -m PyInstaller --noconfirm --clean --log-level WARN \
  --distpath dist --workpath build/pyinstaller installer/funneldesk.spec

# Strip debug symbols, except from wheels' vendored libraries (numpy.libs/ ...): those are
# patched for alignment and stop loading when stripped. Saves about 25 MB.
if command -v strip >/dev/null; then
  find "$DIST/_internal" -name "*.so*" -type f ! -path "*.libs/*" -exec strip --strip-unneeded {} +
fi

# Desktop integration files travel inside the folder; install.sh puts them in place.
mkdir -p "$DIST/share/applications"
cp installer/funneldesk.desktop "$DIST/share/applications/funneldesk.desktop"
if [ "$HAVE_ICON" = 1 ]; then
  mkdir -p "$DIST/share/icons/hicolor/scalable/apps"
  cp resources/icons/funneldesk.svg "$DIST/share/icons/hicolor/scalable/apps/funneldesk.svg"
  for size in 16 32 48 64 128 256 512; do
    mkdir -p "$DIST/share/icons/hicolor/${size}x${size}/apps"
    cp "build/icons/funneldesk-$size.png" "$DIST/share/icons/hicolor/${size}x${size}/apps/funneldesk.png"
  done
fi
install -m 0755 installer/install_linux.sh "$DIST/install.sh"

tar -C dist -czf "dist/FunnelDesk-$VERSION-linux-$ARCH.tar.gz" FunnelDesk
echo "build_linux: $(du -sh "$DIST" | cut -f1) in $DIST," \
  "$(du -h "dist/FunnelDesk-$VERSION-linux-$ARCH.tar.gz" | cut -f1) as dist/FunnelDesk-$VERSION-linux-$ARCH.tar.gz"
