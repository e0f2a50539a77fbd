// POSIX getopt(3) with a leading '+' (GNU: stop at the first non-option), which is how Postfix
// programs parse options on Linux (GETOPT() in sys_defs.h; postfix "+c:Dv", postmulti
// "+ae:g:i:G:I:lpRvx", both checked in the 3.7 binaries). Pure.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace pfmulti {

struct ParsedOption {
  char option = 0;  // the option letter; '?' for an unknown option or a missing argument
  std::string argument;
  char bad = 0;  // for '?': the offending letter
  bool missing_argument = false;
};

struct GetoptResult {
  std::vector<ParsedOption> options;  // in order; parsing stops after the first '?'
  size_t optind = 1;                  // index of the first operand
};

// argv[0] is skipped. optstring without the leading '+'.
GetoptResult posix_getopt(const std::vector<std::string>& argv, std::string_view optstring);

// The last path component of argv[0], as Postfix programs name themselves in messages.
std::string program_basename(const std::vector<std::string>& argv, std::string_view fallback);

}  // namespace pfmulti
