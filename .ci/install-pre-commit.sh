#!/usr/bin/env bash
# install-pre-commit.sh DEST: the current pre-commit release into DEST (a virtualenv), for the
# hook tests (test/e2e/pre-commit.test.ts). Prints the path of DEST/bin/pre-commit.
#
# PyPI is not reachable from CI, and Debian stable ships pre-commit 3.x, which installs
# `language: node` hooks differently from the 4.x releases users have. So the package comes from
# Debian unstable (sid: the newest release), downloaded with a scratch apt configuration (the
# system's sources stay untouched) and unpacked into a virtualenv over the system Python, whose
# Debian packages provide its dependencies (cfgv, identify, nodeenv, virtualenv, yaml: the
# .deb's Depends, all in Debian stable). A virtualenv rather than PYTHONPATH: `pre-commit install`
# writes the Python it runs under into .git/hooks/pre-commit, and that Python must import this
# pre-commit, not another one the system may have.
set -euo pipefail
DEST=${1:?usage: install-pre-commit.sh DEST}
SUITE=${PRE_COMMIT_SUITE:-sid}
PY=/usr/bin/python3 # Debian's: it sees Debian's python3-* packages (a pyenv python on PATH would not)

W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
mkdir -p "$W/lists/partial" "$W/cache/archives/partial"
echo "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian $SUITE main" >"$W/sources.list"
APT=(-o "Dir::Etc::sourcelist=$W/sources.list" -o Dir::Etc::sourceparts=- -o "Dir::State::Lists=$W/lists" -o "Dir::Cache=$W/cache" -o APT::Sandbox::User=root)
apt-get "${APT[@]}" update -qq
(cd "$W" && apt-get "${APT[@]}" download -qq pre-commit)

# The .deb's dependencies, from the system's own (stable) sources.
missing=()
for p in python3-cfgv python3-identify nodeenv python3-virtualenv python3-yaml; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

rm -rf "$DEST"
"$PY" -m virtualenv -q --system-site-packages --no-seed "$DEST" >/dev/null
dpkg -x "$W"/pre-commit_*_all.deb "$W/x"
site=$("$DEST/bin/python" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')
cp -r "$W"/x/usr/lib/python3/dist-packages/pre_commit* "$site/"
cat >"$DEST/bin/pre-commit" <<EOF
#!/bin/sh
exec "$DEST/bin/python" -m pre_commit "\$@"
EOF
chmod +x "$DEST/bin/pre-commit"
"$DEST/bin/pre-commit" --version >&2
echo "$DEST/bin/pre-commit"
