// A memo of instance configurations for one plan (and the world reading before it): each
// main.cf is parsed at most once, and all of them share one table of defaults. The planner would
// otherwise parse every secondary's main.cf again for each question it asks (postconf -h for
// the list, for the enable test, ...), and the world reader once more before it
// (docs/performance.md, "Findings"). Pure: load() is load_config (model/main_cf/instance_config.h)
// with a cache; an entry is used only while the file's bytes (or absence, or unreadability) are
// exactly those it was made from, so a cache can never change an answer.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "model/main_cf/config.h"
#include "model/main_cf/main_cf.h"
#include "model/main_cf/param_defaults.h"
#include "model/plan/planner.h"

namespace pfmulti {

class ConfigCache {
 public:
  explicit ConfigCache(const Defaults& defaults);

  const Defaults& defaults() const { return *defaults_; }
  const std::shared_ptr<const Defaults>& shared_defaults() const { return defaults_; }

  // load_config(files, config_dir, defaults(), cwd), parsed once per (directory, bytes).
  const Result<Config>& load(const FileMap& files, std::string_view config_dir,
                             std::string_view cwd);

  // Whether this cache can answer for a scenario with these defaults.
  bool serves(const Defaults& defaults) const { return defaults_->values == defaults.values; }

  size_t parses() const { return parses_; }  // for tests: how many files were parsed

  enum class EntryKind { kAbsent, kUnreadable, kText };

 private:
  struct Entry {
    // What the file was when the entry was made: absent, unreadable (content: the reason) or
    // readable (content: its bytes).
    EntryKind kind;
    std::string content;
    Result<Config> config;
  };
  std::shared_ptr<const Defaults> defaults_;
  StringMap<Entry> entries_;  // key: cwd + '\0' + config_dir
  std::string key_buffer_, path_buffer_;
  size_t parses_ = 0;
};

}  // namespace pfmulti
