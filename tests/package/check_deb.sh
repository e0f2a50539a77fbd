#!/usr/bin/env bash
# The Debian package (docs/packaging.md, spec/rules.md R150) holds what the install rules
# install, no more and no less: it is built with scripts/build-deb from BUILD_DIR, and compared
# path by path with `cmake --install --strip --prefix /usr` into a staging directory (type,
# bytes, link target; manual pages compressed, links to them pointing at the compressed page),
# the only additions being the Debian files of packaging/deb/deb_extras.cmake. Its Depends names
# exactly the packages that hold the shared libraries its programs load (readelf NEEDED, ldd,
# dpkg -S), its changelog's version is the package's and the project's, every member belongs
# to root, and its postrm is there. Leaves the .deb in BUILD_DIR/deb for package.lintian and
# package.bookworm.
# Usage: check_deb.sh SOURCE_DIR BUILD_DIR
set -euo pipefail
src=$(cd "$1" && pwd)
build=$(cd "$2" && pwd)
deb=$("$src/scripts/build-deb" "$build")
echo "# $deb"
tmp=$(mktemp -d /tmp/pfmulti-deb.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
DESTDIR=$tmp/stage cmake --install "$build" --prefix /usr --strip >/dev/null
mkdir "$tmp/deb"
dpkg-deb -x "$deb" "$tmp/deb"

failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
ok() { echo "ok: $*"; }

# The Debian files deb_extras.cmake adds; everything else must come from the install rules.
extras="./usr/share/doc/pfmulti/README.Debian ./usr/share/doc/pfmulti/changelog.gz ./usr/share/doc/pfmulti/copyright"
expected=$(
  cd "$tmp/stage"
  find . -mindepth 1 | while read -r p; do
    case $p in ./usr/share/man/*/*) [ -d "$p" ] && echo "$p" || echo "$p.gz" ;; *) echo "$p" ;; esac
  done
  printf '%s\n' $extras
)
expected=$(printf '%s\n' "$expected" | sort -u)
actual=$(cd "$tmp/deb" && find . -mindepth 1 | sort)
if [ "$expected" = "$actual" ]; then
  ok "the package's $(echo "$actual" | wc -l) paths are the install rules' plus the Debian files"
else
  fail "package paths differ from cmake --install's:"
  diff <(echo "$expected") <(echo "$actual") | sed 's/^/  /' || true
fi

# Each installed path: same type and contents in the package.
before=$failures
while read -r p; do
  s=$tmp/stage/$p
  d=$tmp/deb/$p
  case $p in ./usr/share/man/*/*) [ -d "$s" ] || d=$d.gz ;; esac
  if [ -L "$s" ]; then
    want=$(readlink "$s")
    case $p in ./usr/share/man/*) want=$want.gz ;; esac
    [ -L "$d" ] && [ "$(readlink "$d")" = "$want" ] || fail "$p: not a link to $want in the package"
  elif [ -d "$s" ]; then
    [ -d "$d" ] && [ ! -L "$d" ] || fail "$p: not a directory in the package"
  elif [ "$d" != "$tmp/deb/$p" ]; then
    [ -f "$d" ] && gzip -dc "$d" | cmp -s - "$s" || fail "$p: the package's $p.gz does not decompress to it"
  else
    [ -f "$d" ] && cmp -s "$d" "$s" || fail "$p: differs in the package"
    [ -x "$s" ] && { [ -x "$d" ] || fail "$p: not executable in the package"; }
  fi
done < <(cd "$tmp/stage" && find . -mindepth 1 | sort)
[ "$failures" = "$before" ] &&
  ok "every installed file, link and directory is in the package with the same contents"

# Members belong to root, directories are 0755.
owners=$(dpkg-deb -c "$deb" | awk '$2 != "root/root"' | head -3)
[ -z "$owners" ] && ok "every member belongs to root/root" || fail "members not owned by root: $owners"
dirs=$(dpkg-deb -c "$deb" | awk '/^d/ && $1 != "drwxr-xr-x"' | head -3)
[ -z "$dirs" ] && ok "every directory is 0755" || fail "directories not 0755: $dirs"

# Depends: exactly the packages holding the libraries the programs load.
owner_of() {  # owner_of PATH: the package holding a library, as dpkg -S names it (merged /usr)
  local p=$1 alt
  case $p in /usr/*) alt=${p#/usr} ;; *) alt=/usr$p ;; esac
  { dpkg -S "$p" 2>/dev/null || dpkg -S "$alt" 2>/dev/null; } | head -1 | sed 's/:.*//'
}
want_pkgs=$(
  find "$tmp/deb" -type f | while read -r f; do
    [ "$(head -c 4 "$f" | od -An -c | tr -d ' ')" = '177ELF' ] || continue
    for soname in $(readelf -d "$f" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p'); do
      path=$(ldd "$f" | awk -v s="$soname" '$1 == s { print $3 }')
      [ -n "$path" ] || { echo "unresolved:$soname"; continue; }
      owner_of "$path"
    done
  done | sort -u
)
depends=$(dpkg-deb -f "$deb" Depends)
have_pkgs=$(echo "$depends" | tr ',' '\n' | sed 's/^ *\([^ ]*\).*/\1/' | sort -u)
echo "# Depends: $depends"
if [ -n "$want_pkgs" ] && [ "$want_pkgs" = "$have_pkgs" ]; then
  ok "Depends names the packages of the loaded libraries: $(echo $want_pkgs)"
else
  fail "Depends names '$(echo $have_pkgs)', the programs load libraries of '$(echo $want_pkgs)'"
fi

# Versions: the project's, the package's and the changelog's agree.
project=$(sed -n 's/^project(pfmulti VERSION \([0-9.]*\).*/\1/p' "$src/CMakeLists.txt")
package=$(dpkg-deb -f "$deb" Version)
changelog=$(gzip -dc "$tmp/deb/usr/share/doc/pfmulti/changelog.gz" | sed -n '1s/^pfmulti (\([^)]*\)).*/\1/p')
[ "$project" = "$package" ] && [ "$package" = "$changelog" ] &&
  ok "version $package (project, package, changelog)" ||
  fail "versions differ: project $project, package $package, changelog $changelog"
[ "$(dpkg-deb -f "$deb" Architecture)" = "$(dpkg --print-architecture)" ] &&
  ok "architecture $(dpkg --print-architecture)" || fail "architecture $(dpkg-deb -f "$deb" Architecture)"

mkdir "$tmp/control"
dpkg-deb -e "$deb" "$tmp/control"
[ -x "$tmp/control/postrm" ] && cmp -s "$tmp/control/postrm" "$src/packaging/deb/postrm" &&
  ok "postrm is packaging/deb/postrm, executable" || fail "postrm missing or not packaging/deb/postrm"

if [ "$failures" -ne 0 ]; then
  echo "package.deb: $failures check(s) failed"
  exit 1
fi
echo "package.deb: all checks passed"
