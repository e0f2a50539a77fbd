// One conformance case of `pfmulti conform` (docs/conformance.md): a multi-instance
// configuration described relative to a case root, independent of where it is built, so that a
// shrunk case can be printed, saved as a vector and run again anywhere. Text in main.cf lines and
// list entries may hold the placeholders @ROOT@ (the case root) and @PRIMARY@ (the primary's
// config directory: @ROOT@/primary, or /etc/postfix in --postmulti mode, where it is
// bind-mounted there). Also: the seeded generator (instance trees, enable values, lists,
// commands, damaged files; postfix-wrapper(5) and postmulti(1) inputs, spec/rules.md R50-R92) and
// the shrinking candidates (delta debugging over instances, list entries, lines, outcomes).
// Deterministic on every platform: the generator draws from mt19937_64 with its own reductions.
#pragma once

#include <cstdint>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "model/diagnostic.h"
#include "model/text/json.h"

namespace pfmulti {

// How one postfix(1) call of an instance ends (scripted in the recording stub).
struct CallOutcome {
  bool signal = false;  // killed by signal `value`, else exits with status `value`
  int value = 0;
  friend bool operator==(const CallOutcome&, const CallOutcome&) = default;
};

enum class MainCfState {
  kFile,       // main.cf holds `lines`
  kAbsent,     // the directory exists, main.cf does not
  kNoDir,      // not even the directory exists
  kDirectory,  // main.cf is a directory: it exists but cannot be read (root reads any file)
};

struct InstanceSpec {
  std::string dir;  // relative to the case root ("postfix-a"); "primary" for the primary
  MainCfState state = MainCfState::kFile;
  std::vector<std::string> lines;  // main.cf lines, placeholders allowed
  CallOutcome outcome;             // every postfix(1) call for this instance ends so
  friend bool operator==(const InstanceSpec&, const InstanceSpec&) = default;
};

struct CaseSpec {
  // [0] is the primary; its main.cf also gets the fixed installation lines and the list.
  std::vector<InstanceSpec> instances;
  // multi_instance_directories: entries (placeholders allowed) and separators; separators has
  // entries.size() + 1 elements: [0] before the first entry, back() after the last.
  std::vector<std::string> list;
  std::vector<std::string> separators;
  // The postfix(1) command: `postfix COMMAND ARGS...`.
  std::vector<std::string> command;
  friend bool operator==(const CaseSpec&, const CaseSpec&) = default;
};

// Where the case lives: the case root on disk, and the primary's config directory as the
// implementation sees it (== root + "/primary", or "/etc/postfix" in --postmulti mode).
struct CasePaths {
  std::string root;
  std::string primary;
};

// The text with @ROOT@ and @PRIMARY@ replaced.
std::string substitute(const std::string& text, const CasePaths& paths);
// The primary's main.cf: fixed installation lines (command_directory = @ROOT@/bin, ...), the
// spec's lines, then multi_instance_directories. Placeholders replaced.
std::string primary_main_cf(const CaseSpec& spec, const CasePaths& paths);
// Any instance's main.cf text (the primary's via primary_main_cf).
std::string main_cf_text(const CaseSpec& spec, size_t index, const CasePaths& paths);
// The config directory of instance `index` as the implementation sees it.
std::string instance_directory(const CaseSpec& spec, size_t index, const CasePaths& paths);

// JSON form (the "case" member of a conformance vector) and back.
Json case_to_json(const CaseSpec& spec);
Result<CaseSpec> case_from_json(const Json& json);

// The seeded generator. size grows from 0 (small cases first) to 100.
class CaseGenerator {
 public:
  explicit CaseGenerator(uint64_t seed) : rng_(seed), hostile_(seed ^ 0x9e3779b97f4a7c15ULL) {}
  CaseSpec next(int size);

 private:
  uint64_t below(uint64_t n) { return n == 0 ? 0 : rng_() % n; }
  bool chance(int percent) { return below(100) < static_cast<uint64_t>(percent); }
  // Index chosen by integer weights.
  size_t weighted(std::initializer_list<int> weights);
  // Adds the hostile settings of spec/rules.md R120 (config_directory moved, emptied, undefined
  // or relative; $config_directory inside other values; group expansions that cycle or nest
  // 120 deep) to some instances. Drawn from its own stream, so that every other draw, and so
  // each case the runner made before, stays as it was.
  void add_hostile_settings(CaseSpec& spec);
  std::mt19937_64 rng_;
  std::mt19937_64 hostile_;
};

// Candidate simplifications of a case, most drastic first (remove an instance, a list entry, a
// line; plain separators; exit 0; fewer command arguments). Each is strictly smaller by
// case_size(), so shrinking ends.
std::vector<CaseSpec> shrink_candidates(const CaseSpec& spec);
size_t case_size(const CaseSpec& spec);

}  // namespace pfmulti
