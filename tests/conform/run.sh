#!/usr/bin/env bash
# CI runs of `pfmulti conform` (docs/conformance.md): real and own multi-instance managers
# against the model's profiles, fixed seed, 300 cases each (tests/conform.cmake registers one
# ctest per line of the table in docs/conformance.md).
#
# Usage: run.sh PFMULTI_BIN IMPLEMENTATION PROFILE [EXTRA CONFORM OPTIONS...]
#   IMPLEMENTATION  script      $daemon_directory/postfix-wrapper from Debian's postfix 3.7
#                   seed        the example manager of postfix-wrapper(5), extracted from
#                               usr/share/man/man5/postfix-wrapper.5.gz of the same package
#                   postmulti   real `postmulti -p --` (root, private mount namespace)
#                   pfmulti-wrapper  pfmulti invoked as postfix-wrapper (a link)
#                   pfmulti-p   `pfmulti -p --` (root, private mount namespace)
# The kinds of difference the run finds must be exactly the ones listed in
# tests/conform/expected/IMPLEMENTATION.PROFILE (one extended regular expression per line,
# matched against the "kind:" lines; `#` lines explain them): an unexplained difference fails,
# and so does a listed one that was not found. No such file: the run must conform.
# Real postconf (from the package) answers the managers' postconf calls when the package is
# there. Exit 77 with "SKIPPED: why" when the implementation cannot run here.
# CONFORM_RELEASE=3.10|3.11 (docs/releases.md): the implementation, postconf and the runner run
# inside that release's Debian root (scripts/fetch-postfix-release; chroot into a private overlay
# of it in a private mount namespace), `script` and `postmulti` are that release's programs, the
# model plans for that release (--postfix-release), and the expected differences are in
# tests/conform/expected/IMPLEMENTATION.PROFILE@RELEASE (no such file: the run must conform).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
src=$(cd "$here/../.." && pwd)
. "$src/tests/lib/sandbox.sh"  # skip, require_namespace, overlay, install_postfix_package, ...

pfmulti=$1
impl=$2
profile=$3
shift 3
seed=${CONFORM_SEED:-20260101}
cases=${CONFORM_CASES:-300}

release=${CONFORM_RELEASE:-}
needs_namespace=no
case $impl in postmulti | pfmulti-p) needs_namespace=yes ;; esac
[ -n "$release" ] && needs_namespace=yes

if [ -z "${PFMULTI_CONFORM_INNER:-}" ]; then
  if [ -n "$release" ]; then
    require_namespace "the Postfix $release runs need root (chroot into its Debian root)"
    root=$("$src/scripts/fetch-postfix-release" "$release") ||
      skip "no Debian root with Postfix $release (scripts/fetch-postfix-release $release)"
  else
    root=$("$src/scripts/fetch-postfix" 2>/dev/null) || root=
  fi
  case $impl in
    script | seed | postmulti)
      [ -n "$root" ] || skip "Debian's postfix package is not available (scripts/fetch-postfix)"
      ;;
  esac
  tmp=$(mktemp -d /tmp/pfmulti-conform-test.XXXXXX)
  chmod 755 "$tmp"
  trap 'rm -rf "$tmp"' EXIT
  if [ $needs_namespace = yes ]; then
    require_namespace "$impl needs root (postmulti insists on /etc/postfix: a private mount namespace)"
    set +e
    PFMULTI_CONFORM_INNER=1 CONFORM_TMP=$tmp CONFORM_ROOT=$root \
      unshare -m --propagation private bash "$0" "$pfmulti" "$impl" "$profile" "$@"
    rc=$?
    set -e
    exit $rc
  fi
  export CONFORM_TMP=$tmp CONFORM_ROOT=$root
fi

# --- (inside the namespace when one is needed) ---
tmp=$CONFORM_TMP
root=$CONFORM_ROOT
in_root=()
if [ -n "$release" ]; then
  # The release's root, writable in this namespace only (the cached root is never changed), with
  # pfmulti's binaries (and the libfmt they need) copied in; everything below runs in it.
  croot=$tmp/root
  mkdir -p "$croot"
  mount -t overlay overlay -o "lowerdir=$root,upperdir=$(mkdir -p "$tmp/up" && echo "$tmp/up"),workdir=$(mkdir -p "$tmp/ow" && echo "$tmp/ow")" "$croot"
  mount --bind /proc "$croot/proc"
  mount --bind /dev "$croot/dev"
  bindir=$(dirname "$pfmulti")
  mkdir -p "$croot/opt/pfmulti" "$croot$tmp"
  cp "$pfmulti" "$bindir/pfmulti-conform" "$bindir/pfmulti-recording-postfix" "$croot/opt/pfmulti/"
  for lib in $(ldd "$pfmulti" | sed -n 's/.*=> \(\/[^ ]*libfmt[^ ]*\).*/\1/p'); do
    cp "$lib" "$croot/usr/lib/x86_64-linux-gnu/" 2>/dev/null || cp "$lib" "$croot/usr/lib/"
  done
  pfmulti=/opt/pfmulti/pfmulti
  in_root=(chroot "$croot")
  root=/
  echo "# Postfix $(chroot "$croot" postconf -d -h mail_version) in $CONFORM_ROOT"
