#!/usr/bin/env bash
# Installs the Debian packages the test suite drives: Chromium and poppler-utils, and the
# Pango/HarfBuzz libraries and fonts WeasyPrint renders the hand-off PDF with, and Node.js
# with npm, which install axe-core for the accessibility checks (`make browser-deps`).
set -euo pipefail
need=()
command -v chromium >/dev/null || need+=(chromium)
command -v pdftoppm >/dev/null || need+=(poppler-utils)
command -v node >/dev/null || need+=(nodejs)
command -v npm >/dev/null || need+=(npm)
for lib in libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core; do
  dpkg -s "$lib" >/dev/null 2>&1 || need+=("$lib")
done
[ ${#need[@]} -eq 0 ] && exit 0
if [ "$(id -u)" != "0" ]; then
  echo "Missing Debian packages: ${need[*]} (run: sudo apt-get install -y ${need[*]})" >&2
  exit 1
fi
echo "Installing ${need[*]} from Debian..."
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
