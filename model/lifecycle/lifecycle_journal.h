// The life-cycle journal (issue 12 item 5): ".pfmulti.journal" in the primary configuration
// directory, next to the edit lock. An action of more than one step (create, import, destroy)
// writes it (atomically) before its first step and removes it after its last one, so a run
// killed with -9 leaves it behind. It names the command and the instance's directories:
//   - the next `pfmulti -e` run with the same command finishes the interrupted one (destroy
//     then finds the directories of an instance it had already taken out of the list here);
//   - any other `-e` action is refused until then, with the command to run;
//   - `pfmulti lint` reports it with the command that finishes it (model/lint/lifecycle_lint.h).
// Text, one "KEY VALUE" per line, bytes below 0x21, '%' and 0x7f written as %XX. Pure.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace pfmulti {

inline constexpr std::string_view kJournalName = ".pfmulti.journal";

struct LifecycleJournal {
  std::string action;                           // "create", "import", "destroy"
  std::vector<std::string> args;                // the command line after the program name
  std::string config_dir, queue_dir, data_dir;  // the instance (what is known of it)
  friend bool operator==(const LifecycleJournal&, const LifecycleJournal&) = default;
};

std::string journal_path(const std::string& primary_config_directory);
// The atomic writer's temporary file for the journal (impl/runtime/atomic_file.h's naming).
std::string atomic_journal_temp(const std::string& primary_config_directory);
std::string journal_text(const LifecycleJournal& j);
std::optional<LifecycleJournal> parse_journal(std::string_view text);

// s as one sh(1) word: as is when it holds only safe characters, else in single quotes (control
// bytes as $'\xHH').
std::string shell_quote(const std::string& s);

// "pfmulti -c PRIMARY ARGS..." with arguments shell-quoted where needed.
std::string journal_command(const std::string& primary_config_directory,
                            const std::vector<std::string>& args);

}  // namespace pfmulti
