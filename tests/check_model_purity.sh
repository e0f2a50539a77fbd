#!/bin/sh
# Checks that the pure layers stay pure (ctest model.purity; docs/architecture.md): every file
# under model/ and impl/conform/core/ may include only
#  - a standard header from the allow-list below: containers, strings, algorithms, numbers,
#    <ostream> (operator<< for printing values) and <sstream> (string streams), <random> for
#    seeded engines (std::random_device is refused below), <cstdlib>/<cerrno>/<cstring> for
#    strtol and friends (getenv, system and exit are refused below);
#  - fmt's formatting headers (<fmt/format.h>, <fmt/ranges.h>), <emmintrin.h> (SSE2 intrinsics:
#    arithmetic on registers);
#  - "model/..." headers, and, in impl/conform/core/ only, "impl/conform/core/..." headers.
# An allow-list, not a deny-list: a header nobody has judged (<fstream>, <filesystem>,
# <iostream>, <chrono>, <thread>, <cstdio>, <ctime>, <unistd.h>, <sys/...>, "impl/...",
# "tests/...") fails until it is judged pure and added here with its reason.
# Besides includes, the sources (comments removed) must not name an effect that an allowed header
# still declares: getenv/setenv/putenv, system(), popen, fopen, exit(), std::cout/cin/cerr/clog,
# fmt::print, std::random_device, the std::chrono clocks, time(), and what reads the C locale
# (strtod and friends read LC_NUMERIC's decimal point: std::from_chars does not).
# Usage: tests/check_model_purity.sh SOURCE_DIR   (exit 0: pure; 1: each offence on stderr)
#        tests/check_model_purity.sh --self-test  (the check refuses each kind of offence)
set -eu

allowed_std='algorithm array bitset cassert cctype cerrno charconv cinttypes climits cmath
compare concepts cstddef cstdint cstdlib cstring deque functional initializer_list iterator
limits list map memory numeric optional ostream random set span sstream string string_view tuple
type_traits unordered_map unordered_set utility variant vector'
allowed_other='fmt/format.h fmt/ranges.h emmintrin.h'

# The effects an allowed header still declares (extended regular expressions, one a line).
forbidden_calls='(^|[^A-Za-z0-9_:.>])(std::)?(secure_getenv|getenv|setenv|unsetenv|putenv|popen|fopen|freopen|system|exit|_Exit|quick_exit|time|clock|strtod|strtof|strtold|atof|setlocale|localeconv)[[:space:]]*\(
std::(cout|cin|cerr|clog|wcout|wcerr)([^A-Za-z0-9_]|$)
fmt::print
random_device
(system_clock|steady_clock|high_resolution_clock|file_clock)'

check() {
  src=$1
  status=0
  files=$( (find "$src/model" "$src/impl/conform/core" -type f \( -name '*.h' -o -name '*.cc' \) \
    2>/dev/null || true) | sort)
  [ -n "$files" ] || { echo "check_model_purity: no sources under $src/model" >&2; return 1; }
  for f in $files; do
    rel=${f#"$src"/}
    case $rel in
      impl/conform/core/*) own='model/ impl/conform/core/' ;;
      *) own='model/' ;;
    esac
    # Includes: <...> must be allowed, "..." must be a header of the pure layers.
    includes=$(sed -n 's/^[[:space:]]*#[[:space:]]*include[[:space:]]*\([<"][^>"]*[>"]\).*/\1/p' "$f")
    for inc in $includes; do
      name=${inc#?}
      name=${name%?}
      ok=0
      case $inc in
        \<*)
          for a in $allowed_std $allowed_other; do [ "$name" = "$a" ] && ok=1; done ;;
        \"*)
          for prefix in $own; do
            case $name in "$prefix"*) [ -f "$src/$name" ] && ok=1 ;; esac
          done ;;
      esac
      if [ $ok = 0 ]; then
        echo "check_model_purity: $rel includes $inc (not a pure header: see tests/check_model_purity.sh)" >&2
        status=1
      fi
    done
    # Calls: the file without // comments, /* */ comments and string literals.
    stripped=$(sed -e 's://.*$::' -e 's:"\([^"\\]\|\\.\)*":"":g' "$f" |
      awk '{ while (1) { if (c) { e = index($0, "*/"); if (!e) { $0 = ""; break } $0 = substr($0, e + 2); c = 0 }
                         s = index($0, "/*"); if (!s) break; printf "%s", substr($0, 1, s - 1); $0 = substr($0, s + 2); c = 1 }
             print }')
    echo "$forbidden_calls" | while IFS= read -r re; do
      hits=$(printf '%s\n' "$stripped" | grep -nE -- "$re" || true)
      [ -z "$hits" ] && continue
      printf '%s\n' "$hits" | while IFS= read -r h; do
        echo "check_model_purity: $rel:${h%%:*}: an effect in the pure layer: ${h#*:}" >&2
      done
      echo offence
    done | grep -q offence && status=1
  done
  return $status
}

self_test() {
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  failures=0
  mkdir -p "$tmp/model/text" "$tmp/impl/conform/core"
  printf '#include <string>\n#include "model/text/a.h"\n' >"$tmp/model/text/a.h"
  printf '#include "model/text/a.h"\n#include "impl/conform/core/c.h"\n// getenv("X") in a comment\nconst char* s = "system(";\n' \
    >"$tmp/impl/conform/core/c.h"
  if ! check "$tmp" 2>"$tmp/log"; then
    echo "check_model_purity: self-test: a clean tree fails:" >&2
    cat "$tmp/log" >&2
    failures=1
  fi
  for bad in '#include <fstream>' '#include <unistd.h>' '#include <sys/stat.h>' \
    '#include <filesystem>' '#include <iostream>' '#include <chrono>' '#include <cstdio>' \
    '#include "impl/runtime/file_ops.h"' '#include "tests/scenario_builder.h"' \
    '#include "impl/conform/core/c.h"' '#include "model/text/absent.h"' \
    'auto* v = std::getenv("HOME");' 'int r = system("ls");' 'FILE* f = fopen("x", "r");' \
    'void f() { std::cout << 1; }' 'std::random_device rd;' 'auto t = time(nullptr);' \
    'void f() { exit(1); }' 'void f() { fmt::print("x"); }' \
    'auto n = std::chrono::system_clock::now();' 'double d = std::strtod(s, nullptr);' \
    'std::setlocale(LC_ALL, "");'; do
    printf '#include <string>\n%s\n' "$bad" >"$tmp/model/text/bad.cc"
    if check "$tmp" 2>/dev/null; then
      echo "check_model_purity: self-test: not refused: $bad" >&2
      failures=1
    fi
  done
  rm -f "$tmp/model/text/bad.cc"
  [ $failures = 0 ] && echo "check_model_purity: self-test passed"
  return $failures
}

if [ "${1:-}" = --self-test ]; then
  self_test
else
  check "${1:-$(dirname "$0")/..}" && echo "check_model_purity: model/ and impl/conform/core/ are pure"
fi
