// Reads, through the FileSystem interface, everything the planner (model/plan/planner.h) may look
// at for one command: the primary instance's main.cf and the main.cf of every directory that its
// multi_instance_directories can name under any profile's reading of the list (postmulti's
// expanded comma/space split, the shipped postfix-wrapper's raw value with only the first comma
// turned into a space), plus which of the directories a manager checks exist. A word with *, ? or
// [ (which the shell wrappers expand, spec/rules.md R53) adds the directories it matches.
// postfix-wrapper(5) "multi_instance_directories"; postmulti(1) check_shared_dir_status.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "impl/runtime/file_system.h"
#include "model/main_cf/config_cache.h"
#include "model/plan/planner.h"

namespace pfmulti {

struct World {
  FileMap files;                           // main.cf path -> bytes or why unreadable
  std::vector<std::string> directories;    // the candidate directories that exist
  std::vector<std::string> instance_dirs;  // candidate instance directories, list order
  // The files as parsed here, for the planner (Scenario::config_cache): parsed once in all.
  std::shared_ptr<ConfigCache> config_cache;
};

// primary_dir: the primary's config directory. cwd: for relative list entries ("" = unknown).
// also: more instance directories whose main.cf may be read (the shell wrappers iterate over
// $config_directory from the environment, which need not be the primary's directory).
World read_world(FileSystem& fs, const std::string& primary_dir, const Defaults& defaults,
                 const std::string& cwd, const std::vector<std::string>& also = {});

// The existing directories a shell pattern word can match (dash's pathname expansion: component
// by component, a leading '.' matched only literally, sorted); relative words are matched from
// cwd and stay relative. Words without *, ? or [ match nothing here.
std::vector<std::string> glob_matches(FileSystem& fs, const std::string& word,
                                      const std::string& cwd);

// The path a relative directory names from cwd, with repeated slashes collapsed.
std::string absolute_path(const std::string& path, const std::string& cwd);

}  // namespace pfmulti
