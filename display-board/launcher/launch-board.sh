#!/bin/sh
# Starts the hall's display board: Chromium full screen (kiosk mode) on the board page,
# allowed to play the spoken calls without anyone touching the TV first, with a fresh
# profile at every start (no "restore pages?" bubble after a power cut, no stale cache).
#
#   SERVER=http://192.168.1.10:3000 STATION=B1 ZONE=east display-board/launcher/launch-board.sh
#
# SERVER       the hall server (default http://localhost:3000)
# STATION      this board's id among the hall file's stations (kind "board"): the director's
#              console then shows when the board goes dark; empty = an anonymous board
# ZONE         show one zone's windows only (the `zone` of the windows in the hall file); empty = whole hall
# ORIENTATION  portrait | landscape; empty = follow the screen
# VOICE        on (default) | off: a second board in the same room shows captions without speaking over the first
# CHROMIUM     the browser binary (default: the first of chromium, chromium-browser, google-chrome, google-chrome-stable)
# PROFILE_DIR  the throw-away profile (default $XDG_RUNTIME_DIR/jiaohao-board or /tmp/jiaohao-board)
# SCALE        optional device scale factor; the page already sizes itself to 1080p and 4K
# DRY_RUN=1    print the command instead of starting Chromium
set -eu

SERVER="${SERVER:-http://localhost:3000}"
SERVER="${SERVER%/}"
ZONE="${ZONE:-}"
STATION="${STATION:-}"
ORIENTATION="${ORIENTATION:-}"
VOICE="${VOICE:-on}"

case "$ZONE" in
	*[!A-Za-z0-9_-]*) echo "launch-board: ZONE must be letters, digits, '_' or '-', got '$ZONE'" >&2; exit 2 ;;
esac
case "$STATION" in
	*[!A-Za-z0-9-]*) echo "launch-board: STATION must be letters, digits or '-', got '$STATION'" >&2; exit 2 ;;
esac
case "$ORIENTATION" in
	"" | portrait | landscape) ;;
	*) echo "launch-board: ORIENTATION must be portrait or landscape, got '$ORIENTATION'" >&2; exit 2 ;;
esac
case "$VOICE" in
	on | off) ;;
	*) echo "launch-board: VOICE must be on or off, got '$VOICE'" >&2; exit 2 ;;
esac

QUERY=""
add_param() { if [ -n "$2" ]; then QUERY="${QUERY:+$QUERY&}$1=$2"; fi; }
add_param station "$STATION"
add_param zone "$ZONE"
add_param orientation "$ORIENTATION"
if [ "$VOICE" = off ]; then add_param voice off; fi
URL="$SERVER/board${QUERY:+?$QUERY}"

if [ -z "${CHROMIUM:-}" ]; then
	for candidate in chromium chromium-browser google-chrome google-chrome-stable; do
		if command -v "$candidate" >/dev/null 2>&1; then CHROMIUM="$candidate"; break; fi
	done
fi
if [ -z "${CHROMIUM:-}" ]; then
	echo "launch-board: no Chromium found (apt-get install chromium fonts-noto-cjk), or set CHROMIUM" >&2
	exit 1
fi

PROFILE_DIR="${PROFILE_DIR:-${XDG_RUNTIME_DIR:-/tmp}/jiaohao-board${ZONE:+-$ZONE}}"

set -- \
	--kiosk \
	--autoplay-policy=no-user-gesture-required \
	--noerrdialogs \
	--disable-session-crashed-bubble \
	--disable-infobars \
	--no-first-run \
	--no-default-browser-check \
	--user-data-dir="$PROFILE_DIR" \
	--disable-features=Translate,TranslateUI \
	--disable-pinch \
	--overscroll-history-navigation=0 \
	--disable-background-timer-throttling \
	--disable-renderer-backgrounding \
	--disable-backgrounding-occluded-windows \
	--disable-component-update \
	--check-for-update-interval=31536000 \
	--password-store=basic \
	--lang=zh-CN
if [ -n "${SCALE:-}" ]; then set -- "$@" --force-device-scale-factor="$SCALE"; fi

if [ "${DRY_RUN:-}" = 1 ]; then
	printf '%s' "$CHROMIUM"
	for arg in "$@" "$URL"; do printf ' %s' "$arg"; done
	printf '\n'
	exit 0
fi

rm -rf "$PROFILE_DIR"
mkdir -p "$PROFILE_DIR"

# The TV's PC may boot before the hall server; Chromium would sit on its own error page.
# Wait until the server answers (up to about 5 minutes, then start anyway: once the page
# has loaded, it reconnects by itself).
if command -v curl >/dev/null 2>&1; then
	tries=0
	until curl -fsS -o /dev/null --max-time 3 "$SERVER/api/health"; do
		tries=$((tries + 1))
		[ "$tries" -ge 100 ] && break
		sleep 3
	done
fi

# An X11 session blanks the screen after ten idle minutes; nobody touches a board.
if [ -n "${DISPLAY:-}" ] && command -v xset >/dev/null 2>&1; then
	xset s off -dpms s noblank 2>/dev/null || true
fi

exec "$CHROMIUM" "$@" "$URL"
