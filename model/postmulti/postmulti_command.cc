// postmulti(1)'s command-line parser (see postmulti_command.h). The checks, their order and their
// messages are postmulti.c main()'s (Postfix 3.7; spec/rules.md R72 options, R73 combinations),
// byte for byte, the "Specity" typo included.
#include "model/postmulti/postmulti_command.h"

#include <fmt/format.h>

#include <algorithm>

#include "model/text/strings.h"

namespace pfmulti {
namespace {

// postmulti.c's command mode codes: the counting of modes ("-l -l" is one mode, "-l -p -l" is
// three) depends on comparing with the previous code, so they are kept as postmulti has them.
constexpr int kIterPostfix = 1, kIterList = 2, kIterGeneric = 4;
struct EditCode {
  std::string_view name;
  EditAction action;
  int code;
};
constexpr EditCode kEditCodes[] = {
    {"create", EditAction::kCreate, 1 << 4},   {"import", EditAction::kImport, 1 << 5},
    {"destroy", EditAction::kDestroy, 1 << 6}, {"deport", EditAction::kDeport, 1 << 7},
    {"enable", EditAction::kEnable, 1 << 8},   {"disable", EditAction::kDisable, 1 << 9},
    {"assign", EditAction::kAssign, 1 << 10},  {"init", EditAction::kInit, 1 << 11}};
constexpr int kEditAssign = 1 << 10;
constexpr int kEditMaskAdd = (1 << 4) | (1 << 5);
constexpr int kEditMaskAssign = kEditMaskAdd | kEditAssign;
constexpr int kEditMaskAll = 0xff0;

const EditCode* edit_by_code(int code) {
  for (const auto& e : kEditCodes)
    if (e.code == code) return &e;
  return nullptr;
}

std::string usage(std::string_view p) {
  return fmt::format(
      "Usage:{0} -l [-v] [-a] [-g group] [-i instance] | {0} -p [-v] [-a] [-g group] "
      "[-i instance] command... | {0} -x [-v] [-a] [-i name] [-g group] command... | {0} -e "
      "action [-v] [-a] [-i name] [-g group] [-I name] [-G group] [param=value ...]",
      p);
}

// The scan of the options (postmulti.c's getopt loop), before the combination checks.
struct Scan {
  PostmultiCommand command;
  int instance_select_count = 0, command_mode_count = 0, cmd_mode = 0;
};

// One option; a refusal (R72) when postmulti stops at it.
std::optional<CommandRefusal> take_option(const ParsedOption& o, Scan& s,
                                          std::string_view program) {
  PostmultiCommand& c = s.command;
  auto set_mode = [&](int code) {
    if (s.cmd_mode != code) ++s.command_mode_count;
    s.cmd_mode = code;
  };
  switch (o.option) {
    case 'a':
      if (c.selection.type != SelectionType::kAll) ++s.instance_select_count;
      c.selection.type = SelectionType::kAll;
      return std::nullopt;
    case 'e': {
      auto e = std::find_if(std::begin(kEditCodes), std::end(kEditCodes),
                            [&](const EditCode& x) { return x.name == o.argument; });
      if (e == std::end(kEditCodes))
        return CommandRefusal{
            fmt::format("Invalid '-e' edit action '{}'. Specify 'create', 'destroy', "
                        "'import', 'deport', 'enable', 'disable', 'assign' or 'init'",
                        o.argument),
            "R72"};
      set_mode(e->code);
      return std::nullopt;
    }
    case 'g':
      ++s.instance_select_count;
      c.selection = {SelectionType::kGroup, o.argument};
      return std::nullopt;
    case 'i':
      ++s.instance_select_count;
      c.selection = {SelectionType::kName, o.argument};
      return std::nullopt;
    case 'G':
      if (c.assign_group) return CommandRefusal{"Specify at most one '-G' option", "R72"};
      c.assign_group = o.argument == "-" ? "" : o.argument;
      return std::nullopt;
    case 'I':
      if (c.assign_name) return CommandRefusal{"Specify at most one '-I' option", "R72"};
      c.assign_name = o.argument == "-" ? "" : o.argument;
      return std::nullopt;
    case 'l':
      set_mode(kIterList);
      return std::nullopt;
    case 'p':
      set_mode(kIterPostfix);
      return std::nullopt;
    case 'R':
      c.reverse = !c.reverse;
      return std::nullopt;
    case 'v':
      c.verbose = true;
      return std::nullopt;
    case 'x':
      set_mode(kIterGeneric);
      return std::nullopt;
    default:  // '?': an unknown option or a missing argument
      return CommandRefusal{usage(program), "R72"};
  }
}

// R73 the combinations, in postmulti.c's order.
std::optional<CommandRefusal> check_combination(const Scan& s) {
  const PostmultiCommand& c = s.command;
  const int mode = s.cmd_mode;
  const bool args = !c.operands.empty();
  const EditCode* edit = edit_by_code(mode);
  auto refuse = [](std::string m) { return CommandRefusal{std::move(m), "R73"}; };
  if (s.instance_select_count > 1) return refuse("Specity no more than one of '-a', '-g', '-i'");
  if (s.command_mode_count != 1) return refuse("Specify exactly one of '-e', '-l', '-p', '-x'");
  if (mode == kIterList && args) return refuse("Command not allowed with '-l'");
  if ((mode == kIterPostfix || mode == kIterGeneric) && !args)
    return refuse("Command required with '-p' or '-x' option");
  if ((mode == kIterPostfix || (mode & kEditMaskAll)) && c.reverse)
    return refuse("The '-p' and '-e' options preclude the use of '-R'");
  if ((mode & kEditMaskAssign) == 0 && (c.assign_name || c.assign_group)) {
    if ((mode & kEditMaskAll) == 0)
      return refuse("Cannot assign instance name or group without '-e assign'");
    return refuse(fmt::format("Cannot assign instance name or group with '-e {}'", edit->name));
  }
  if (mode & kEditMaskAll) {
    if (mode == kEditAssign && !c.assign_name && !c.assign_group)
      return refuse("Specify new instance name or group with '-e assign'");
    if ((mode & ~kEditMaskAdd) != 0 && args)
      return refuse(fmt::format("Parameter overrides not valid with '-e {}'", edit->name));
  }
  return std::nullopt;
}

PostmultiMode mode_of(int code) {
  switch (code) {
    case kIterList:
      return PostmultiMode::kList;
    case kIterPostfix:
      return PostmultiMode::kPostfix;
    case kIterGeneric:
      return PostmultiMode::kGeneric;
    default:
      return edit_by_code(code) ? PostmultiMode::kEdit : PostmultiMode::kNone;
  }
}

}  // namespace

std::string command_optstring(bool with_pfmulti_options) {
  std::string out;
  for (const OptionSpec& o : kCommandOptions) {
    if (o.pfmulti_only && !with_pfmulti_options) continue;
    out += o.letter;
    if (o.takes_argument) out += ':';
  }
  return out;
}

std::string_view edit_action_name(EditAction a) {
  for (const auto& e : kEditCodes)
    if (e.action == a) return e.name;
  return "";
}

PostmultiParse interpret_postmulti_options(std::span<const ParsedOption> options,
                                           std::vector<std::string> operands,
                                           std::string_view program) noexcept {
  PostmultiParse out;
  Scan s;
  for (const ParsedOption& o : options) {
    if (o.option == 'e') out.edit_requested = true;
    out.refusal = take_option(o, s, program);
    out.mode = mode_of(s.cmd_mode);
    if (out.refusal) {
      // Postfix's msg_vprintf() makes every message printable (a -e value may hold anything).
      out.refusal->message = postfix_printable(out.refusal->message);
      return out;
    }
  }
  s.command.operands = std::move(operands);
  out.refusal = check_combination(s);
  if (out.refusal) return out;
  s.command.mode = out.mode;
  if (const EditCode* e = edit_by_code(s.cmd_mode)) s.command.edit = e->action;
  out.command = std::move(s.command);
  return out;
}

PostmultiParse parse_postmulti_command(const std::vector<std::string>& argv) noexcept {
  GetoptResult opts = posix_getopt(argv, command_optstring(false));
  std::vector<std::string> operands(argv.begin() + std::min(opts.optind, argv.size()), argv.end());
  return interpret_postmulti_options(opts.options, std::move(operands),
                                     program_basename(argv, "postmulti"));
}

namespace {

bool pfmulti_only(const ParsedOption& o) {
  if (o.option == 0 || !o.long_name.empty()) return true;  // a long option
  if (o.option == '?') return true;
  for (const OptionSpec& s : kCommandOptions)
    if (s.letter == o.option) return s.pfmulti_only;
  return false;
}

// postmulti's options as written: each word keeps its postmulti letters (an attached argument
// stays attached, a detached one follows as its own word); pfmulti's are left out.
void reemit(const std::vector<ParsedOption>& options, std::vector<std::string>& out) {
  size_t k = 0;
  while (k < options.size()) {
    size_t word = options[k].index;
    std::string cluster = "-";
    std::optional<std::string> detached;
    for (; k < options.size() && options[k].index == word; ++k) {
      const ParsedOption& o = options[k];
      if (pfmulti_only(o)) continue;
      cluster += o.option;
      if (o.detached)
        detached = o.argument;
      else
        cluster += o.argument;
    }
    if (cluster.size() > 1) out.push_back(cluster);
    if (detached) out.push_back(*detached);
  }
}

}  // namespace

CommandLine split_command_line(const std::vector<std::string>& args,
                               std::string_view program) noexcept {
  std::vector<std::string> argv{std::string(program)};
  argv.insert(argv.end(), args.begin(), args.end());
  GetoptResult opts = posix_getopt(argv, command_optstring(true), kPfmultiLongOptions);
  CommandLine out;
  std::vector<ParsedOption> postmulti;
  for (const ParsedOption& o : opts.options)
    (pfmulti_only(o) ? out.pfmulti_options : postmulti).push_back(o);
  reemit(opts.options, out.postmulti_args);
  if (opts.double_dash) out.postmulti_args.emplace_back("--");
  std::vector<std::string> operands(argv.begin() + std::min(opts.optind, argv.size()), argv.end());
  out.postmulti_args.insert(out.postmulti_args.end(), operands.begin(), operands.end());
  bool stopped = !out.pfmulti_options.empty() && out.pfmulti_options.back().option == '?';
  if (!stopped)
    out.postmulti = interpret_postmulti_options(postmulti, std::move(operands), program);
  return out;
}

}  // namespace pfmulti
