#!/usr/bin/env bash
# Build FunnelDesk for macOS as an application bundle with PyInstaller.
#
#   bash installer/build_macos.sh       # -> dist/FunnelDesk.app and dist/FunnelDesk-<version>-macos-<arch>.dmg
#
# Needs Python 3.11+ (python.org installer or Homebrew). Build on the oldest macOS you
# support and on the architecture you ship (arm64 on Apple silicon, x86_64 on Intel): the
# bundle contains that machine's Python and Qt. To distribute outside your own Macs, sign
# and notarise the .app:
#   codesign --deep --force --options runtime --sign "Developer ID Application: NAME" dist/FunnelDesk.app
#   xcrun notarytool submit dist/FunnelDesk-*.dmg --keychain-profile PROFILE --wait
#   xcrun stapler staple dist/FunnelDesk-*.dmg
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3}
[ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
PY=.venv/bin/python
"$PY" -m pip install -q --upgrade pip
"$PY" -m pip install -q -e '.[installer]'

VERSION=$("$PY" -c "import funneldesk; print(funneldesk.__version__)")
ARCH=$(uname -m)

"$PY" scripts/update_translations.py --release-only
"$PY" installer/make_icons.py            # writes build/icons/funneldesk.icns
"$PY" -m PyInstaller --noconfirm --clean --log-level WARN \
  --distpath dist --workpath build/pyinstaller installer/funneldesk.spec

# Smoke check: the app inside the bundle starts and paints a window offscreen.
APP_BIN=dist/FunnelDesk.app/Contents/MacOS/FunnelDesk
"$APP_BIN" --version
QT_QPA_PLATFORM=offscreen "$APP_BIN" demo --db build/smoke.sqlite --customers 100 --seed 1
QT_QPA_PLATFORM=offscreen "$APP_BIN" --db build/smoke.sqlite --view pipeline --screenshot build/smoke.png

DMG="dist/FunnelDesk-$VERSION-macos-$ARCH.dmg"
rm -f "$DMG"
hdiutil create -quiet -volname FunnelDesk -srcfolder dist/FunnelDesk.app -ov -format UDZO "$DMG"
echo "build_macos: $(du -sh dist/FunnelDesk.app | cut -f1) in dist/FunnelDesk.app, $DMG"
