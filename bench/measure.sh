# The measurement phase of bench/run (sourced by it, inside the private mount namespace when
# use_ns=1). Defines every implementation's command line once (impl_command) and uses it three
# ways: a checked run under strace with the logging stub, alternating timed runs (pfbench time),
# and callgrind. Results go to $results: counts.tsv, verify.tsv, samples.tsv, callgrind.tsv.
# shellcheck shell=bash disable=SC2154  # settings come from $work/settings.sh

say() { echo "bench: $*" >&2; }

# Private /etc/postfix (the primary, per N), and a postfix user and postdrop group, as postmulti
# needs them (spec/postfix-facts.md §6): an overlay over /etc whose upper layer is a tmpfs, so that
# nothing of the host changes; libraries come from LD_LIBRARY_PATH and shlib_directory.
setup_namespace() {
  local ns=$work/ns
  mkdir -p "$ns"
  mount -t tmpfs tmpfs "$ns"
  mkdir -p "$ns/etc-upper" "$ns/etc-work"
  mount -t overlay overlay -o "lowerdir=/etc,upperdir=$ns/etc-upper,workdir=$ns/etc-work" /etc
  mkdir -p /etc/postfix
  local id=2000
  while getent passwd "$id" >/dev/null || getent group "$id" >/dev/null ||
    getent group "$((id + 1))" >/dev/null; do id=$((id + 2)); done
  getent group postfix >/dev/null || echo "postfix:x:$id:" >>/etc/group
  getent group postdrop >/dev/null || echo "postdrop:x:$((id + 1)):" >>/etc/group
  getent passwd postfix >/dev/null ||
    echo "postfix:x:$id:$(getent group postfix | cut -d: -f3)::/nonexistent:/usr/sbin/nologin" \
      >>/etc/passwd
}

# The primary's config directory as every implementation sees it.
primary_for() { if [ "$use_ns" = 1 ]; then echo /etc/postfix; else echo "$work/tree-$1/primary"; fi; }

use_primary() {
  local n=$1
  if [ "$use_ns" = 1 ]; then
    mountpoint -q /etc/postfix && umount /etc/postfix
    mount --bind "$work/tree-$n/primary" /etc/postfix
  fi
}

# impl_command LABEL N: sets ENV (the complete environment) and ARGV.
impl_command() {
  local label=$1 n=$2 primary
  primary=$(primary_for "$n")
  local path=PATH=/bin:/usr/bin:/sbin:/usr/sbin
  local ldpath=LD_LIBRARY_PATH=$root/usr/lib/postfix
  # What postfix(1) exports to a multi-instance wrapper (spec/postfix-facts.md §1.5).
  local wrapper_env=("$path" "MAIL_CONFIG=$primary" "config_directory=$primary"
    "command_directory=$work/cmd" "daemon_directory=$daemon_dir"
    "queue_directory=$work/tree-$n/spool/primary" "data_directory=$work/tree-$n/lib/primary"
    "meta_directory=$primary" "shlib_directory=$shlib_dir" mail_owner=postfix
    setgid_group=postdrop)
  case "$label" in
    floor)
      ENV=("$path"); ARGV=("$B/bench/bench_floor" "$((n + 1))" "$work/cmd/postfix" -c "$primary" start) ;;
    floor-wrapper-env)  # the floor, its children given what the wrapper's children get
      ENV=("${wrapper_env[@]}"); ARGV=("$B/bench/bench_floor" "$((n + 1))" "$work/cmd/postfix" -c "$primary" start) ;;
    pfmulti-wrapper-start)
      ENV=("${wrapper_env[@]}"); ARGV=("$work/bin/postfix-wrapper" start) ;;
    pfmulti-static-wrapper-start)
      ENV=("${wrapper_env[@]}"); ARGV=("$work/bin-static/postfix-wrapper" start) ;;
    pfmulti-wrapper-status)
      ENV=("${wrapper_env[@]}"); ARGV=("$work/bin/postfix-wrapper" status) ;;
    pfmulti-p-start)
      ENV=("$path"); ARGV=("$pfmulti" -p start) ;;
    script-start)
      ENV=("${wrapper_env[@]}" "$ldpath"); ARGV=("$root/usr/lib/postfix/sbin/postfix-wrapper" start) ;;
    script-status)
      ENV=("${wrapper_env[@]}" "$ldpath"); ARGV=("$root/usr/lib/postfix/sbin/postfix-wrapper" status) ;;
    postmulti-start)
      ENV=("$path" "$ldpath"); ARGV=("$root/usr/sbin/postmulti" -p start) ;;
    *) say "unknown implementation $label"; return 1 ;;
  esac
}

