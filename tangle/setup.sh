#!/usr/bin/env bash
# Install what the build needs, then check the tools' versions.
#
# The Debian packages are listed in tangle/deps/*.txt, one a line:
# "package  command-or-file-that-shows-it-is-installed". Missing ones are
# installed with apt-get when we are root; otherwise one message says the
# exact command to run. mermaid-cli comes from npm (tangle/setup-mermaid.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p build

missing=()
while read -r pkg probe _; do
	case "$pkg" in '' | '#'*) continue ;; esac
	if [[ "$probe" == /* ]]; then
		[ -e "$probe" ] && continue
	else
		command -v "$probe" >/dev/null 2>&1 && continue
	fi
	missing+=("$pkg")
done < <(cat tangle/deps/*.txt)

if [ ${#missing[@]} -gt 0 ]; then
	mapfile -t missing < <(printf '%s\n' "${missing[@]}" | sort -u)
	cmd="apt-get install -y --no-install-recommends ${missing[*]}"
	if [ "$(id -u)" -ne 0 ]; then
		echo "setup: missing Debian packages: ${missing[*]}" >&2
		echo "setup: run as root:  sudo apt-get update && sudo $cmd" >&2
		exit 1
	fi
	echo "setup: installing ${#missing[@]} Debian packages: ${missing[*]}"
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -q -o DPkg::Lock::Timeout=300 >/dev/null
	apt-get install -y -q --no-install-recommends \
		-o DPkg::Lock::Timeout=300 "${missing[@]}" >build/apt.log 2>&1 || {
		tail -n 20 build/apt.log >&2
		echo "setup: apt-get failed (full log: build/apt.log)" >&2
		exit 1
	}
fi

# Versions: one line for each tool that is missing or too old.
version_ok() { # have want: is version $1 >= $2?
	[ "$(printf '%s\n%s\n' "$2" "$1" | sort -V | head -n 1)" = "$2" ]
}
bad=0
check() { # name want have
	if [ -z "$3" ]; then
		echo "setup: $1 not found (need $2 or newer)" >&2
		bad=1
	elif ! version_ok "$3" "$2"; then
		echo "setup: $1 $3 is too old (need $2 or newer)" >&2
		bad=1
	fi
}
first_version() { grep -oE '[0-9]+(\.[0-9]+)+' | head -n 1; }
check make 4.0 "$(make --version 2>/dev/null | first_version)"
check gcc 10 "$(gcc -dumpfullversion 2>/dev/null)"
check python3 3.11 "$(python3 -c 'import sys; print("%d.%d" % sys.version_info[:2])' 2>/dev/null)"
check pandoc 2.17 "$(pandoc --version 2>/dev/null | first_version)"
check noweb 2.12 "$([ -x /usr/lib/noweb/markup ] && dpkg-query -W -f '${Version}' noweb 2>/dev/null | first_version)"
check node 18 "$(node --version 2>/dev/null | first_version)"
check xelatex 3.14 "$(xelatex --version 2>/dev/null | first_version)"
check CUnit 2.1 "$([ -e /usr/include/CUnit/CUnit.h ] && dpkg-query -W -f '${Version}' libcunit1-dev 2>/dev/null | first_version)"
[ "$bad" -eq 0 ] || exit 1

if [ -x tangle/setup-mermaid.sh ]; then
	tangle/setup-mermaid.sh
fi