elif [ $needs_namespace = yes ]; then
  # /etc writable in this namespace only: an /etc/postfix to mount each case's primary over,
  # and the postfix user and postdrop group that Postfix programs insist on.
  overlay /etc "$tmp/overlay"
  mkdir -p /etc/postfix
  add_postfix_accounts
fi

conform=("$pfmulti" conform --profile "$profile" --cases "$cases" --seed "$seed"
  --save "$tmp/vectors")
[ -n "$root" ] && conform+=(--postfix-root "$root")
[ -n "$release" ] && conform+=(--postfix-release "$release")
host=${croot:-}  # where the case's paths are seen from the host
case $impl in
  script)
    mkdir -p "$host$tmp"
    cp "$host$root/usr/lib/postfix/sbin/postfix-wrapper" "$host$tmp/postfix-wrapper"
    chmod 755 "$host$tmp/postfix-wrapper"
    conform+=("$@" -- "$tmp/postfix-wrapper")
    ;;
  seed)
    # The example manager: the .nf/.fi block that starts with #!/bin/sh, roff escapes undone.
    mkdir -p "$host$tmp"
    zcat "$host$root/usr/share/man/man5/postfix-wrapper.5.gz" |
      sed -n '/^#!\/bin\/sh/,/^\.fi/p' | sed '$d' |
      sed -e 's/\\-/-/g' -e 's/\\`/`/g' -e 's/\\e/\\/g' >"$host$tmp/seed-wrapper"
    grep -q 'POSTFIX -c \$dir "\$@"' "$host$tmp/seed-wrapper" ||
      { echo "FAIL: could not extract the example manager from the manual page"; exit 1; }
    chmod 755 "$host$tmp/seed-wrapper"
    echo "# the example manager, extracted from postfix-wrapper(5):"
    sed 's/^/#   /' "$host$tmp/seed-wrapper"
    conform+=("$@" -- "$tmp/seed-wrapper")
    ;;
  postmulti)
    conform+=(--postmulti "$@" -- /usr/bin/env "LD_LIBRARY_PATH=$root/usr/lib/postfix"
      "$root/usr/sbin/postmulti" -p --)
    ;;
  pfmulti-wrapper)
    mkdir -p "$host$tmp"
    ln -s "$pfmulti" "$host$tmp/postfix-wrapper"
    conform+=("$@" -- "$tmp/postfix-wrapper")
    ;;
  pfmulti-p)
    conform+=(--postmulti "$@" -- "$pfmulti" -p --)
    ;;
  *)
    echo "unknown implementation $impl" >&2
    exit 2
    ;;
esac

echo "\$ ${in_root[*]} ${conform[*]}"
start=$(date +%s)
set +e
"${in_root[@]}" "${conform[@]}" >"$tmp/out" 2>&1
rc=$?
set -e
cat "$tmp/out"
echo "# $impl against $profile: exit $rc, $(($(date +%s) - start)) s"

expected=$here/expected/$impl.$profile${release:+@$release}
failures=0
grep -q ', 0 errors;' "$tmp/out" || { echo "FAIL: the run had errors"; failures=$((failures + 1)); }
# Every kind seen (the first --max-differences of them are shrunk and printed in full).
sed -n 's/^seen: *[0-9]* //p' "$tmp/out" >"$tmp/kinds"
if [ ! -f "$expected" ]; then
  [ "$rc" = 0 ] || { echo "FAIL: expected $impl to conform to $profile"; failures=$((failures + 1)); }
else
  [ "$rc" = 1 ] || { echo "FAIL: expected $impl to differ from $profile"; failures=$((failures + 1)); }
  grep -v '^#' "$expected" | grep -v '^$' >"$tmp/patterns" || true
  while IFS= read -r kind; do
    grep -qE -f "$tmp/patterns" <<<"$kind" ||
      { echo "FAIL: unexplained difference: $kind"; failures=$((failures + 1)); }
  done <"$tmp/kinds"
  while IFS= read -r pattern; do
    grep -qE -- "$pattern" "$tmp/kinds" ||
      { echo "FAIL: known difference not found: $pattern"; failures=$((failures + 1)); }
  done <"$tmp/patterns"
fi
if [ "$failures" -ne 0 ]; then
  echo "conform test $impl.$profile: $failures check(s) failed"
  exit 1
fi
echo "conform test $impl.$profile: passed"