labels_for_this_machine() {
  local l="floor floor-wrapper-env pfmulti-wrapper-start pfmulti-wrapper-status"
  [ -n "$pfmulti_static" ] && l="$l pfmulti-static-wrapper-start"
  [ "$use_ns" = 1 ] && l="$l pfmulti-p-start"
  [ -n "$root" ] && l="$l script-start script-status"
  [ -n "$root" ] && [ "$use_ns" = 1 ] && l="$l postmulti-start"
  echo "$l"
}

# The commands a correct implementation runs, normalized: "CONFIG_DIR<TAB>COMMAND" per run.
expected_runs() {
  local n=$1 command=$2 primary i
  primary=$(primary_for "$n")
  printf '%s\t%s\n' "$primary" "$command"
  for ((i = 1; i <= n; i++)); do
    local c=$command
    [ "$command" = start ] && ((i % 2 == 0)) && c=check
    printf '%s/i%04d\t%s\n' "$work/tree-$n" "$i" "$c"
  done
}

# The stub's log (MAIL_CONFIG, then its arguments) normalized as expected_runs prints it:
# the config directory is -c's argument, else MAIL_CONFIG; options are dropped.
normalize_log() {
  awk -F'\t' '{
    config = $1; cmd = ""
    for (i = 2; i <= NF; i++) {
      if ($i == "-c") { config = $(i + 1); i++ }
      else if ($i ~ /^-/) { }
      else cmd = cmd (cmd == "" ? "" : " ") $i
    }
    printf "%s\t%s\n", config, cmd
  }' "$1"
}

# One checked run of LABEL at N under strace, with the logging stub. Appends to counts.tsv and
# verify.tsv; prints "ok" when the implementation can be timed (it ran the stub at least once).
check_run() {
  local label=$1 n=$2
  local dir=$work/check/n$n
  mkdir -p "$dir"
  impl_command "$label" "$n"
  cp "$B/bench/bench_postfix_stub_log" "$work/cmd/postfix"
  : >"$work/cmd/postfix.log"
  local rc=0
  env -i "${ENV[@]}" strace -f -qq -e trace=execve -o "$dir/$label.strace" "${ARGV[@]}" \
    >"$dir/$label.out" 2>&1 || rc=$?
  cp "$B/bench/bench_postfix_stub" "$work/cmd/postfix"
  mv "$work/cmd/postfix.log" "$dir/$label.log"
  # Processes: distinct pids in the trace; programs: successful execve calls, by name.
  local processes postfix_runs programs
  processes=$(awk '{print $1}' "$dir/$label.strace" | sort -u | wc -l)
  postfix_runs=$(wc -l <"$dir/$label.log")
  programs=$(grep -E '^[0-9]+ +execve\(".*\) = 0$' "$dir/$label.strace" |
    sed -E 's/^[0-9]+ +execve\("([^"]*)".*/\1/; s#.*/##' | sort | uniq -c | sort -rn |
    awk '{printf "%s%s ×%s", (NR > 1 ? ", " : ""), $2, $1}')
  printf 'n%s\t%s\t%s\t%s\t%s\n' "$n" "$label" "$processes" "$postfix_runs" "$programs" \
    >>"$results/counts.tsv"
  local verdict note=""
  if [ "$postfix_runs" = 0 ]; then
    verdict=unavailable
    note="exit $rc, ran postfix 0 times: $(head -c 300 "$dir/$label.out" | tr '\n\t' '  ')"
  elif [[ "$label" == floor* ]]; then
    [ "$postfix_runs" = $((n + 1)) ] && verdict=ok || verdict=differs
    note="$postfix_runs runs"
  else
    local command=start
    [[ "$label" == *status ]] && command=status
    expected_runs "$n" "$command" >"$dir/$label.expected"
    normalize_log "$dir/$label.log" >"$dir/$label.normalized"
    if cmp -s "$dir/$label.expected" "$dir/$label.normalized"; then
      verdict=ok
      note="$postfix_runs runs as expected"
    else
      verdict=differs
      note="$(diff "$dir/$label.expected" "$dir/$label.normalized" | sed -n 2,3p | tr '\n\t' '  ')"
    fi
    [ "$rc" = 0 ] || note="$note; exit $rc"
  fi
  printf 'n%s\t%s\t%s\t%s\n' "$n" "$label" "$verdict" "$note" >>"$results/verify.tsv"
  if [ "$verdict" != unavailable ]; then echo ok; fi
}

