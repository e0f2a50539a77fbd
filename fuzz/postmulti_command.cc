// libFuzzer harness for postmulti's command line (model/postmulti/postmulti_command.h,
// model/text/getopt.h; spec/rules.md R72, R73, R88). The input is argv[1..] separated by NUL
// bytes (argv[0] is "postmulti"). Laws:
//  C1  posix_getopt(argv, "ae:g:i:G:I:lpRvx") agrees with glibc's getopt(3) on "+ae:g:i:..."
//      (the second definition): the same option letters in order, the same arguments, the same
//      unknown letter or missing argument at the same place, the same optind.
//  C2  parse_postmulti_command accepts exactly when the second definition below does, with the
//      rule R72 for a refusal at an option and R73 for a refused combination, and the parsed
//      command holds exactly the values the options give: the mode of the -e/-l/-p/-x options
//      (all the same code: -e with one action), the last of -a/-g/-i (at most one, runs of -a
//      count once), -R's parity, -v, the one -I/-G ("-" = none), the operands after optind.
//      A refusal is one line without control characters, as Postfix prints every message
//      (postfix_printable; found by this target: regression-edit-action-control-bytes).
//  C3  pfmulti's single pass (split_command_line) re-emits postmulti's part so that postmulti's
//      parser reads the same command from it: parse_postmulti_command("postmulti" +
//      postmulti_args) == split.postmulti, unless one of pfmulti's options stopped the parse.
//  C4  Without any of pfmulti's letters or "--" long options, split_command_line's reading is
//      parse_postmulti_command's, and postmulti_args is argv[1..] itself.
#include <getopt.h>
#include <unistd.h>

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz/fuzz_law.h"
#include "model/postmulti/postmulti_command.h"
#include "model/text/getopt.h"

namespace {

using namespace pfmulti;
using fuzz::show;

[[noreturn]] void violated(std::string_view law, std::string_view detail) {
  fuzz::violated("postmulti_command", law, detail);
}

struct RefOption {
  char letter;  // '?' for unknown / missing argument
  std::string argument;
  friend bool operator==(const RefOption&, const RefOption&) = default;
};

// glibc getopt(3) in '+' mode: the reference.
std::vector<RefOption> glibc_getopt(const std::vector<std::string>& argv, size_t& optind_out) {
  std::vector<std::vector<char>> storage;
  std::vector<char*> ptrs;
  for (const auto& a : argv) {
    storage.emplace_back(a.begin(), a.end());
    storage.back().push_back('\0');
  }
  for (auto& s : storage) ptrs.push_back(s.data());
  ptrs.push_back(nullptr);
  std::vector<RefOption> out;
  ::optind = 0;  // glibc: full re-initialisation
  ::opterr = 0;
  int c;
  while ((c = ::getopt(static_cast<int>(argv.size()), ptrs.data(), "+ae:g:i:G:I:lpRvx")) != -1) {
    if (c == '?') {
      out.push_back({'?', {}});
      break;  // postmulti stops at the first error (usage)
    }
    out.push_back({static_cast<char>(c), ::optarg ? ::optarg : ""});
  }
  optind_out = static_cast<size_t>(::optind);
  return out;
}

struct Expected {
  bool accept = false;
  std::string_view rule;
  PostmultiCommand command;
};

// The second definition of postmulti.c's checks, stated over the whole option list.
Expected expected(const std::vector<RefOption>& opts, const std::vector<std::string>& operands) {
  static const std::vector<std::pair<std::string, EditAction>> actions = {
      {"create", EditAction::kCreate},   {"import", EditAction::kImport},
      {"destroy", EditAction::kDestroy}, {"deport", EditAction::kDeport},
      {"enable", EditAction::kEnable},   {"disable", EditAction::kDisable},
      {"assign", EditAction::kAssign},   {"init", EditAction::kInit}};
  Expected e;
  PostmultiCommand& c = e.command;
  std::vector<std::string> modes;  // "l", "p", "x", "e:ACTION"
  std::vector<char> selections;    // letters of -a -g -i, runs of 'a' collapsed
  int n_i = 0, n_g = 0;
  for (const RefOption& o : opts) {
    switch (o.letter) {
      case '?':
        e.rule = "R72";
        return e;
      case 'e': {
        bool known = false;
        for (const auto& [name, action] : actions)
          if (name == o.argument) known = true, c.edit = action;
        if (!known) {
          e.rule = "R72";
          return e;
        }
        modes.push_back("e:" + o.argument);
        break;
      }
      case 'l':
      case 'p':
      case 'x':
        modes.push_back(std::string(1, o.letter));
        break;
      case 'a':
      case 'g':
      case 'i':
        if (!(o.letter == 'a' && !selections.empty() && selections.back() == 'a'))
          selections.push_back(o.letter);
        if (o.letter == 'a') c.selection = {SelectionType::kAll, ""};
        if (o.letter == 'g') c.selection = {SelectionType::kGroup, o.argument};
        if (o.letter == 'i') c.selection = {SelectionType::kName, o.argument};
        break;
      case 'I':
        if (n_i++) {
          e.rule = "R72";
          return e;
        }
        c.assign_name = o.argument == "-" ? "" : o.argument;
        break;
      case 'G':
        if (n_g++) {
          e.rule = "R72";
          return e;
        }
        c.assign_group = o.argument == "-" ? "" : o.argument;
        break;
      case 'R':
        c.reverse = !c.reverse;
        break;
      case 'v':
        c.verbose = true;
        break;
      default:
        violated("C1", fmt::format("glibc gave letter {}", o.letter));
    }
  }
  c.operands = operands;
  e.rule = "R73";
  // "exactly one mode": postmulti counts changes of the mode code.
  size_t changes = 0;
  for (size_t k = 0; k < modes.size(); ++k)
    if (k == 0 || modes[k] != modes[k - 1]) ++changes;
  if (selections.size() > 1 || changes != 1) return e;
  const std::string& m = modes.back();
  bool edit = m[0] == 'e';
  std::string action = edit ? m.substr(2) : "";
  bool args = !operands.empty();
  if (m == "l" && args) return e;
  if ((m == "p" || m == "x") && !args) return e;
  if ((m == "p" || edit) && c.reverse) return e;
  bool assigns = c.assign_name || c.assign_group;
  bool adds = action == "create" || action == "import";
  if (assigns && !(adds || action == "assign")) return e;
  if (action == "assign" && !assigns) return e;
  if (edit && !adds && args) return e;
  c.mode = m == "l"   ? PostmultiMode::kList
           : m == "p" ? PostmultiMode::kPostfix
           : m == "x" ? PostmultiMode::kGeneric
                      : PostmultiMode::kEdit;
  if (!edit) c.edit = EditAction::kInit;
  e.accept = true;
  return e;
}

std::string show(const PostmultiParse& p) {
  if (p.refusal) return fmt::format("refused {} ({})", show(p.refusal->message), p.refusal->rule);
  const PostmultiCommand& c = *p.command;
  return fmt::format("mode {} edit {} sel {}:{} R{} v{} I{} G{} operands {}",
                     static_cast<int>(c.mode), edit_action_name(c.edit),
                     static_cast<int>(c.selection.type), show(c.selection.value), c.reverse,
                     c.verbose, c.assign_name ? show(*c.assign_name) : "-",
                     c.assign_group ? show(*c.assign_group) : "-", show(c.operands));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > 2048) return 0;
  std::vector<std::string> args = fuzz::split_at_nul({reinterpret_cast<const char*>(data), size});
  std::vector<std::string> argv{"postmulti"};
  argv.insert(argv.end(), args.begin(), args.end());

