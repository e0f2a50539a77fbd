// libFuzzer harness for the main.cf reader and the expander (model/main_cf/main_cf.h,
// model/main_cf/config.h; spec/postfix-facts.md §4, spec/rules.md R1-R19). Input: the bytes of a
// main.cf file. It is read with read_main_cf, put in a Config with the compiled-in defaults and
// config_directory "/etc/postfix-fuzz", and every name defined in it, every defaulted name and a
// few fixed ones (config_directory, an undefined name, the empty name) are expanded, split with
// list() and read with boolean(). Each law below is checked; a violation prints the law and
// abort()s.
//  L1  Nothing throws.
//  L2  Reader shape: each definition's name is non-empty, holds no white space (Postfix ISSPACE),
//      '=' or NUL and does not start with '#'; each value holds no NUL or newline and has no
//      white space at either end; line numbers are in range, increasing, non-overlapping;
//      effective() agrees with find().
//  L3  Round trip: printing the definitions as "name = value\n" lines and reading that again
//      gives the same (name, value) sequence without error and with only "overriding" warnings;
//      printing the effective definitions gives the same effective values with no warning.
//      This holds by construction for what the reader returns (L2 is what makes it hold), so the
//      law is stated for the reader's output, not for the input bytes. Excluded, because the
//      printed file is a normal form, not a copy: line numbers, comments, blank lines,
//      continuation layout, CR/white space that was trimmed, text after a NUL (dropped with a
//      warning), lines dropped for leading white space, and everything from a fatal syntax error
//      on (only the definitions before it are printed, and the printed file has no error).
//  L4  No successful expansion is longer than kMaxExpansionBytes.
//  L5  One run (everything here) takes less than kCpuSecondsBudget of processor time (2 s; 8 s
//      under ASan and coverage). Processor time, not wall time: the machine may be shared.
//  L6  Expansion is deterministic and independent of the memo: expanding every name twice on one
//      Config, in reverse order on a second Config, and some names each on a fresh Config gives
//      the same outcome (success and value, or failure and message) every time. Values are
//      compared by size, hash and first bytes.
//  L7  expand_text(raw value of N) succeeds iff expand(N) does, with the same value.
//  L8  list(N) is split_list(expand(N)); split_list never yields an empty element or one holding
//      a separator (comma or white space), and re-splitting its elements joined by "," is a no-op.
//  L9  boolean(N) succeeds iff the expanded value is yes/no in any case, with that meaning.
//  L10 collapse_white_space is idempotent, and its result has no tab/CR/LF, no leading or
//      trailing space and no two spaces in a row.
//  L7-L10 run on successful expansions in name order until the values checked total
//  kLawBytesBudget (256 KiB), and on the first kFailuresChecked (8) failed expansions (list,
//  boolean, expand_text fail too). Only inputs with huge values or many failures are checked
//  in part: under ASan every failed or 1 MiB expansion redone costs milliseconds.
#include <fmt/format.h>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <ctime>
#include <exception>
#include <functional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz/fuzz_law.h"
#include "model/main_cf/config.h"
#include "model/main_cf/main_cf.h"
#include "model/main_cf/param_defaults.h"

