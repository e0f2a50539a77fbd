// One instance's configuration: its main.cf, the built-in defaults and its config_directory,
// with parameter expansion exactly as postconf -x does it (mac_expand semantics: $name ${name}
// $(name) $$, ${name?text} ${name:text} ${name?{t}:{f}}, relational ${{a} OP {b} ? {t} : {f}}),
// plus what postconf lacks: reference cycles are an error that names the cycle (also through
// relational operands, where postconf 3.7 crashes), and expansion output is capped
// (kMaxExpansionBytes) so exponential definitions end fast. Expansions are memoized.
// spec/rules.md R10-R19.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/diagnostic.h"
#include "model/main_cf/main_cf.h"
#include "model/main_cf/param_defaults.h"

namespace pfmulti {

// Upper bound on any expansion result (a named constant, 1 MiB).
inline constexpr size_t kMaxExpansionBytes = size_t{1} << 20;
// postconf's mac_expand refuses a macro call nested deeper than this ("unreasonable macro call
// nesting"); we fail at exactly the same depth so that both agree on which files fail.
inline constexpr int kMacroNestingLimit = 100;
// Our own bound on nesting across relational operands (postconf restarts its counter there and
// can overflow its stack); keeps the reader safe on any input.
inline constexpr int kMaxTotalNesting = 1000;

class Config {
 public:
  // config_directory: the directory this main.cf was read from (postconf -c DIR): it acts as the
  // default of config_directory; a definition in main.cf still wins, as in postconf.
  Config(MainCf file, Defaults defaults, std::string config_directory);
  // The same with shared defaults: many instances' configurations share one table (a copy of
  // the defaults per instance was a fifth of a wrapper run's instructions).
  Config(MainCf file, std::shared_ptr<const Defaults> defaults, std::string config_directory);

  const MainCf& file() const { return file_; }
  const Defaults& defaults() const { return *defaults_; }

  // The unexpanded value: main.cf's last definition, else the default, else nullopt.
  std::optional<std::string_view> raw(std::string_view name) const;
  // True when main.cf defines name.
  bool defined_in_file(std::string_view name) const { return file_.find(name) != nullptr; }

  // postconf -x: the expanded value of name (undefined names expand to empty).
  Result<std::string> expand(std::string_view name) const;
  // The same without a copy: a view of the memoized expansion, valid while this Config lives.
  Result<std::string_view> expand_view(std::string_view name) const;
  // expand() by the plain definition: every reference parsed anew, no memo and no shortcut for
  // literal values. The same answer as expand() always (tests check the fast paths with it).
  Result<std::string> plain_expand(std::string_view name) const;
  // Expansion of arbitrary text in this configuration.
  Result<std::string> expand_text(std::string_view text) const;
  // Expanded value split on commas and white space; empty elements vanish.
  Result<std::vector<std::string>> list(std::string_view name) const;
  // Expanded value read as a Postfix boolean: yes/no in any case; anything else is an error.
  Result<bool> boolean(std::string_view name) const;

  // What postconf checks whatever it is asked: when it starts, it expands the main.cf value of
  // every parameter it knows (while registering legacy database parameters), and any error
  // there is fatal for the whole run, even for `postconf -h NAME` without -x. This expands the
  // main.cf value of every parameter in defaults() (config_directory included) and returns the
  // first error, "NAME: message", or nullopt. Measured against postconf 3.7.11 (docs/conf.md).
  std::optional<std::string> startup_error() const;
  // The same by its plain definition: every parameter of defaults() in order, expanded by
  // plain_expand when main.cf defines it (tests check startup_error() against it).
  std::optional<std::string> plain_startup_error() const;

  // Names referenced but undefined during expansions so far (postconf warns about them).
  const std::vector<std::string>& undefined_references() const { return undefined_; }

 private:
  friend class Expansion;
  std::optional<std::string> compute_startup_error() const;
  struct Memo {
    std::string value;
    int height = -1;  // deepest macro call inside the value, relative to the value's own parse
    // deepest total nesting (calls and relational operands, kMaxTotalNesting) inside, relative
    int total_height = 0;
  };
  MainCf file_;
  std::shared_ptr<const Defaults> defaults_;  // never null
  // Shared, so that a view of it (a literal is its own expansion) stays valid when the Config
  // is moved or copied, as the memo's values do. Never null.
  std::shared_ptr<const std::string> config_directory_;
  mutable StringMap<Memo> memo_;
  mutable std::optional<std::optional<std::string>> startup_error_;  // computed once
  mutable std::vector<std::string> undefined_;
};

// Splits on commas and white space (Postfix's CHARS_COMMA_SP); empty elements vanish.
std::vector<std::string> split_list(std::string_view value);
// Postfix booleans: "yes" / "no", compared case-insensitively.
std::optional<bool> parse_bool(std::string_view value);
// How postconf prints a value: words separated by " \t\r\n" joined with one space.
std::string collapse_white_space(std::string_view value);
// The same, appended to out (no separator is added before the first word).
void append_collapsed(std::string& out, std::string_view value);

}  // namespace pfmulti