  // C1
  size_t ref_optind = 1;
  std::vector<RefOption> ref = glibc_getopt(argv, ref_optind);
  GetoptResult got = posix_getopt(argv, command_optstring(false));
  std::vector<RefOption> mine;
  for (const ParsedOption& o : got.options) mine.push_back({o.option, o.argument});
  bool stopped = !ref.empty() && ref.back().letter == '?';
  if (mine != ref || (!stopped && got.optind != ref_optind))
    violated("C1", fmt::format("argv {}: posix_getopt and glibc getopt disagree (optind {} vs {})",
                               show(argv), got.optind, ref_optind));

  // C2
  std::vector<std::string> operands(argv.begin() + std::min(ref_optind, argv.size()), argv.end());
  Expected want = expected(ref, operands);
  PostmultiParse parse = parse_postmulti_command(argv);
  if (parse.command.has_value() == parse.refusal.has_value())
    violated("C2", "exactly one of command and refusal must be set");
  if (parse.command.has_value() != want.accept ||
      (parse.refusal && parse.refusal->rule != want.rule) ||
      (parse.command && *parse.command != want.command))
    violated("C2", fmt::format("argv {}: parsed {}; expected {} ({})", show(argv), show(parse),
                               want.accept ? "accept" : "refuse", want.rule));
  if (parse.refusal) {
    const std::string& m = parse.refusal->message;
    bool control = false;
    for (char ch : m) control = control || static_cast<unsigned char>(ch) < 0x20 || ch == 0x7f;
    if (m.empty() || control) violated("C2", "a refusal is not one printable line: " + show(m));
  }

  // C3
  CommandLine split = split_command_line(args, "postmulti");
  bool pfmulti_stopped =
      !split.pfmulti_options.empty() && split.pfmulti_options.back().option == '?';
  if (!pfmulti_stopped) {
    std::vector<std::string> again{"postmulti"};
    again.insert(again.end(), split.postmulti_args.begin(), split.postmulti_args.end());
    PostmultiParse reread = parse_postmulti_command(again);
    if (reread.command != split.postmulti.command || reread.refusal != split.postmulti.refusal)
      violated("C3", fmt::format("args {} re-emitted as {}: {} vs {}", show(args),
                                 show(split.postmulti_args), show(split.postmulti), show(reread)));
  }

  // C4
  bool pfmulti_words = false;
  for (size_t k = 1; k < std::min(ref_optind, argv.size()); ++k) {
    const std::string& w = argv[k];
    if (w.rfind("--", 0) == 0 && w.size() > 2) pfmulti_words = true;
  }
  if (!pfmulti_words && split.pfmulti_options.empty()) {
    if (split.postmulti.command != parse.command || split.postmulti.refusal != parse.refusal ||
        split.postmulti_args != args)
      violated("C4", fmt::format("args {}: single pass {} vs postmulti {}", show(args),
                                 show(split.postmulti), show(parse)));
  }
  return 0;
}
