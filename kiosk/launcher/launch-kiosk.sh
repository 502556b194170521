#!/bin/sh
# Starts Chromium full screen on this station's kiosk page: touch input, no pinch zoom,
# no swipe-back, no translate bar, no error dialogs, sound without a first tap (the
# ticket chime), and a fresh profile at every start (nothing restored, cached or saved
# from the previous resident).
#
#   SERVER=http://192.168.1.10:3000 STATION=K1 kiosk/launcher/launch-kiosk.sh
#
# SERVER      the hall server (default http://localhost:3000)
# STATION     the kiosk station id from the hall file (default K1)
# CHROMIUM    the browser binary (default: the first of chromium, chromium-browser, google-chrome found)
# PROFILE_DIR where the throw-away profile lives (default $XDG_RUNTIME_DIR or /tmp)
# SCALE       optional device scale factor, e.g. 1.25 on a 1080p 21" screen
set -eu

SERVER="${SERVER:-http://localhost:3000}"
STATION="${STATION:-K1}"
SERVER="${SERVER%/}"
URL="$SERVER/kiosk?station=$STATION"

case "$STATION" in
	*[!A-Za-z0-9-]* | "") echo "launch-kiosk: STATION must be letters, digits or '-', got '$STATION'" >&2; exit 2 ;;
esac

if [ -z "${CHROMIUM:-}" ]; then
	for candidate in chromium chromium-browser google-chrome google-chrome-stable; do
		if command -v "$candidate" >/dev/null 2>&1; then CHROMIUM="$candidate"; break; fi
	done
fi
if [ -z "${CHROMIUM:-}" ]; then
	echo "launch-kiosk: no Chromium found (apt-get install chromium fonts-noto-cjk), or set CHROMIUM" >&2
	exit 1
fi

PROFILE_DIR="${PROFILE_DIR:-${XDG_RUNTIME_DIR:-/tmp}/jiaohao-kiosk-$STATION}"
rm -rf "$PROFILE_DIR"
mkdir -p "$PROFILE_DIR"

# The kiosk PC may boot before the hall server: Chromium would show its own error page and
# stay there, so wait until the server answers (up to 5 minutes, then start anyway; the
# page itself reconnects once it has loaded).
if command -v curl >/dev/null 2>&1; then
	tries=0
	until curl -fs -o /dev/null --max-time 3 "$SERVER/api/health"; do
		[ "$tries" -eq 0 ] && echo "launch-kiosk: waiting for $SERVER" >&2
		tries=$((tries + 1))
		[ "$tries" -ge 100 ] && break
		sleep 3
	done
fi

set -- \
	--kiosk \
	--noerrdialogs \
	--disable-pinch \
	--overscroll-history-navigation=0 \
	--disable-features=TranslateUI,Translate,TouchpadOverscrollHistoryNavigation \
	--autoplay-policy=no-user-gesture-required \
	--touch-events=enabled \
	--user-data-dir="$PROFILE_DIR" \
	--no-first-run \
	--no-default-browser-check \
	--disable-session-crashed-bubble \
	--disable-infobars \
	--disable-component-update \
	--disable-background-networking \
	--check-for-update-interval=31536000 \
	--password-store=basic \
	--lang=zh-CN
if [ -n "${SCALE:-}" ]; then set -- "$@" --force-device-scale-factor="$SCALE"; fi

exec "$CHROMIUM" "$@" "$URL"
