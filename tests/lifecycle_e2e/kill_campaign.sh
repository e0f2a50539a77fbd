#!/usr/bin/env bash
# The life-cycle kill campaign (tests/lifecycle_campaign_test.cc) with real Postfix 3.7: its
# `postfix -c DIR status` and `postfix -c DIR set-permissions` (Debian's package, unpacked by
# scripts/fetch-postfix, never installed) in a private mount namespace, as in run.sh. Every -e
# action gets SIGKILL, SIGINT, SIGTERM or SIGHUP at its steps; each run must end in the old state,
# the finished one, or one that re-running the command completes (lint reporting every
# interrupted state). Prints the counts.
#
# Usage: kill_campaign.sh CAMPAIGN_TEST_BINARY [--full]
#   default  the time-boxed sample ctest runs: create and destroy, a kill at every ninth
#            step and at every postfix command (about a minute);
#   --full   every action, every signal at every step (minutes).
# Exit 77 with "SKIPPED: why" when it cannot run here (not root, no unshare, no package).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
src=$(cd "$here/../.." && pwd)
. "$src/tests/lib/sandbox.sh"
bin=$1
full=${2:-}

if [ -z "${KC_INSIDE:-}" ]; then
  require_namespace "the real-Postfix kill campaign needs root (mount namespace, postfix)"
  root=$("$src/scripts/fetch-postfix") || skip "Debian's postfix package is not available"
  tmp=$(mktemp -d /tmp/pfmulti-kill-campaign.XXXXXX)
  trap 'rm -rf "$tmp"' EXIT
  KC_INSIDE=1 KC_TMP=$tmp KC_ROOT=$root unshare -m --propagation private bash "$0" "$@"
  exit $?
fi

tmp=$KC_TMP
root=$KC_ROOT
overlay /etc "$tmp/overlay"
overlay /usr/lib "$tmp/overlay"
overlay /usr/sbin "$tmp/overlay"
rm -rf /etc/postfix /etc/postfix-*
overlay /usr/share "$tmp/overlay"
install_postfix_package "$root"
# The campaign's primary is a scratch directory, not the compiled-in /etc/postfix, so Postfix's
# post-install treats its instances as primaries and sets the permissions of the shared files
# too: they must exist.
mkdir -p /usr/share/man
cp -a "$root/usr/share/man/." /usr/share/man/
mkdir -p /etc/postfix
cp -a "$root"/etc/postfix/. /etc/postfix/
cp "$root/usr/share/postfix/dynamicmaps.cf" /etc/postfix/dynamicmaps.cf
cp "$root/usr/share/postfix/makedefs.out" /etc/postfix/makedefs.out
cp "$root/usr/share/postfix/main.cf.dist" /etc/postfix/main.cf.proto
cp "$root/usr/share/postfix/master.cf.dist" /etc/postfix/master.cf.proto
add_postfix_accounts
export PFMULTI_CAMPAIGN_REAL=1
if [ "$full" = --full ]; then
  export PFMULTI_CAMPAIGN_FULL=1
else
  export PFMULTI_CAMPAIGN_ACTIONS=create,destroy PFMULTI_CAMPAIGN_STRIDE=9
fi
set +e
"$bin" --gtest_filter='LifecycleKillCampaign.*' >"$tmp/out" 2>&1
rc=$?
set -e
grep -v '^\[ *\(RUN\|OK\) *\]' "$tmp/out" || true
exit "$rc"
