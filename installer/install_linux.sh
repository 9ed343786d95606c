#!/usr/bin/env bash
# Install this FunnelDesk folder for the current user: the app in ~/.local/opt/FunnelDesk,
# the `funneldesk` command in ~/.local/bin, a menu entry and icons. Run it again to update;
# `install.sh --uninstall` removes all of it (your database and backups are left alone).
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
DATA=${XDG_DATA_HOME:-$HOME/.local/share}
TARGET=$HOME/.local/opt/FunnelDesk
BIN=$HOME/.local/bin

if [ "${1:-}" = "--uninstall" ]; then
  rm -rf "$TARGET" "$BIN/funneldesk" "$DATA/applications/funneldesk.desktop"
  find "$DATA/icons/hicolor" -name 'funneldesk.*' -delete 2>/dev/null || true
  echo "FunnelDesk removed (your data in $DATA/FunnelDesk was kept)."
  exit 0
fi

if [ "$HERE" != "$TARGET" ]; then
  rm -rf "$TARGET"
  mkdir -p "$(dirname "$TARGET")"
  cp -a "$HERE" "$TARGET"
fi
mkdir -p "$BIN" "$DATA/applications"
ln -sf "$TARGET/funneldesk" "$BIN/funneldesk"
[ -d "$TARGET/share/icons" ] && cp -r "$TARGET/share/icons" "$DATA/"
sed "s|^Exec=funneldesk|Exec=$TARGET/funneldesk|" "$TARGET/share/applications/funneldesk.desktop" \
  > "$DATA/applications/funneldesk.desktop"
command -v update-desktop-database >/dev/null && update-desktop-database -q "$DATA/applications" || true
command -v gtk-update-icon-cache >/dev/null && gtk-update-icon-cache -q -t "$DATA/icons/hicolor" || true
echo "FunnelDesk installed: menu entry added, command $BIN/funneldesk."
