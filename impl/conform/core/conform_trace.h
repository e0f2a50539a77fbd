// What `pfmulti conform` can observe of a multi-instance manager, and how the model's plan maps
// onto it (docs/conformance.md "What is observable"):
//   - the postfix(1) calls it makes, in order: the program run (the recording stub at
//     $command_directory/postfix), argv[1..], and the variables of the call's environment that
//     Postfix gives meaning to (MAIL_CONFIG, MAIL_DEBUG, MAIL_VERBOSE, MAIL_LOGTAG, LANG, TZ, PATH
//     and the sixteen parameters postfix(1) exports, spec/postfix-facts.md §1.5); argv[0] and
//     shell-made variables (PWD, SHLVL, _) are not compared;
//   - the manager's own exit status (or the signal that ended it).
// Plan -> trace: a RunAction is a call (argv; the manager's environment plus the action's env,
// minus its unset list); SkipAction and FailAction make no call. Exit status: kLastFailure (R59)
// the status of the last failed call (128+N for a call killed by signal N, as sh reports it),
// else 0; kAnyFailureIsOne (R85) 1 when a call failed or was killed or an instance FailAction
// exists; kFail the FailAction's status. Calls are also compared in an abstract form, (instance,
// command words), where the instance is postfix(1)'s: -c DIR, else $MAIL_CONFIG; a difference
// only in the concrete form (`postfix -c DIR start` vs `MAIL_CONFIG=DIR postfix -- start`) is a
// "call form" difference.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/diagnostic.h"
#include "model/plan/plan.h"
#include "model/text/json.h"

namespace pfmulti {

struct Call {
  std::string program;                     // path of the program run, slashes collapsed
  std::vector<std::string> args;           // argv[1..]
  std::map<std::string, std::string> env;  // watched variables that are set
  friend bool operator==(const Call&, const Call&) = default;
};

// How a process ended: exit status, or the signal that killed it; timed_out when the runner had
// to kill it.
struct Ending {
  bool signal = false;
  int value = 0;
  bool timed_out = false;
  friend bool operator==(const Ending&, const Ending&) = default;
};

struct Trace {
  std::vector<Call> calls;
  std::optional<Ending> ending;  // expected traces: nullopt when the model cannot say
  friend bool operator==(const Trace&, const Trace&) = default;
};

// The watched environment variable names.
const std::vector<std::string>& watched_variables();

// postfix(1)'s instance for a call: the -c argument (getopt "+c:Dv"), else MAIL_CONFIG;
// normalized. The command words follow the options (and "--").
std::string call_instance(const Call& call);
std::vector<std::string> call_words(const Call& call);

using OutcomeOf = std::function<Ending(const std::string& instance)>;

// The trace the plan predicts, given the manager's complete environment and how each
// instance's postfix(1) call ends.
Trace expected_trace(const Plan& plan, const EnvMap& manager_env, const OutcomeOf& outcome_of);

// Parses the recording stub's trace file (tests/conform/recording_postfix.cc).
Result<std::vector<Call>> parse_recorded_calls(std::string_view text);

struct Difference {
  std::string description;  // one line, human readable
  std::string signature;    // what groups differences of one kind (paths abstracted)
  bool form_only = false;   // the calls agree as (instance, command words)
  size_t call_index = 0;    // first differing call (== size of the common prefix)
};

// nullopt when the traces agree. describe_instance names an instance directory for the
// signature (its role and main.cf features), e.g. "secondary[enable=YES]".
std::optional<Difference> compare_traces(
    const Trace& expected, const Trace& actual,
    const std::function<std::string(const std::string&)>& describe_instance);

// JSON and text forms; every occurrence of `root` in a string becomes "@ROOT@".
Json trace_to_json(const Trace& trace, const std::string& root);
std::string call_text(const Call& call, const std::string& root);
std::string ending_text(const Ending& ending);

}  // namespace pfmulti
