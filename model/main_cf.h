// The main.cf reader: bytes of a main.cf file -> ordered definitions, effective values and
// warnings, exactly as real postconf 3.7 reads the file (FACTS.md section 4; spec/rules.md R1-R9).
// Pure: no I/O. Never throws, never reads past the input, accepts any byte string.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/diagnostic.h"

namespace pfmulti {

// One "name = value" logical line. The value has surrounding white space removed, nothing else:
// no expansion, no white space collapsing. Lines are 1-based physical line numbers.
struct Definition {
  std::string name;
  std::string value;
  int first_line = 0;
  int last_line = 0;
  friend bool operator==(const Definition&, const Definition&) = default;
};

struct MainCf {
  std::string file;                      // the name used in messages
  std::vector<Definition> definitions;   // file order, overridden entries included
  std::vector<Diagnostic> warnings;      // overridden entries, leading white space, NUL bytes
  std::optional<Diagnostic> error;       // a fatal syntax error (postconf exits); definitions
                                         // before it are kept for diagnostics only

  // The effective (last) definition of name, or nullptr.
  const Definition* find(std::string_view name) const;
  // name -> effective raw value.
  std::map<std::string, std::string, std::less<>> effective() const;
};

MainCf read_main_cf(std::string_view bytes, std::string_view file);

// Postfix's ISSPACE: ASCII space, \t, \n, \v, \f, \r.
inline bool is_postfix_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
}

}  // namespace pfmulti