spec_line() {  # spec_line GROUP LABEL N
  impl_command "$2" "$3"
  local IFS=$'\t'
  echo "$1	$2	${ENV[*]}	--	${ARGV[*]}"
}

callgrind_ir() {  # callgrind_ir GROUP LABEL ENV... -- ARGV...
  local group=$1 label=$2 out
  shift 2
  local env=()
  while [ "$1" != -- ]; do env+=("$1"); shift; done
  shift
  out=$work/callgrind.$$.$RANDOM
  env -i "${env[@]}" valgrind --tool=callgrind --callgrind-out-file="$out" "$@" >/dev/null 2>&1 || true
  local ir
  ir=$(sed -n 's/^summary: *//p; s/^totals: *//p' "$out" 2>/dev/null | head -1)
  rm -f "$out"
  [ -n "$ir" ] && printf '%s\t%s\t%s\n' "$group" "$label" "$(echo "$ir" | sed ':a;s/\B[0-9]\{3\}\>/,&/;ta')" >>"$results/callgrind.tsv"
}

measure_multi_instance() {
  local reps floor_reps n label spec
  for n in $ns_list; do
    use_primary "$n"
    say "N = $n: checked runs under strace"
    local timed=()
    for label in $(labels_for_this_machine); do
      [ "$(check_run "$label" "$n")" = ok ] && timed+=("$label")
    done
    if [ "$quick" = 1 ]; then reps=3; floor_reps=11; else reps=9; floor_reps=21; fi
    [ "$n" -ge 1000 ] && { reps=5; floor_reps=11; }
    spec=$work/spec-n$n
    : >"$spec"
    for label in "${timed[@]}"; do spec_line "n$n" "$label" "$n" >>"$spec"; done
    say "N = $n: ${timed[*]}: $reps alternating repetitions"
    "$B/bench/pfbench" time --reps "$reps" --warmup 1 --out "$results/samples.tsv" "$spec"
    spec=$work/spec-n$n-floor
    : >"$spec"
    for label in "${timed[@]}"; do
      [[ "$label" == floor* || "$label" == pfmulti-* ]] && spec_line "n$n-floor" "$label" "$n" >>"$spec"
    done
    say "N = $n: floor and pfmulti alone: $floor_reps alternating repetitions"
    "$B/bench/pfbench" time --reps "$floor_reps" --warmup 1 --out "$results/samples.tsv" "$spec"
    # Instructions of the implementation's own process (children not followed).
    for label in "${timed[@]}"; do
      case "$label" in
        floor* | pfmulti-*)
          impl_command "$label" "$n"
          callgrind_ir "n$n" "$label, N = $n" "${ENV[@]}" -- "${ARGV[@]}" ;;
      esac
    done
  done
}

