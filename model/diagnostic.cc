// Diagnostic formatting, in the "FILE, line N: MESSAGE" shape that Postfix programs use.
#include "model/diagnostic.h"

#include <fmt/format.h>

namespace pfmulti {

std::string Diagnostic::str() const {
  if (line > 0) return fmt::format("{}, line {}: {}", file, line, message);
  return fmt::format("{}: {}", file, message);
}

}  // namespace pfmulti
