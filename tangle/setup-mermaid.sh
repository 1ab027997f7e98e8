#!/bin/sh
# Install the pinned Mermaid CLI (mmdc) into $BUILD/tools/mermaid/ from the
# committed lockfile in tangle/mermaid/.  Uses Debian's chromium: no browser is
# downloaded.  Quick no-op when the installed copy matches the lockfile.
#
#   tangle/setup-mermaid.sh            (BUILD defaults to ./build of the repo)
#   BUILD=/somewhere tangle/setup-mermaid.sh
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
src=$top/tangle/mermaid
build=${BUILD:-build}
case $build in /*) ;; *) build=$top/$build ;; esac
dest=$build/tools/mermaid
stamp=$dest/.installed

die() { echo "setup-mermaid: $*" >&2; exit 1; }

command -v node >/dev/null 2>&1 || die "node not found: install Debian's nodejs (see tangle/deps/figures.txt)"
command -v npm >/dev/null 2>&1 || die "npm not found: install Debian's npm (see tangle/deps/figures.txt)"
[ -x /usr/bin/chromium ] || die "/usr/bin/chromium not found: install Debian's chromium (see tangle/deps/figures.txt)"

want=$(cat "$src/package.json" "$src/package-lock.json" | sha256sum | cut -d' ' -f1)
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] && [ -x "$dest/node_modules/.bin/mmdc" ]; then
	touch "$stamp"	# newer than the lockfile again, for make
	echo "setup-mermaid: mmdc $(node -p "require('$dest/node_modules/@mermaid-js/mermaid-cli/package.json').version") already installed in $dest"
	exit 0
fi

echo "setup-mermaid: installing the pinned mermaid-cli into $dest (npm ci, about a minute)"
mkdir -p "$dest"
rm -f "$stamp"
cp "$src/package.json" "$src/package-lock.json" "$dest/"
log=$dest/npm-ci.log
start=$(date +%s)
if ! (cd "$dest" && PUPPETEER_SKIP_DOWNLOAD=1 PUPPETEER_SKIP_CHROME_HEADLESS_SHELL_DOWNLOAD=1 \
	npm ci --no-audit --no-fund --loglevel=error >"$log" 2>&1); then
	tail -n 25 "$log" >&2
	die "npm ci failed (full log: $log). It needs the npm registry; check the network or proxy settings and rerun."
fi
[ -x "$dest/node_modules/.bin/mmdc" ] || die "npm ci finished but $dest/node_modules/.bin/mmdc is missing"
echo "$want" >"$stamp"
echo "setup-mermaid: installed mmdc $("$dest/node_modules/.bin/mmdc" --version) in $(( $(date +%s) - start )) s ($(du -sh "$dest" | cut -f1))"
