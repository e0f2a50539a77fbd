// How pfmulti shows plans and outcomes:
//   dry run (-n), text:  one line per planned action ("run DIR: ENV... ARGV...");
//   dry run, --json:     one JSON object per planned action, then {"summary": ...};
//   a run, --json:       one JSON object per action outcome as it finishes (instance, argv, exit
//                        status, signal name, duration), then {"summary": ...};
//   a run, text:         postmulti(1) prints nothing for an instance that merely fails; pfmulti
//                        adds one stderr line for what postmulti would leave unexplained (a
//                        signal death, a timeout, a program that could not start), and with -v
//                        one line per action.
// Each JSON line is a value of impl/cli/report_json.h (which lists the shapes) printed by
// model/text/json.h's to_json(v, -1): strings are byte strings (one that is not valid UTF-8 as
// "\u0000base64:...", spec/json-wire.md), so every line is valid JSON whatever a main.cf holds.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "impl/runtime/executor.h"
#include "model/plan/plan.h"

namespace pfmulti {

// A word as a POSIX shell would need it quoted to mean itself (for display only: pfmulti never
// runs a shell).
std::string shell_quote(std::string_view word);

std::string dry_run_text(const Plan& plan);
std::string dry_run_json(const Plan& plan);

std::string outcome_json(const ActionOutcome& o);
std::string summary_json(const ExecutionReport& r);

// The stderr line for an outcome in text mode, or nullopt for none.
std::optional<std::string> outcome_text(const ActionOutcome& o, bool verbose);

// "killed by SIGSEGV (core dumped)", "exit status 3", "timed out, killed by SIGTERM"...
std::string describe_status(const ActionOutcome& o);

}  // namespace pfmulti
