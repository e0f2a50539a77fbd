#!/usr/bin/env bash
# `cmake --install` puts pfmulti, the postfix-wrapper link (in lib/pfmulti, relative), the
# systemd units and generator link, the conformance runner
# pfmulti-conform, the manual page and the bash completion in the usual places under a prefix
# (the completion loads and completes; --version names the project's version); the installed link acts
# as postfix-wrapper (refusing to run without command_directory in its environment, as the
# shipped script does), and the installed `pfmulti conform` runs the installed pfmulti-conform.
# Usage: install_test.sh BUILD_DIR
set -euo pipefail
build=$1
prefix=$(mktemp -d /tmp/pfmulti-install.XXXXXX)
trap 'rm -rf "$prefix"' EXIT
cmake --install "$build" --prefix "$prefix" >/dev/null
fail=0
check() { if "$@"; then echo "ok: ${*: -1}"; else echo "FAIL: $*"; fail=1; fi; }
check test -x "$prefix/sbin/pfmulti"
check test -L "$prefix/lib/pfmulti/postfix-wrapper"
check test "$(readlink "$prefix/lib/pfmulti/postfix-wrapper")" = ../../sbin/pfmulti
check test ! -e "$prefix/sbin/postfix-wrapper"
check test -f "$prefix/share/man/man1/pfmulti.1"
check test -x "$prefix/sbin/pfmulti-conform"
check test -f "$prefix/share/bash-completion/completions/pfmulti"
# systemd (issue 16): the template, the target and the generator link to the installed pfmulti.
check test -f "$prefix/lib/systemd/system/pfmulti@.service"
check test -f "$prefix/lib/systemd/system/pfmulti.target"
check test "$(readlink -f "$prefix/lib/systemd/system-generators/pfmulti-systemd-generator")" = "$(readlink -f "$prefix/sbin/pfmulti")"
# The installed completion loads and completes (bash, without bash-completion's helpers).
words=$(PATH="$prefix/sbin:$PATH" bash -c '. "$1/share/bash-completion/completions/pfmulti"
  COMP_WORDS=(pfmulti -e c); COMP_CWORD=2; _pfmulti; echo "${COMPREPLY[*]}"
  COMP_WORDS=(pfmulti stat); COMP_CWORD=1; _pfmulti; echo "${COMPREPLY[*]}"
  COMP_WORDS=(pfmulti --ver); COMP_CWORD=1; _pfmulti; echo "${COMPREPLY[*]}"' _ "$prefix")
check test "$words" = "create
status
--version"
check test "$("$prefix/sbin/pfmulti" --version)" = "pfmulti $(sed -n 's/^project(pfmulti VERSION \([0-9.]*\).*/\1/p' "$(dirname "$0")/../CMakeLists.txt")"
set +e
err=$(env -i PATH=/usr/bin:/bin "$prefix/lib/pfmulti/postfix-wrapper" start 2>&1 >/dev/null)
status=$?
set -e
echo "postfix-wrapper start (no environment): exit $status: $err"
check test "$status" = 2
check test "$err" = "postfix-wrapper: fatal: command_directory: do not invoke this command directly"
set +e
err=$(env -i PATH=/nonexistent "$prefix/sbin/pfmulti" conform 2>&1 >/dev/null)
status=$?
set -e
echo "pfmulti conform (no arguments): exit $status: ${err%%$'\n'*}"
check test "$status" = 2
check test "${err%%$'\n'*}" = "pfmulti: --profile is required"
exit $fail
