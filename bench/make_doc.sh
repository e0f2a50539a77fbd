# make_doc OUT (sourced by bench/run): fills bench/performance.md.in with this run's results.
# Inline @NAME@ placeholders take one-line facts about the run and the machine; a line that is
# exactly @TABLES@, @VERIFY@, @PARALLEL@ or @FINDINGS@ is replaced by results/tables.md, a table
# built from verify.tsv, results/parallel.md, or bench/findings.md (the hand-written analysis: profiles, causes, fixes).
# shellcheck shell=bash disable=SC2154  # repo, results, B, root, quick, pfmulti: from bench/run
make_doc() {
  local out=$1
  local cpu mem kernel compiler commit postfix_version mode
  cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)
  mem=$(awk '/MemTotal/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo)
  kernel=$(uname -sr)
  compiler=$(c++ --version | head -1)
  commit=$(git -C "$repo" rev-parse --short HEAD)
  git -C "$repo" diff --quiet HEAD -- model impl 2>/dev/null || commit="$commit (model/ or impl/ modified)"
  postfix_version=none
  [ -n "$root" ] && postfix_version=$(sed -n 's/.*postfix_\([^_]*\)_.*/\1/p' <<<"$(ls "$root"/../postfix_*.deb 2>/dev/null)" | head -1)
  mode="full"; [ "$quick" = 1 ] && mode="--quick"
  [ "$pfmulti" != "$B/pfmulti" ] && mode="$mode, candidate binary $pfmulti"
  local verify=$results/verify.md
  {
    echo "| group | implementation | result | detail |"
    echo "|---|---|---|---|"
    awk -F'\t' '{gsub(/\|/, "\\|", $4); printf "| %s | %s | %s | %s |\n", $1, $2, $3, $4}' "$results/verify.tsv"
  } >"$verify"
  local meta_date load_start load_end
  meta_date=$(awk -F'\t' '$1 == "date" {print $2}' "$results/meta.tsv")
  load_start=$(awk -F'\t' '$1 == "load_start" {print $2}' "$results/meta.tsv")
  load_end=$(awk -F'\t' '$1 == "load_end" {print $2}' "$results/meta.tsv")
  awk -v date="$meta_date" -v cpu="$cpu ($(nproc) CPUs available), $mem RAM, $kernel" \
    -v compiler="$compiler" -v commit="$commit" -v postfix="$postfix_version" -v mode="$mode" \
    -v load_start="$load_start" -v load_end="$load_end" \
    -v tables="$results/tables.md" -v verify="$verify" -v findings="$repo/bench/findings.md" -v parallel="$results/parallel.md" '
    $0 == "@TABLES@" { while ((getline line < tables) > 0) print line; next }
    $0 == "@FINDINGS@" { while ((getline line < findings) > 0) print line; next }
    $0 == "@VERIFY@" { while ((getline line < verify) > 0) print line; next }
    $0 == "@PARALLEL@" { while ((getline line < parallel) > 0) print line; next }
    {
      gsub(/@DATE@/, date); gsub(/@MACHINE@/, cpu); gsub(/@COMPILER@/, compiler)
      gsub(/@COMMIT@/, commit); gsub(/@POSTFIX@/, postfix); gsub(/@MODE@/, mode)
      gsub(/@LOAD_START@/, load_start); gsub(/@LOAD_END@/, load_end)
      print
    }' "$repo/bench/performance.md.in" >"$out"
}
