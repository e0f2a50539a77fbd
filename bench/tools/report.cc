// pfbench report RESULTS_DIR: turns what bench/run recorded into the tables of
// docs/performance.md. Reads samples.tsv (pfbench time), counts.tsv (strace: processes started),
// verify.tsv (did each implementation run the same commands), callgrind.tsv (instruction
// counts), micro.csv (Google Benchmark), parallel.tsv (bench/parallel.sh: real masters; the
// parallel targets) and the "spawn" group of samples.tsv (bench_spawn_cost's layers). Writes
// tables.md (medians, ratios, linear fits, target checks), plot.dat (gnuplot: N and one wall-time
// median column per implementation) and prints the target checks. A median of an even count is the
// mean of the two middle samples.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <optional>
#include <thread>

#include "bench/tools/pfbench.h"

namespace pfmulti::bench {
namespace {

struct Stats {
  std::vector<double> wall, cpu, rss_kib;
  std::vector<int> status;
};

double median(std::vector<double> v) {
  if (v.empty()) return NAN;
  std::sort(v.begin(), v.end());
  size_t n = v.size();
  return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

// The implementations of the multi-instance benchmark, in table order.
struct Impl {
  const char* label;
  const char* title;
};
constexpr Impl kImpls[] = {
    {"floor", "floor"},
    {"floor-wrapper-env", "floor, wrapper's environment"},
    {"pfmulti-wrapper-start", "pfmulti wrapper start"},
    {"pfmulti-static-wrapper-start", "pfmulti wrapper start, static runtime"},
    {"pfmulti-p-start", "pfmulti -p start"},
    {"pfmulti-wrapper-status", "pfmulti wrapper status"},
    {"script-start", "3.7 script start"},
    {"script-status", "3.7 script status"},
    {"postmulti-start", "postmulti -p start"},
};

std::string ms(double seconds) {
  if (std::isnan(seconds)) return "–";
  double v = seconds * 1000;
  return v >= 100  ? fmt::format("{:.0f}", v)
         : v >= 10 ? fmt::format("{:.1f}", v)
                   : fmt::format("{:.2f}", v);
}
// A duration given in nanoseconds, in the largest unit that keeps it at or above 1.
std::string duration(double ns) {
  if (ns < 1e3) return fmt::format("{:.0f} ns", ns);
  if (ns < 1e6) return fmt::format("{:.1f} µs", ns / 1e3);
  if (ns < 1e9) return fmt::format("{:.2f} ms", ns / 1e6);
  return fmt::format("{:.2f} s", ns / 1e9);
}
std::string ratio(double r) { return std::isnan(r) ? "–" : fmt::format("{:.2f}", r); }

class Report {
 public:
  explicit Report(std::string dir) : dir_(std::move(dir)) {}

  bool load() {
    std::string text;
    if (!read_file(dir_ + "/samples.tsv", text)) {
      fmt::print(stderr, "pfbench report: no {}/samples.tsv\n", dir_);
      return false;
    }
    for (const auto& line : split(text, '\n')) {
      auto f = split(line, '\t');
      if (f.size() < 7) continue;
      Stats& s = stats_[{f[0], f[1]}];
      s.wall.push_back(std::stod(f[3]));
      s.cpu.push_back(std::stod(f[4]));
      s.rss_kib.push_back(std::stod(f[5]));
      s.status.push_back(std::stoi(f[6]));
      if (f[0].size() > 1 && f[0][0] == 'n' && std::isdigit(static_cast<unsigned char>(f[0][1])) &&
          f[0].find('-') == std::string::npos) {
        int n = std::stoi(f[0].substr(1));
        if (std::find(ns_.begin(), ns_.end(), n) == ns_.end()) ns_.push_back(n);
      }
    }
    std::sort(ns_.begin(), ns_.end());
    if (read_file(dir_ + "/counts.tsv", text)) {
      for (const auto& line : split(text, '\n')) {
        auto f = split(line, '\t');
        if (f.size() >= 5) counts_[{f[0], f[1]}] = {f[2], f[3], f[4]};
      }
    }
    if (read_file(dir_ + "/verify.tsv", text)) {
      for (const auto& line : split(text, '\n')) {
        auto f = split(line, '\t');
        if (f.size() >= 4) verify_.push_back(f);
      }
    }
    if (read_file(dir_ + "/callgrind.tsv", text)) {
      for (const auto& line : split(text, '\n')) {
        auto f = split(line, '\t');
        if (f.size() >= 3) callgrind_.push_back(f);
      }
    }
    read_file(dir_ + "/micro.csv", micro_csv_);
    if (read_file(dir_ + "/parallel.tsv", text)) {  // bench/parallel.sh: K impl command wall cpu
      for (const auto& line : split(text, '\n')) {
        auto f = split(line, '\t');
        if (f.size() >= 4 && !f[0].empty() && std::isdigit(static_cast<unsigned char>(f[0][0]))) {
          parallel_[{std::stoi(f[0]), f[1], f[2]}].push_back(std::stod(f[3]));
          if (f.size() >= 5 && !f[4].empty())
            parallel_cpu_[{std::stoi(f[0]), f[1], f[2]}].push_back(std::stod(f[4]));
        }
      }
    }
    return true;
  }

  const Stats* find(const std::string& group, const std::string& label) const {
    auto it = stats_.find({group, label});
    return it == stats_.end() ? nullptr : &it->second;
  }
  double wall(const std::string& group, const std::string& label) const {
    const Stats* s = find(group, label);
    return s ? median(s->wall) : NAN;
  }
  bool present(const std::string& label) const {
    for (int n : ns_)
      if (find(group(n), label)) return true;
    return false;
  }
  static std::string group(int n) { return fmt::format("n{}", n); }
  static std::string floor_group(int n) { return fmt::format("n{}-floor", n); }

  std::string tables() {
    std::string md;
    md += multi_instance_tables();
    md += conf_tables();
    md += spawn_table();
    md += target_table();
    md += callgrind_table();
    md += micro_table();
    return md;
  }

  std::string plot_data() const {
    std::string out = "N";
    for (const auto& impl : kImpls)
      if (present(impl.label)) out += fmt::format(" \"{}\"", impl.title);
    out += "\n";
    for (int n : ns_) {
      out += fmt::format("{}", n);
      for (const auto& impl : kImpls) {
        if (!present(impl.label)) continue;
        double w = wall(group(n), impl.label);
        out += std::isnan(w) ? " NaN" : fmt::format(" {:.6f}", w * 1000);
      }
      out += "\n";
    }
    return out;
  }

  std::string targets_text() const { return targets_text_; }

 private:
  using Key = std::pair<std::string, std::string>;

  std::string header_row(const char* first) const {
    std::string h = fmt::format("| {} |", first), rule = "|---:|";
    for (const auto& impl : kImpls) {
      if (!present(impl.label)) continue;
      h += fmt::format(" {} |", impl.title);
      rule += "---:|";
    }
    return h + "\n" + rule + "\n";
  }

  template <class F>
  std::string per_n_table(const char* title, F cell) const {
    std::string md = fmt::format("{}\n\n", title) + header_row("N");
    for (int n : ns_) {
      md += fmt::format("| {} |", n);
      for (const auto& impl : kImpls) {
        if (!present(impl.label)) continue;
        const Stats* s = find(group(n), impl.label);
        md += fmt::format(" {} |", s ? cell(n, impl.label, *s) : std::string("–"));
      }
      md += "\n";
    }
    return md + "\n";
  }

  std::string multi_instance_tables() {
    if (ns_.empty()) return "";
    std::string md;
    md += per_n_table("**Wall time**, median (ms); N secondaries, N+1 instances:",
                      [](int, const std::string&, const Stats& s) { return ms(median(s.wall)); });
    md += per_n_table("**CPU time** (user + system of the whole process tree), median (ms):",
                      [](int, const std::string&, const Stats& s) { return ms(median(s.cpu)); });
    md += per_n_table(
        "**Peak memory**: largest resident set of any one process of the tree, median (MiB):",
        [](int, const std::string&, const Stats& s) {
          return fmt::format("{:.1f}", median(s.rss_kib) / 1024);
        });
    md += per_n_table(
        "**Processes started** (strace -f: distinct processes, the implementation's own "
        "included) / of which `postfix` runs:",
        [this](int n, const std::string& label, const Stats&) {
          auto it = counts_.find({group(n), label});
          if (it == counts_.end()) return std::string("–");
          return fmt::format("{} / {}", it->second[0], it->second[1]);
        });
    // Exit status: all runs of a cell should agree.
    std::string bad;
    for (const auto& [key, s] : stats_)
      for (int st : s.status)
        if (st != 0) {
          bad += fmt::format("- {} {}: exit status {}\n", key.first, key.second, st);
          break;
        }
    if (!bad.empty())
      md += "Runs that did not exit 0 (their times are still in the tables):\n\n" + bad + "\n";
    md += breakdown_table();
    md += ratio_table();
    md += linearity_table();
    return md;
  }

  std::string breakdown_table() const {
    if (counts_.empty()) return "";
    std::string md =
        "Programs started, by name (strace -f, successful execve), at the largest N:\n\n";
    md += "| implementation | programs |\n|---|---|\n";
    int n = ns_.back();
    for (const auto& impl : kImpls) {
      auto it = counts_.find({group(n), impl.label});
      if (it != counts_.end()) md += fmt::format("| {} | {} |\n", impl.title, it->second[2]);
    }
    return md + "\n";
  }

  std::string ratio_table() {
    struct R {
      const char* title;
      const char* num;
      const char* den;
      bool floor_group;
    };
    static constexpr R kRatios[] = {
        {"pfmulti wrapper start / floor with its environment", "pfmulti-wrapper-start",
         "floor-wrapper-env", true},
        {"pfmulti wrapper start / floor (PATH only)", "pfmulti-wrapper-start", "floor", true},
        {"pfmulti wrapper start, static runtime / floor with its environment",
         "pfmulti-static-wrapper-start", "floor-wrapper-env", true},
        {"pfmulti -p start / floor", "pfmulti-p-start", "floor", true},
        {"pfmulti wrapper status / floor with its environment", "pfmulti-wrapper-status",
         "floor-wrapper-env", true},
        {"3.7 script start / pfmulti wrapper start", "script-start", "pfmulti-wrapper-start",
         false},
        {"3.7 script status / pfmulti wrapper status", "script-status", "pfmulti-wrapper-status",
         false},
        {"postmulti -p start / pfmulti -p start", "postmulti-start", "pfmulti-p-start", false},
    };
    std::string md =
        "**Ratios** of wall-time medians (the floor ratios from a separate, "
        "longer alternation of the floor and pfmulti alone):\n\n| N |";
    std::string rule = "|---:|";
    for (const auto& r : kRatios) {
      md += fmt::format(" {} |", r.title);
      rule += "---:|";
    }
    md += "\n" + rule + "\n";
    for (int n : ns_) {
      md += fmt::format("| {} |", n);
      for (const auto& r : kRatios) {
        std::string g = r.floor_group ? floor_group(n) : group(n);
        double v = wall(g, r.num) / wall(g, r.den);
        ratios_[{n, r.num, r.den}] = v;
        md += fmt::format(" {} |", ratio(v));
      }
      md += "\n";
    }
    return md + "\n";
  }

  std::string linearity_table() const {
    if (ns_.size() < 2) return "";
    std::string md =
        "**Cost linear in N**: least-squares fit of the wall-time medians to a + b·(N+1), the "
        "largest relative deviation of a median from the fit, and the cost per instance at the "
        "largest N:\n\n| implementation | a (ms) | b (µs per instance) | max deviation | "
        "per instance at N = " +
        fmt::format("{} (µs) |\n|---|---:|---:|---:|---:|\n", ns_.back());
    for (const auto& impl : kImpls) {
      std::vector<std::pair<double, double>> pts;
      for (int n : ns_) {
        double w = wall(group(n), impl.label);
        if (!std::isnan(w)) pts.push_back({n + 1.0, w});
      }
      if (pts.size() < 2) continue;
      double sx = 0, sy = 0, sxx = 0, sxy = 0, k = static_cast<double>(pts.size());
      // Relative least squares (weights 1/y^2) so that small N count as much as large N.
      double sw = 0;
      sx = sy = sxx = sxy = 0;
      for (auto [x, y] : pts) {
        double w = 1 / (y * y);
        sw += w;
        sx += w * x;
        sy += w * y;
        sxx += w * x * x;
        sxy += w * x * y;
      }
      (void)k;
      double b = (sw * sxy - sx * sy) / (sw * sxx - sx * sx);
      double a = (sy - b * sx) / sw;
      double dev = 0;
      for (auto [x, y] : pts) dev = std::max(dev, std::abs((a + b * x) - y) / y);
      double last = pts.back().second / pts.back().first;
      md += fmt::format("| {} | {:.2f} | {:.1f} | {:.0f}% | {:.1f} |\n", impl.title, a * 1000,
                        b * 1e6, dev * 100, last * 1e6);
    }
    return md + "\n";
  }

  std::string conf_tables() {
    static constexpr std::pair<const char*, const char*> kFiles[] = {
        {"conf-deep", "10,000 parameters, references 20 deep (`-xh` all 10,001 names)"},
        {"conf-cont", "1 MiB of continuation lines (`-xh mydestination`)"},
        {"conf-exp", "27-line exponential file (`-xh mydestination`, 32 MiB)"},
    };
    bool any = false;
    for (const auto& [g, _] : kFiles) any = any || find(g, "pfmulti");
    if (!any) return "";
    std::string md =
        "**`conf` on large files**: wall / CPU medians (ms), peak memory (MiB), exit status:\n\n"
        "| file | pfmulti conf -xh | postconf -xh | postconf / pfmulti | pfmulti CPU | "
        "postconf CPU | pfmulti MiB | postconf MiB | pfmulti exit | postconf exit | runs |\n"
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n";
    for (const auto& [g, title] : kFiles) {
      const Stats* p = find(g, "pfmulti");
      const Stats* q = find(g, "postconf");
      if (!p) continue;
      double r = q ? median(q->wall) / median(p->wall) : NAN;
      conf_ratio_[g] = r;
      md += fmt::format("| {} | {} | {} | {} | {} | {} | {:.1f} | {} | {} | {} | {} |\n", title,
                        ms(median(p->wall)), q ? ms(median(q->wall)) : "not run", ratio(r),
                        ms(median(p->cpu)), q ? ms(median(q->cpu)) : "–", median(p->rss_kib) / 1024,
                        q ? fmt::format("{:.1f}", median(q->rss_kib) / 1024) : "–",
                        p->status.front(), q ? std::to_string(q->status.front()) : "–",
                        q ? fmt::format("{} / {}", p->wall.size(), q->wall.size())
                          : std::to_string(p->wall.size()));
    }
    if (const Stats* e = find("conf-exp-alone", "pfmulti")) {
      exp_alone_ = median(e->wall);
      md += fmt::format(
          "\npfmulti alone on the exponential file, {} runs: median {} ms, slowest {} ms, exit "
          "status {}.\n",
          e->wall.size(), ms(median(e->wall)),
          ms(*std::max_element(e->wall.begin(), e->wall.end())), e->status.front());
    }
    return md + "\n";
  }

  std::string target_table() {
    std::string md = "**Targets**:\n\n| target | measured | met |\n|---|---|---|\n";
    targets_text_.clear();
    auto row = [&](const std::string& what, double value, bool ok, const std::string& shown) {
      std::string verdict = std::isnan(value) ? "not measured" : ok ? "yes" : "**no**";
      md += fmt::format("| {} | {} | {} |\n", what, std::isnan(value) ? "–" : shown, verdict);
      targets_text_ += fmt::format("{:<60} {:<12} {}\n", what, std::isnan(value) ? "-" : shown,
                                   std::isnan(value) ? "not measured"
                                   : ok              ? "met"
                                                     : "MISSED");
    };
    // Each implementation against the floor whose children get the environment its own children
    // get: the wrapper's (what postfix(1) exports to it) or -p's (PATH and MAIL_CONFIG).
    for (int n : {100, 1000}) {
      for (const char* label :
           {"pfmulti-wrapper-start", "pfmulti-p-start", "pfmulti-static-wrapper-start"}) {
        bool wrapper = std::string_view(label) != "pfmulti-p-start";
        auto it = ratios_.find({n, label, wrapper ? "floor-wrapper-env" : "floor"});
        double v = it == ratios_.end() ? NAN : it->second;
        std::string shown = fmt::format("{:.2f} ×", v);
        if (auto path_only = ratios_.find({n, label, "floor"});
            wrapper && path_only != ratios_.end())
          shown += fmt::format(" ({:.2f} × the PATH-only floor)", path_only->second);
        row(fmt::format("{} at N = {}: ≤ 1.15 × floor (goal 1.05)", label, n), v, v <= 1.15, shown);
      }
    }
    // Parallel start and stop of 1 + K real instances (bench/parallel.sh): --parallel K against
    // real postmulti, and the limit (the primary alone plus the slowest secondary alone).
    for (int k : {8, 16}) {
      for (const char* cmd : {"start", "stop"}) {
        double pm = parallel_median(k, "postmulti", cmd);
        double pa = parallel_median(k, "pfmulti-parallel", cmd);
        double li = parallel_median(k, "limit", cmd);
        // The bound on this machine: the primary alone, then the secondaries' CPU time shared
        // by the CPUs, or the limit, whichever is longer (bench/parallel_report.sh).
        double bound = parallel_median(k, "primary-alone", cmd) +
                       (parallel_cpu_median(k, "pfmulti-parallel", cmd) -
                        parallel_cpu_median(k, "primary-alone", cmd)) /
                           cpus_;
        if (!(bound >= li)) bound = li;
        double v = pm / pa;
        std::string what =
            k == 8 ? fmt::format("1 + 8 {}: postmulti / pfmulti --parallel 8 ≥ 4", cmd)
                   : fmt::format("1 + 16 {}: postmulti / pfmulti --parallel 16 (reported)", cmd);
        row(what, v, k == 8 ? v >= 4 : true,
            fmt::format("{:.1f} × (limit {:.1f} ×, bound on {} CPUs {:.1f} ×)", v, pm / li, cpus_,
                        pm / bound));
      }
    }
    {
      auto it = ratios_.find({100, "script-start", "pfmulti-wrapper-start"});
      double v = it == ratios_.end() ? NAN : it->second;
      row("script start / pfmulti start at N = 100: ≥ 10", v, v >= 10, fmt::format("{:.1f} ×", v));
    }
    for (const char* g : {"conf-deep", "conf-cont", "conf-exp"}) {
      auto it = conf_ratio_.find(g);
      double v = it == conf_ratio_.end() ? NAN : it->second;
      row(fmt::format("{}: postconf / pfmulti conf ≥ 5", g), v, v >= 5, fmt::format("{:.1f} ×", v));
    }
    row("exponential file: pfmulti fails in < 50 ms (median)", exp_alone_, exp_alone_ < 0.05,
        fmt::format("{} ms", ms(exp_alone_)));
    return md + "\n";
  }

  double parallel_median(int k, const std::string& impl, const std::string& cmd) const {
    auto it = parallel_.find({k, impl, cmd});
    return it == parallel_.end() ? NAN : median(it->second);
  }
  double parallel_cpu_median(int k, const std::string& impl, const std::string& cmd) const {
    auto it = parallel_cpu_.find({k, impl, cmd});
    return it == parallel_cpu_.end() ? NAN : median(it->second);
  }

  // bench_spawn_cost's layers (group "spawn"): the same child started and waited for through
  // vfork (the floor), posix_spawn, pfmulti's launcher, the runner and the executor, alternating.
  std::string spawn_table() const {
    const Stats* floor = find("spawn", "vfork");
    if (!floor) return "";
    struct Layer {
      const char* label;
      const char* title;
    };
    constexpr Layer kLayers[] = {
        {"vfork", "vfork + execve + waitpid (the floor's loop)"},
        {"posix_spawn", "posix_spawn + waitpid"},
        {"clone", "pfmulti's launcher (spawn_child) + waitpid"},
        {"runner", "SystemProcessRunner start + wait (Asio, pidfd)"},
        {"executor", "Executor, a plan of run actions"},
    };
    double fw = median(floor->wall), fc = median(floor->cpu);
    std::string md = fmt::format(
        "**Where the time per child goes** (`bench_spawn_cost MODE {} postfix-stub`: the stub run "
        "{} times one after the other through each layer, nothing read; alternating, {} "
        "repetitions; medians):\n\n| layer | wall (ms) | per child (µs) | / floor | CPU (ms) | "
        "/ floor |\n|---|---:|---:|---:|---:|---:|\n",
        spawn_count_, spawn_count_, floor->wall.size());
    for (const auto& l : kLayers) {
      const Stats* st = find("spawn", l.label);
      if (!st) continue;
      double w = median(st->wall), c = median(st->cpu);
      md += fmt::format("| {} | {} | {:.0f} | {} | {} | {} |\n", l.title, ms(w),
                        w / spawn_count_ * 1e6, ratio(w / fw), ms(c), ratio(c / fc));
    }
    return md + "\n";
  }

  std::string callgrind_table() const {
    if (callgrind_.empty()) return "";
    std::string md =
        "**Instructions** (callgrind, instructions executed by the named process itself, "
        "children not followed; exact, unlike times):\n\n| run | instructions |\n|---|---:|\n";
    for (const auto& f : callgrind_) md += fmt::format("| {} | {} |\n", f[1], f[2]);
    return md + "\n";
  }

  std::string micro_table() const {
    if (micro_csv_.empty()) return "";
    std::string md =
        "**Micro-benchmarks** (Google Benchmark, `build-bench/bench/bench_micro`):\n\n"
        "| benchmark | time | CPU | items or bytes per second |\n|---|---:|---:|---:|\n";
    bool header_seen = false;
    for (const auto& line : split(micro_csv_, '\n')) {
      if (!header_seen) {
        header_seen = line.rfind("name,", 0) == 0;
        continue;
      }
      // name,iterations,real_time,cpu_time,time_unit,bytes_per_second,items_per_second,...
      auto f = split(line, ',');
      if (f.size() < 7) continue;
      std::string name = f[0];
      if (name.size() > 1 && name.front() == '"') name = name.substr(1, name.size() - 2);
      if (f.size() > 7 && f[7].size() > 2) name += " (" + f[7].substr(1, f[7].size() - 2) + ")";
      double scale = f[4] == "ns" ? 1 : f[4] == "us" ? 1e3 : f[4] == "ms" ? 1e6 : 1e9;
      std::string tp;
      if (!f[5].empty()) {
        tp = fmt::format("{:.0f} MiB/s", std::stod(f[5]) / (1 << 20));
      } else if (!f[6].empty()) {
        double v = std::stod(f[6]);
        tp = v >= 1e6 ? fmt::format("{:.2f} M/s", v / 1e6) : fmt::format("{:.1f} k/s", v / 1e3);
      }
      md += fmt::format("| `{}` | {} | {} | {} |\n", name, duration(std::stod(f[2]) * scale),
                        duration(std::stod(f[3]) * scale), tp);
    }
    return md + "\n";
  }

  std::string dir_;
  std::map<Key, Stats> stats_;
  std::vector<int> ns_;
  std::map<Key, std::vector<std::string>> counts_;  // processes, postfix runs, breakdown
  std::vector<std::vector<std::string>> verify_;
  std::vector<std::vector<std::string>> callgrind_;
  std::string micro_csv_;
  std::map<std::tuple<int, std::string, std::string>, double> ratios_;
  std::map<std::string, double> conf_ratio_;
  double exp_alone_ = NAN;
  std::map<std::tuple<int, std::string, std::string>, std::vector<double>> parallel_;
  std::map<std::tuple<int, std::string, std::string>, std::vector<double>> parallel_cpu_;
  unsigned cpus_ = std::max(1u, std::thread::hardware_concurrency());
  int spawn_count_ = 1001;  // bench/measure.sh's count for bench_spawn_cost
  std::string targets_text_;
};

}  // namespace

int report_main(const std::vector<std::string>& args) {
  if (args.size() != 1) {
    fmt::print(stderr, "usage: pfbench report RESULTS_DIR\n");
    return 2;
  }
  Report r(args[0]);
  if (!r.load()) return 1;
  std::string md = r.tables();
  if (!write_file(args[0] + "/tables.md", md) ||
      !write_file(args[0] + "/plot.dat", r.plot_data()) ||
      !write_file(args[0] + "/targets.txt", r.targets_text()))
    return 1;
  fmt::print("{}", r.targets_text());
  return 0;
}

}  // namespace pfmulti::bench
