// libFuzzer harness for the main.cf reader and the expander (model/main_cf.h, model/config.h;
// FACTS.md section 4, spec/rules.md R1-R19). Input: the bytes of a main.cf file. It is read with
// read_main_cf, put in a Config with the compiled-in defaults and config_directory
// "/etc/postfix-fuzz", and every name defined in it, every defaulted name and a few fixed ones
// (config_directory, an undefined name, the empty name) are expanded, split with list() and read
// with boolean(). Each law below is checked; a violation prints the law and abort()s.
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
//  L5  One run (everything here) takes less than kTimeBudget.
//  L6  Expansion is deterministic and independent of the memo: expanding every name twice on one
//      Config, in reverse order on a second Config, and some names each on a fresh Config gives
//      the same outcome (success and value, or failure and message) every time.
//  L7  expand_text(raw value of N) succeeds iff expand(N) does, with the same value.
//  L8  list(N) is split_list(expand(N)); split_list never yields an empty element or one holding
//      a separator (comma or white space), and re-splitting its elements joined by "," is a no-op.
//  L9  boolean(N) succeeds iff the expanded value is yes/no in any case, with that meaning.
//  L10 collapse_white_space is idempotent, and its result has no tab/CR/LF, no leading or
//      trailing space and no two spaces in a row.
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <exception>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "model/config.h"
#include "model/main_cf.h"
#include "model/param_defaults.h"

namespace {

using namespace pfmulti;

constexpr auto kTimeBudget = std::chrono::seconds(5);
constexpr std::string_view kConfigDirectory = "/etc/postfix-fuzz";
// At most this many names are each expanded on a fresh Config (L6); fresh Configs recompute
// every dependency, so this keeps a run with hundreds of names inside the time budget.
constexpr size_t kFreshConfigNames = 16;

// Printable, bounded rendering of arbitrary bytes for messages.
std::string show(std::string_view s) {
  std::string out = "\"";
  for (size_t i = 0; i < s.size() && i < 160; ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c >= 0x20 && c < 0x7f) {
      out += static_cast<char>(c);
    } else {
      out += fmt::format("\\x{:02x}", c);
    }
  }
  out += s.size() > 160 ? fmt::format("\"...({} bytes)", s.size()) : "\"";
  return out;
}

[[noreturn]] void violated(std::string_view law, std::string_view detail) {
  fmt::print(stderr, "main_cf_expand: law {} violated: {}\n", law, detail);
  std::fflush(stderr);
  std::abort();
}

// One expansion's outcome: the value, or the error message.
struct Outcome {
  bool ok = false;
  std::string text;
  friend bool operator==(const Outcome&, const Outcome&) = default;
};

Outcome outcome(const Result<std::string>& r) {
  return r ? Outcome{true, *r} : Outcome{false, r.error()};
}

std::string show(const Outcome& o) {
  return fmt::format("{} {}", o.ok ? "ok" : "error", show(o.text));
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
  Config config(cf, defaults, dir);
  std::vector<Outcome> first;
  for (const std::string& n : names) {
    Outcome o = outcome(config.expand(n));
    if (o.ok && o.text.size() > kMaxExpansionBytes)
      violated("L4", fmt::format("{} expands to {} bytes", show(n), o.text.size()));
    first.push_back(std::move(o));
  }
  for (size_t i = 0; i < names.size(); ++i) {
    Outcome o = outcome(config.expand(names[i]));
    if (o != first[i])
      violated("L6", fmt::format("{} first {}, then {}", show(names[i]), show(first[i]), show(o)));
  }
  Config reverse(cf, defaults, dir);
  for (size_t i = names.size(); i-- > 0;) {
    Outcome o = outcome(reverse.expand(names[i]));
    if (o != first[i])
      violated("L6", fmt::format("{} in order {}, in reverse order {}", show(names[i]),
                                 show(first[i]), show(o)));
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

  for (size_t i = 0; i < names.size(); ++i) {
    const std::string& n = names[i];
    const Outcome& x = first[i];
    if (auto raw = config.raw(n)) {
      auto t = config.expand_text(*raw);
      if (bool(t) != x.ok || (x.ok && *t != x.text))
        violated("L7",
                 fmt::format("{}: expand {}, expand_text {}", show(n), show(x), show(outcome(t))));
      check_collapse(*raw);
    }
    auto l = config.list(n);
    if (bool(l) != x.ok) violated("L8", fmt::format("list({}) ok-ness differs", show(n)));
    auto b = config.boolean(n);
    if (x.ok) {
      std::vector<std::string> parts = split_list(x.text);
      check_split(x.text, parts);
      if (*l != parts) violated("L8", fmt::format("list({}) != split_list(expand)", show(n)));
      std::optional<bool> want = parse_bool(x.text);
      if (bool(b) != want.has_value() || (want && *b != *want))
        violated("L9", fmt::format("boolean({}) on {}", show(n), show(x.text)));
      check_collapse(x.text);
    } else if (b) {
      violated("L9", fmt::format("boolean({}) succeeds on a failed expansion", show(n)));
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const auto start = std::chrono::steady_clock::now();
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
  auto took = std::chrono::steady_clock::now() - start;
  if (took > kTimeBudget)
    violated("L5",
             fmt::format("run took {} ms",
                         std::chrono::duration_cast<std::chrono::milliseconds>(took).count()));
  return 0;
}
