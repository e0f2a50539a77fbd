// POSIX getopt(3) with a leading '+' (GNU: stop at the first non-option), which is how Postfix
// programs parse options on Linux (GETOPT() in sys_defs.h; postfix "+c:Dv", postmulti
// "+ae:g:i:G:I:lpRvx", both checked in the 3.7 binaries). Optionally with a table of long
// options ("--name", "--name=value", "--name value"), which pfmulti's own command line mixes
// into postmulti's; without one, "--x" is what glibc's getopt makes of it (an unknown '-').
// Pure; never throws but std::bad_alloc.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace pfmulti {

struct LongOption {
  std::string_view name;  // without the leading "--"
  bool takes_argument = false;
};

struct ParsedOption {
  char option = 0;  // the option letter; 0 for a long option; '?' for an unknown option or a
                    // missing argument
  std::string argument;
  char bad = 0;  // for '?': the offending letter (0 for a long option)
  bool missing_argument = false;
  size_t index = 0;                  // argv index of the word that holds the option
  bool detached = false;             // the argument is the next word (argv[index + 1])
  std::string long_name;             // a long option (or, for '?', the unknown one), with its "--"
  bool unexpected_argument = false;  // '?': "--name=value" for a long option without one
};

struct GetoptResult {
  std::vector<ParsedOption> options;  // in order; parsing stops after the first '?'
  size_t optind = 1;                  // index of the first operand
  bool double_dash = false;           // the options ended with a "--" (argv[optind - 1])
};

// argv[0] is skipped. optstring without the leading '+'.
GetoptResult posix_getopt(const std::vector<std::string>& argv, std::string_view optstring,
                          std::span<const LongOption> long_options = {});

// The last path component of argv[0], as Postfix programs name themselves in messages.
std::string program_basename(const std::vector<std::string>& argv, std::string_view fallback);

}  // namespace pfmulti
