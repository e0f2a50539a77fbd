#!/usr/bin/env bash
# The conf differential (conf_differential.cc: hand-written cases and 500 generated ones) against
# real postconf of a newer release: 3.10 (Debian trixie) or 3.11 (Debian sid), in its Debian
# root (scripts/fetch-postfix-release; chroot into a private overlay of it in a private mount
# namespace; the cached root is never changed). postconf's answers are cached outside the clone
# in ${PFMULTI_CACHE:-/var/cache/pfmulti}/postconf-RELEASE (keyed by file content, query and the
# postconf binary), so a second CI run on the same machine skips real postconf.
# Usage: run_release.sh PFMULTI_BIN DIFFERENTIAL_BIN 3.10|3.11   Exit 0, 1, or 77 (SKIPPED).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
src=$(cd "$here/../.." && pwd)
. "$src/tests/lib/sandbox.sh"
pfmulti=$1
diffbin=$2
release=$3
if [ -z "${PFMULTI_DIFF_INNER:-}" ]; then
  require_namespace "the Postfix $release differential needs root (chroot into its Debian root)"
  root=$("$src/scripts/fetch-postfix-release" "$release") ||
    skip "no Debian root with Postfix $release (scripts/fetch-postfix-release $release)"
  cache=${PFMULTI_CACHE:-/var/cache/pfmulti}/postconf-$release
  mkdir -p "$cache"
  tmp=$(mktemp -d /tmp/pfmulti-diff-release.XXXXXX)
  trap 'rm -rf "$tmp"' EXIT
  set +e
  PFMULTI_DIFF_INNER=1 DIFF_ROOT=$root DIFF_TMP=$tmp DIFF_CACHE=$cache \
    unshare -m --propagation private bash "$0" "$@"
  rc=$?
  set -e
  exit $rc
fi
tmp=$DIFF_TMP
r=$tmp/root
mkdir -p "$r" "$tmp/up" "$tmp/work"
mount -t overlay overlay -o "lowerdir=$DIFF_ROOT,upperdir=$tmp/up,workdir=$tmp/work" "$r"
mount --bind /proc "$r/proc"
mount --bind /dev "$r/dev"
mkdir -p "$r/opt/pfmulti" "$r/opt/diff/postconf-cache"
mount --bind "$DIFF_CACHE" "$r/opt/diff/postconf-cache"
cp "$pfmulti" "$diffbin" "$r/opt/pfmulti/"
for lib in $( (ldd "$pfmulti"; ldd "$diffbin") | sed -n 's/.*=> \(\/[^ ]*libfmt[^ ]*\).*/\1/p' | sort -u); do
  cp "$lib" "$r/usr/lib/x86_64-linux-gnu/"
done
echo "# real postconf $(chroot "$r" postconf -d -h mail_version) in $DIFF_ROOT; cache $DIFF_CACHE"
exec chroot "$r" env PFMULTI_POSTFIX_ROOT=/ PFMULTI_DIFF_RELEASE="$release" "/opt/pfmulti/$(basename "$diffbin")" \
  --pfmulti /opt/pfmulti/pfmulti --source / --build /opt/diff
