// How pfmulti shows plans and outcomes:
//   dry run (-n), text:  one line per planned action ("run DIR: ENV... ARGV..."), and a
//                        "stage K of M: ..." line before each stage of a --parallel plan (R190);
//   dry run, --json:     one JSON object per planned action, then {"summary": ...};
//   a run, --json:       one JSON object per action outcome as it finishes (instance by name,
//                        group and config directory, argv, exit status, signal name, duration,
//                        the child's recorded stdout and stderr), then {"summary": ...};
//   a run, text:         one stderr line for each failed action, naming the instance (name and
//                        config directory) and why (exit status, signal, timeout, could not
//                        start), where postmulti(1) prints nothing; with -v one line per action;
//   a run, --json:       the same failure lines on stderr, stdout staying JSON.
// Each JSON line is a value of impl/cli/report_json.h (which lists the shapes) printed by
// model/text/json.h's to_json(v, -1): strings are byte strings (one that is not valid UTF-8 as
// "\u0000base64:...", spec/json-wire.md), so every line is valid JSON whatever a main.cf holds.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "impl/cli/report_json.h"
#include "impl/runtime/executor.h"
#include "model/plan/plan.h"

namespace pfmulti {

// A word as a POSIX shell would need it quoted to mean itself (for display only: pfmulti never
// runs a shell).
std::string shell_quote(std::string_view word);

std::string dry_run_text(const Plan& plan);
std::string dry_run_json(const Plan& plan, const InstanceIndex& instances = {});

std::string outcome_json(const ActionOutcome& o, const InstanceIndex& instances = {},
                         bool with_output = false);
std::string summary_json(const ExecutionReport& r);

// The stderr line for an outcome, or nullopt for none: always one for a failure (issue 15 item
// 4: a run that exited non-zero, was killed, timed out or could not start; an exec that failed;
// an instance's fail action), and with verbose one for every action. name: the instance's
// name, shown before its config directory ("postfix-a (/etc/postfix-a): ...") when known.
std::optional<std::string> outcome_text(const ActionOutcome& o, bool verbose,
                                        std::string_view name = {});

// "killed by SIGSEGV (core dumped)", "exit status 3", "timed out, killed by SIGTERM"...
std::string describe_status(const ActionOutcome& o);

}  // namespace pfmulti
