#!/usr/bin/env bash
# Bench: `pfmulti status` over N instances (default 100; issue 15 item 5's target: under 50 ms
# for 100). Builds a throw-away tree: a primary whose multi_instance_directories names N
# secondaries, each with its own queue directory (maildrop, incoming, active, deferred hashed
# into 16 subdirectories, hold, corrupt; FILES complete queue files spread over them, a pid file
# naming a process that is not a master), then times the whole command (process start to exit,
# stdout to /dev/null) RUNS times and prints the median and worst wall time and the median CPU
# time (user+sys; what a busy machine inflates least) with the load average.
# Usage: bench/status.sh PFMULTI_BIN [N [FILES [RUNS]]]
set -euo pipefail
pfmulti=$1
n=${2:-100}
files=${3:-20}
runs=${4:-21}
tmp=$(mktemp -d /tmp/pfmulti-bench-status.XXXXXX)
[ -n "${KEEP:-}" ] || trap 'rm -rf "$tmp"' EXIT
python3 - "$tmp" "$n" "$files" <<'PY'
import os, sys
tmp, n, files = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
def queue(q):
    for d in ("maildrop", "incoming", "active", "hold", "corrupt", "pid"):
        os.makedirs(os.path.join(q, d))
    for h in "0123456789ABCDEF":
        os.makedirs(os.path.join(q, "deferred", h))
    with open(os.path.join(q, "pid", "master.pid"), "w") as f:
        f.write("%10d\n" % 1)  # pid 1 is not a master: stopped
    for k in range(files):
        sub = ["maildrop", "incoming", "active", "hold", "deferred/" + "0123456789ABCDEF"[k % 16]][k % 5]
        p = os.path.join(q, sub, "Q%08X" % k)
        open(p, "w").close()
        os.chmod(p, 0o700)
dirs = [os.path.join(tmp, "etc", "postfix-%03d" % i) for i in range(n)]
os.makedirs(os.path.join(tmp, "etc", "postfix"))
for d in ("bin", "sbin", "lib", "meta"):
    os.makedirs(os.path.join(tmp, d))
with open(os.path.join(tmp, "etc", "postfix", "main.cf"), "w") as f:
    f.write(f"command_directory = {tmp}/bin\ndaemon_directory = {tmp}/sbin\n"
            f"shlib_directory = {tmp}/lib\nmeta_directory = {tmp}/meta\n"
            f"queue_directory = {tmp}/spool/postfix\ndata_directory = {tmp}/data/postfix\n"
            f"multi_instance_enable = yes\nmulti_instance_directories = {' '.join(dirs)}\n")
queue(os.path.join(tmp, "spool", "postfix"))
for i, d in enumerate(dirs):
    os.makedirs(d)
    name = os.path.basename(d)
    with open(os.path.join(d, "main.cf"), "w") as f:
        f.write(f"queue_directory = {tmp}/spool/{name}\ndata_directory = {tmp}/data/{name}\n"
                f"multi_instance_name = {name}\nmulti_instance_group = g{i % 4}\n"
                f"multi_instance_enable = {'yes' if i % 2 else 'no'}\n")
    queue(os.path.join(tmp, "spool", name))
PY
"$pfmulti" status -c "$tmp/etc/postfix" >"$tmp/out" 2>/dev/null || true
head -n 2 "$tmp/out"
python3 - "$pfmulti" "$tmp/etc/postfix" "$runs" "$n" "$files" <<'PY'
import os, resource, statistics, subprocess, sys, time
pfmulti, primary, runs, n, files = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4], sys.argv[5]
times, cpu = [], []
for _ in range(runs):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    r = subprocess.run([pfmulti, "status", "-c", primary], stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL)
    times.append((time.perf_counter() - t) * 1000)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu.append((after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime) * 1000)
    assert r.returncode in (0, 1), r.returncode
print(f"pfmulti status: {n} instances + primary, {files} queue files each, {runs} runs: "
      f"wall median {statistics.median(times):.1f} ms (worst {max(times):.1f}), "
      f"CPU (user+sys) median {statistics.median(cpu):.1f} ms; load average {os.getloadavg()[0]:.1f}")
PY