namespace {

using namespace pfmulti;

#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define PFMULTI_FUZZ_SANITIZED 1
#endif
#endif
// L5 measures processor time (std::clock), not wall time: the machine may be shared.
#if defined(__SANITIZE_ADDRESS__) || defined(PFMULTI_FUZZ_SANITIZED)
// ASan and coverage tracing slow string work down 10-40 times.
constexpr double kCpuSecondsBudget = 8;
#else
constexpr double kCpuSecondsBudget = 2;
#endif
constexpr std::string_view kConfigDirectory = "/etc/postfix-fuzz";
// At most this many names are each expanded on a fresh Config (L6); fresh Configs recompute
// every dependency, so this keeps a run with hundreds of names inside the time budget.
constexpr size_t kFreshConfigNames = 16;
// L7-L10 look at each value again several times; they run on names in sorted order while the
// values seen so far total at most this many bytes, so that inputs defining hundreds of 1 MiB
// values stay inside the time budget. Inputs of ordinary size are checked in full.
constexpr size_t kLawBytesBudget = size_t{256} << 10;
// list/boolean/expand_text are checked to fail on this many failed names (L7-L9).
constexpr size_t kFailuresChecked = 8;
constexpr size_t kShownBytes = 160;

using pfmulti::fuzz::show;  // fuzz/fuzz_law.h: printable, bounded rendering of bytes

[[noreturn]] void violated(std::string_view law, std::string_view detail) {
  fmt::print(stderr, "main_cf_expand: law {} violated: {}\n", law, detail);
  std::fflush(stderr);
  std::abort();
}

// One expansion's outcome: success with the value's size, hash and first bytes (values are kept
// whole only in the Config under test: hundreds of 1 MiB values would not fit), or the error.
struct Outcome {
  bool ok = false;
  size_t size = 0;
  size_t hash = 0;
  std::string text;  // the error message, or the value's first kShownBytes bytes
  friend bool operator==(const Outcome&, const Outcome&) = default;
};

Outcome outcome(const Result<std::string>& r) {
  if (!r) return Outcome{false, 0, 0, r.error()};
  return Outcome{true, r->size(), std::hash<std::string>{}(*r), r->substr(0, kShownBytes)};
}

std::string show(const Outcome& o) {
  if (!o.ok) return fmt::format("error {}", show(o.text));
  return fmt::format("ok {} ({} bytes)", show(o.text), o.size);
}

bool has_space(std::string_view s) { return std::any_of(s.begin(), s.end(), is_postfix_space); }

size_t physical_lines(std::string_view bytes) {
  size_t n = static_cast<size_t>(std::count(bytes.begin(), bytes.end(), '\n'));
  return n + (!bytes.empty() && bytes.back() != '\n' ? 1 : 0);
}

void check_reader_shape(const MainCf& cf, std::string_view bytes) {
  const size_t lines = physical_lines(bytes);
  int previous_last = 0;
  for (const Definition& d : cf.definitions) {
    if (d.name.empty()) violated("L2", "empty name");
    if (has_space(d.name) || d.name.find('=') != std::string::npos ||
        d.name.find('\0') != std::string::npos || d.name[0] == '#')
      violated("L2", fmt::format("bad name {}", show(d.name)));
    if (d.value.find('\0') != std::string::npos || d.value.find('\n') != std::string::npos ||
        (!d.value.empty() &&
         (is_postfix_space(d.value.front()) || is_postfix_space(d.value.back()))))
      violated("L2", fmt::format("bad value {} = {}", d.name, show(d.value)));
    if (d.first_line <= previous_last || d.last_line < d.first_line ||
        static_cast<size_t>(d.last_line) > lines)
      violated("L2", fmt::format("lines {}-{} of {} after line {} ({} physical lines)",
                                 d.first_line, d.last_line, d.name, previous_last, lines));
    previous_last = d.last_line;
  }
  auto eff = cf.effective();
  for (const Definition& d : cf.definitions) {
    if (!eff.count(d.name)) violated("L2", fmt::format("{} missing from effective()", d.name));
  }
  for (const auto& [name, value] : eff) {
    const Definition* d = cf.find(name);
    if (d == nullptr || d->value != value)
      violated("L2", fmt::format("effective() and find() disagree on {}", show(name)));
  }
}

void check_round_trip(const MainCf& cf) {
  std::string printed;
  for (const Definition& d : cf.definitions) printed += d.name + " = " + d.value + "\n";
  MainCf again = read_main_cf(printed, "printed");
  if (again.error) violated("L3", fmt::format("re-read error: {}", again.error->str()));
  if (again.definitions.size() != cf.definitions.size())
    violated("L3", fmt::format("{} definitions printed, {} read back", cf.definitions.size(),
                               again.definitions.size()));
  std::set<std::string_view> distinct;
  for (size_t i = 0; i < cf.definitions.size(); ++i) {
    const Definition& a = cf.definitions[i];
    const Definition& b = again.definitions[i];
    if (a.name != b.name || a.value != b.value)
      violated("L3", fmt::format("{} = {} read back as {} = {}", show(a.name), show(a.value),
                                 show(b.name), show(b.value)));
    distinct.insert(a.name);
  }
  size_t overrides = cf.definitions.size() - distinct.size();
  if (again.warnings.size() != overrides)
    violated("L3",
             fmt::format("{} warnings re-reading {} overrides", again.warnings.size(), overrides));
  for (const Diagnostic& w : again.warnings) {
    if (w.message.rfind("overriding earlier entry", 0) != 0)
      violated("L3", fmt::format("unexpected warning {}", w.str()));
  }
  auto eff = cf.effective();
  std::string effective_printed;
  for (const auto& [name, value] : eff) effective_printed += name + " = " + value + "\n";
  MainCf effective_again = read_main_cf(effective_printed, "printed");
  if (effective_again.error || !effective_again.warnings.empty() ||
      effective_again.effective() != eff)
    violated("L3", "effective definitions do not round-trip");
}

void check_collapse(std::string_view value) {
  std::string c = collapse_white_space(value);
  if (collapse_white_space(c) != c)
    violated("L10", fmt::format("not idempotent on {}", show(value)));
  if (c.find_first_of("\t\r\n") != std::string::npos || c.find("  ") != std::string::npos ||
      (!c.empty() && (c.front() == ' ' || c.back() == ' ')))
    violated("L10", fmt::format("{} collapsed to {}", show(value), show(c)));
}

void check_split(std::string_view value, const std::vector<std::string>& parts) {
  for (const std::string& p : parts) {
    if (p.empty() || p.find_first_of(", \t\r\n") != std::string::npos)
      violated("L8", fmt::format("split_list({}) yields {}", show(value), show(p)));
  }
  std::string joined;
  for (const std::string& p : parts) joined += (joined.empty() ? "" : ",") + p;
  if (split_list(joined) != parts) violated("L8", fmt::format("re-split of {}", show(value)));
  if (split_list(value) != parts)
    violated("L8", fmt::format("split_list({}) differs", show(value)));
}

void check_expansions(const MainCf& cf) {
  const Defaults& defaults = compiled_defaults();
  std::vector<std::string> names;
  for (const auto& [name, value] : cf.effective()) names.push_back(name);
  for (const auto& [name, value] : defaults.values) names.push_back(name);
  names.insert(names.end(), {"config_directory", "pfmulti_fuzz_undefined", ""});
  std::sort(names.begin(), names.end());
  names.erase(std::unique(names.begin(), names.end()), names.end());

  const std::string dir(kConfigDirectory);
  std::vector<Outcome> first;
  {
    Config config(cf, defaults, dir);
    for (const std::string& n : names) {
      auto r = config.expand(n);
      if (r && r->size() > kMaxExpansionBytes)
        violated("L4", fmt::format("{} expands to {} bytes", show(n), r->size()));
      first.push_back(outcome(r));
    }
    for (size_t i = 0; i < names.size(); ++i) {
      Outcome o = outcome(config.expand(names[i]));
      if (o != first[i])
        violated("L6",
                 fmt::format("{} first {}, then {}", show(names[i]), show(first[i]), show(o)));
    }
    size_t budget = kLawBytesBudget;
    size_t failures = 0;
    for (size_t i = 0; i < names.size(); ++i) {
      const std::string& n = names[i];
      if (!first[i].ok) {
        // A failure may cost a whole kMaxExpansionBytes again: only the first few are redone.
        if (++failures > kFailuresChecked) continue;
        if (config.boolean(n))
          violated("L9", fmt::format("boolean({}) succeeds on a failed expansion", show(n)));
        if (config.list(n)) violated("L8", fmt::format("list({}) succeeds, expand fails", show(n)));
        if (auto raw = config.raw(n); raw && config.expand_text(*raw))
          violated("L7",
                   fmt::format("{}: expand {}, expand_text succeeds", show(n), show(first[i])));
        continue;
      }
      if (first[i].size > budget) continue;
      budget -= first[i].size;
      auto b = config.boolean(n);
      auto x = config.expand(n);
      if (!x) violated("L6", fmt::format("{} fails on the third expansion", show(n)));
      if (auto raw = config.raw(n)) {
        auto t = config.expand_text(*raw);
        if (!t || *t != *x)
          violated("L7", fmt::format("{}: expand {}, expand_text {}", show(n), show(first[i]),
                                     show(outcome(t))));
        check_collapse(*raw);
      }
      auto l = config.list(n);
      if (!l) violated("L8", fmt::format("list({}) fails, expand succeeds", show(n)));
      check_split(*x, *l);
      std::optional<bool> want = parse_bool(*x);
      if (bool(b) != want.has_value() || (want && *b != *want))
        violated("L9", fmt::format("boolean({}) on {}", show(n), show(*x)));
      check_collapse(*x);
    }
  }
  {
    Config reverse(cf, defaults, dir);
    for (size_t i = names.size(); i-- > 0;) {
      Outcome o = outcome(reverse.expand(names[i]));
      if (o != first[i])
        violated("L6", fmt::format("{} in order {}, in reverse order {}", show(names[i]),
                                   show(first[i]), show(o)));
    }
  }
  for (size_t k = 0; k < names.size() && k < kFreshConfigNames; ++k) {
    // The first and the last names alternately.
    size_t i = k % 2 == 0 ? k / 2 : names.size() - 1 - k / 2;
    Config fresh(cf, defaults, dir);
    Outcome o = outcome(fresh.expand(names[i]));
    if (o != first[i])
      violated("L6",
               fmt::format("{} with memo {}, fresh {}", show(names[i]), show(first[i]), show(o)));
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::clock_t start = std::clock();
  try {
    std::string_view bytes(reinterpret_cast<const char*>(data), size);
    MainCf cf = read_main_cf(bytes, "main.cf");
    check_reader_shape(cf, bytes);
    check_round_trip(cf);
    check_expansions(cf);
  } catch (const std::exception& e) {
    violated("L1", fmt::format("exception: {}", e.what()));
  } catch (...) {
    violated("L1", "unknown exception");
  }
  double took = double(std::clock() - start) / CLOCKS_PER_SEC;
  if (took > kCpuSecondsBudget)
    violated("L5", fmt::format("run took {:.3f} s of processor time", took));
  return 0;
}
