#!/usr/bin/env bash
# Gradescope runs this once when it builds the autograder's image: install
# the Debian packages the lab needs, then build the pristine student tree
# (source/kit) so that grading a submission recompiles only its files.
# Outside Gradescope, AUTOGRADER_ROOT replaces /autograder.
set -euo pipefail
ROOT=${AUTOGRADER_ROOT:-/autograder}
PKGS="gcc make libc6-dev libcunit1-dev python3"
missing=""
for p in $PKGS; do
	dpkg -s "$p" >/dev/null 2>&1 || missing="$missing $p"
done
if [ -n "$missing" ]; then
	echo "setup: installing$missing"
	if [ "$(id -u)" != 0 ]; then
		echo "setup: not root; run as root: apt-get install$missing" >&2
		exit 1
	fi
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -q
	apt-get install -y -q --no-install-recommends $missing
fi
python3 "$ROOT/source/kit_submit.py" prepare --root "$ROOT" \
	--kit "$ROOT/source/kit" --lab "$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["lab"])' "$ROOT/source/kit.json")"