measure_conf() {
  local pf=$pfmulti pc=$root/usr/sbin/postconf ld=LD_LIBRARY_PATH=$root/usr/lib/postfix
  local path=PATH=/bin:/usr/bin:/sbin:/usr/sbin reps=7 exp_reps=3
  [ "$quick" = 1 ] && reps=3
  local spec=$work/spec-conf
  : >"$spec"
  local kind args rc note
  for kind in deep cont exp; do
    local dir=$work/conf-$kind query=(mydestination)
    args=mydestination
    if [ "$kind" = deep ]; then
      args="@$dir/names"
      mapfile -t query <"$dir/names"
    fi
    # Checked run: same output? (not for the exponential file: postconf prints 32 MiB in ~19 s)
    rc=0
    env -i "$path" "$pf" conf -c "$dir" -xh "${query[@]}" >"$work/conf-$kind.pfmulti.out" \
      2>"$work/conf-$kind.pfmulti.err" || rc=$?
    note="exit $rc, $(wc -c <"$work/conf-$kind.pfmulti.out") bytes"
    if [ -s "$work/conf-$kind.pfmulti.err" ]; then
      note="$note; stderr: $(head -c 200 "$work/conf-$kind.pfmulti.err" | tr '\n\t' '  ')"
    fi
    if [ -n "$root" ] && [ "$kind" != exp ]; then
      env -i "$path" "$ld" "$pc" -c "$dir" -xh "${query[@]}" >"$work/conf-$kind.postconf.out" \
        2>/dev/null || true
      if cmp -s "$work/conf-$kind.pfmulti.out" "$work/conf-$kind.postconf.out"; then
        note="$note; same output as postconf"
      else
        note="$note; OUTPUT DIFFERS from postconf"
      fi
    fi
    local verdict=ok
    [ "$kind" != exp ] && [ "$rc" != 0 ] && verdict=failed
    printf 'conf-%s\tpfmulti\t%s\t%s\n' "$kind" "$verdict" "$note" >>"$results/verify.tsv"
    if [ "$kind" != exp ] || { [ "$quick" = 0 ] && [ -n "$root" ]; }; then
      echo "conf-$kind	pfmulti	$path	--	$pf	conf	-c	$dir	-xh	$args" >>"$spec"
      [ -n "$root" ] && echo "conf-$kind	postconf	$path	$ld	--	$pc	-c	$dir	-xh	$args" >>"$spec"
    fi
    callgrind_ir "conf-$kind" "pfmulti conf -xh, $kind" "$path" -- "$pf" conf -c "$dir" -xh \
      "${query[@]}"
    if [ -n "$root" ] && [ "$kind" != exp ] && [ "$quick" = 0 ]; then
      callgrind_ir "conf-$kind" "postconf -xh, $kind" "$path" "$ld" -- "$pc" -c "$dir" -xh \
        "${query[@]}"
    fi
  done
  # Deep and continuation files: $reps alternations; the exponential file separately (postconf
  # takes ~19 s a run there), and pfmulti alone on it for the 50 ms target.
  grep -v '^conf-exp' "$spec" >"$spec-large"
  say "conf: large files, $reps alternating repetitions"
  "$B/bench/pfbench" time --reps "$reps" --warmup 1 --out "$results/samples.tsv" "$spec-large"
  if grep -q '^conf-exp' "$spec"; then
    grep '^conf-exp' "$spec" >"$spec-exp"
    say "conf: exponential file, $exp_reps alternating repetitions (postconf needs ~20 s a run)"
    "$B/bench/pfbench" time --reps "$exp_reps" --warmup 0 --out "$results/samples.tsv" "$spec-exp"
  fi
  echo "conf-exp-alone	pfmulti	$path	--	$pf	conf	-c	$work/conf-exp	-xh	mydestination" >"$spec-exp-alone"
  "$B/bench/pfbench" time --reps 21 --warmup 1 --out "$results/samples.tsv" "$spec-exp-alone"
}

# The layers of starting one child (bench_spawn_cost: vfork, posix_spawn, pfmulti's clone, the runner, the
# executor), 1001 runs of the stub each, alternating: what each layer adds per child, without
# reading any main.cf. Group "spawn" of samples.tsv.
measure_spawn() {
  local reps=11 spec=$work/spec-spawn mode
  [ "$quick" = 1 ] && reps=5
  : >"$spec"
  printf 'spawn\tvfork\tPATH=/bin:/usr/bin\t--\t%s\t1001\t%s\tstart\n' "$B/bench/bench_floor" \
    "$work/cmd/postfix" >>"$spec"
  for mode in posix_spawn clone runner executor; do
    printf 'spawn\t%s\tPATH=/bin:/usr/bin\t--\t%s\t%s\t1001\t%s\tstart\n' "$mode" \
      "$B/bench/bench_spawn_cost" "$mode" "$work/cmd/postfix" >>"$spec"
  done
  say "spawn layers: 1001 runs each, $reps alternating repetitions"
  "$B/bench/pfbench" time --reps "$reps" --warmup 1 --out "$results/samples.tsv" "$spec"
}

measure_all() {
  : >"$results/counts.tsv"
  : >"$results/verify.tsv"
  : >"$results/samples.tsv"
  : >"$results/callgrind.tsv"
  [ "$use_ns" = 1 ] && setup_namespace
  measure_multi_instance
  measure_spawn
  measure_conf
}
