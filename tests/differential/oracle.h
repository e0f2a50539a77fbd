// Runs one query (-h NAME or -xh NAME on a main.cf) through real postconf 3.7 and through
// `pfmulti conf`, side by side. Each distinct main.cf gets its own directory (named by a hash of
// its bytes, so the path, which $config_directory reveals, is the same on every run) with an
// empty master.cf and an old mtime (postconf pauses on a main.cf younger than a few seconds).
// Postconf's answers are cached on disk, keyed by a hash of (postconf binary, directory, query,
// main.cf bytes), so a warm re-run starts no postconf at all.
#pragma once

#include <string>
#include <vector>

#include "differential/process_pool.h"

namespace pfmulti::difftest {

struct Query {
  std::string main_cf;  // file bytes
  std::string flags;    // "-h" or "-xh"
  std::string name;     // the parameter asked for
  // R122: ask with a relative -c (the case directory's name, from the work directory).
  bool relative_dir = false;
};

struct Answers {
  Outcome postconf;
  Outcome pfmulti;
};

struct OracleOptions {
  std::string postfix_root;  // unpacked Debian package: usr/sbin/postconf, usr/lib/postfix
  std::string pfmulti_bin;
  std::string work_dir;   // case directories live here
  std::string cache_dir;  // postconf answers
  int parallel = 16;
  std::string postfix_release;  // "" = pfmulti's default; else `pfmulti conf --postfix-release R`
};

class Oracle {
 public:
  explicit Oracle(OracleOptions options);

  // Answers for every query, in order. Postconf runs only on cache misses.
  std::vector<Answers> ask(const std::vector<Query>& queries);

  // The directory a main.cf is placed in (created on demand by ask()).
  std::string case_dir(const std::string& main_cf) const;
  // What -c gets: case_dir, or its last component for a relative query (run from work_dir).
  std::string dir_arg(const Query& q) const;
  // argv, started from work_dir (env -C) for a relative query.
  std::vector<std::string> in_dir(const Query& q, std::vector<std::string> argv) const;

  int cache_hits() const { return hits_; }
  int cache_misses() const { return misses_; }
  int postconf_runs() const { return misses_; }
  int pfmulti_runs() const { return pfmulti_runs_; }

  // Removes the case directories (they are recreated, byte for byte, when needed).
  void clean_up() const;

 private:
  std::string cache_key(const Query& q) const;
  void prepare_dir(const std::string& main_cf);

  OracleOptions opt_;
  std::string postconf_identity_;
  int hits_ = 0;
  int misses_ = 0;
  int pfmulti_runs_ = 0;
};

// 128-bit FNV-1a style hash as 32 hex digits (cache keys and directory names; not security).
std::string hex_hash(const std::string& bytes);

}  // namespace pfmulti::difftest
