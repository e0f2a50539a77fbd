// postmulti(1)'s command line: THE parser (spec/postfix-facts.md §3; postmulti.c main();
// spec/rules.md R72, R73, R88, R97). One option table serves both readers of a command line:
//   - the model (plan_postmulti, plan_lifecycle) reads postmulti's own argv: getopt
//     "+ae:g:i:G:I:lpRvx", then the combination checks in postmulti.c's order, each refusal with
//     postmulti's exact message;
//   - pfmulti's CLI reads the same table with pfmulti's extension letters (-n, -j, -c DIR) and
//     long options mixed in, in ONE getopt pass (split_command_line); postmulti's part is
//     re-emitted word for word as the argv the model gets.
// Pure; the entry points are noexcept (nothing inside throws but std::bad_alloc, which ends the
// program).
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "model/text/getopt.h"

namespace pfmulti {

// ---------- the option table ----------

struct OptionSpec {
  char letter;
  bool takes_argument;
  bool pfmulti_only;  // pfmulti's extension: never given to postmulti's reading
};

// postmulti 3.7's options (R72), then pfmulti's: -n (dry run), -j (JSON listing), -c DIR,
// -h (help, as --help).
inline constexpr OptionSpec kCommandOptions[] = {
    {'a', false, false}, {'e', true, false},  {'g', true, false},  {'i', true, false},
    {'G', true, false},  {'I', true, false},  {'l', false, false}, {'p', false, false},
    {'R', false, false}, {'v', false, false}, {'x', false, false}, {'n', false, true},
    {'j', false, true},  {'c', true, true},   {'h', false, true}};

// pfmulti's long options, accepted among postmulti's options (before the first operand).
inline constexpr LongOption kPfmultiLongOptions[] = {
    {"dry-run", false}, {"json", false},   {"help", false},      {"version", false},
    {"profile", true},  {"timeout", true}, {"kill-grace", true}, {"postfix-release", true},
    {"parallel", true}, {"tag", false},    {"no-tag", false}};

// The getopt(3) string of the table: postmulti's letters only, or with pfmulti's too.
std::string command_optstring(bool with_pfmulti_options);

// ---------- postmulti's reading ----------

enum class PostmultiMode { kNone, kList, kPostfix, kGeneric, kEdit };
enum class EditAction { kCreate, kImport, kDestroy, kDeport, kEnable, kDisable, kAssign, kInit };
std::string_view edit_action_name(EditAction a);

enum class SelectionType { kNone, kAll, kName, kGroup };
struct Selection {
  SelectionType type = SelectionType::kNone;
  std::string value;  // the -i name or the -g group
  friend bool operator==(const Selection&, const Selection&) = default;
};

struct PostmultiCommand {
  PostmultiMode mode = PostmultiMode::kNone;
  EditAction edit = EditAction::kInit;  // meaningful for kEdit
  Selection selection;                  // kNone when none of -a -g -i was given
  bool reverse = false;                 // -R toggles
  // -I / -G: nullopt when not given; "" when given as "-" (none).
  std::optional<std::string> assign_name, assign_group;
  bool verbose = false;               // -v (R88)
  std::vector<std::string> operands;  // the command, or the param=value overrides
  friend bool operator==(const PostmultiCommand&, const PostmultiCommand&) = default;
};

// A refusal: postmulti's one-line fatal message and the rule it follows (R72 or R73).
struct CommandRefusal {
  std::string message;
  std::string_view rule;
  friend bool operator==(const CommandRefusal&, const CommandRefusal&) = default;
};

struct PostmultiParse {
  std::optional<PostmultiCommand> command;  // set exactly when refusal is not
  std::optional<CommandRefusal> refusal;
  // As far as postmulti's scan got, even when refused: the mode of the last of -e -l -p -x,
  // and whether an -e option was given (even with a bad action).
  PostmultiMode mode = PostmultiMode::kNone;
  bool edit_requested = false;
};

// postmulti's argv (argv[0] names the program in the usage message, fallback "postmulti").
PostmultiParse parse_postmulti_command(const std::vector<std::string>& argv) noexcept;

// The same, from options getopt already split out (the CLI's single pass): `options` holds
// postmulti's options only, `operands` what follows them.
PostmultiParse interpret_postmulti_options(std::span<const ParsedOption> options,
                                           std::vector<std::string> operands,
                                           std::string_view program) noexcept;

// ---------- pfmulti's reading ----------

struct CommandLine {
  // pfmulti's own options (-n, -j, -c and the long ones) in order; a '?' entry (unknown option,
  // missing argument, unexpected "--name=value") is the last one and stops the parse.
  std::vector<ParsedOption> pfmulti_options;
  // postmulti's options re-emitted as written (a cluster keeps its other letters, an option
  // argument is never split off), then "--" when given, then the operands; no argv[0].
  std::vector<std::string> postmulti_args;
  PostmultiParse postmulti;  // postmulti's reading of postmulti_args (empty after a '?')
};

// args: pfmulti's command line without argv[0]; program names it in postmulti's messages.
CommandLine split_command_line(const std::vector<std::string>& args,
                               std::string_view program) noexcept;

}  // namespace pfmulti
