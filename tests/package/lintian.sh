#!/usr/bin/env bash
# lintian on the Debian package (docs/packaging.md lists the warnings it gives and why they
# stay): no error may be reported; warnings are printed. SKIPPED (77) without lintian
# (scripts/setup installs it).
# Usage: lintian.sh DEB
set -euo pipefail
deb=$1
command -v lintian >/dev/null || { echo "SKIPPED: lintian is not installed (scripts/setup installs it)"; exit 77; }
[ -f "$deb" ] || { echo "FAIL: no package $deb (ctest package.deb builds it)"; exit 1; }
echo "\$ lintian $(basename "$deb")"
set +e
out=$(lintian "$deb" 2>&1)
rc=$?
set -e
printf '%s\n' "$out" | sed 's/^/  /'
errors=$(printf '%s\n' "$out" | grep -c '^E: ' || true)
warnings=$(printf '%s\n' "$out" | grep -c '^W: ' || true)
echo "lintian: $errors error(s), $warnings warning(s), exit $rc"
[ "$errors" = 0 ] && [ "$rc" = 0 ]
