// The main.cf reader: bytes of a main.cf file -> ordered definitions, effective values and
// warnings, exactly as real postconf 3.7 reads the file (spec/postfix-facts.md §4; spec/rules.md
// R1-R9). Pure: no I/O. Never throws, never reads past the input, accepts any byte string.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
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

// Transparent hashing, so that a std::string-keyed unordered_map is searched with a string_view
// without building a std::string.
// FNV-1a, inline: parameter names are short, and std::hash's out-of-line Murmur call cost a
// tenth of a 10,000-parameter `conf -xh` (docs/performance.md).
struct StringHash {
  using is_transparent = void;
  size_t operator()(std::string_view s) const {
    uint64_t h = 14695981039346656037ull;
    for (unsigned char c : s) h = (h ^ c) * 1099511628211ull;
    return static_cast<size_t>(h);
  }
};
template <typename V>
using StringMap = std::unordered_map<std::string, V, StringHash, std::equal_to<>>;

// name -> position (in a vector of definitions) of its effective definition: open addressing
// over positions, so that the names are not copied into the index (a hash node and a copy of
// the name per definition were most of the allocations of reading a small main.cf).
class DefinitionIndex {
 public:
  static constexpr size_t npos = static_cast<size_t>(-1);
  bool empty() const { return count_ == 0; }
  void clear() {
    slots_.clear();
    count_ = 0;
  }
  // The position recorded for name, or npos.
  size_t find(std::string_view name, const std::vector<Definition>& defs) const;
  // Records pos for defs[pos].name; returns the position it replaces, or npos.
  size_t assign(const std::vector<Definition>& defs, size_t pos);

 private:
  void grow(const std::vector<Definition>& defs);
  std::vector<uint32_t> slots_;  // 0: empty; else position + 1; size a power of two
  size_t count_ = 0;
};

struct MainCf {
  std::string file;                     // the name used in messages
  std::vector<Definition> definitions;  // file order, overridden entries included
  std::vector<Diagnostic> warnings;     // overridden entries, leading white space, NUL bytes
  std::optional<Diagnostic> error;      // a fatal syntax error (postconf exits); definitions
                                        // before it are kept for diagnostics only

  // name -> position in definitions of its effective (last) definition. read_main_cf fills it;
  // find() uses it when it is there (O(1) instead of a scan: 10,000-parameter files would be
  // quadratic otherwise) and scans when it is empty. Whoever edits definitions afterwards
  // calls reindex().
  DefinitionIndex index;

  // The effective (last) definition of name, or nullptr.
  const Definition* find(std::string_view name) const;
  void reindex();
  // name -> effective raw value.
  std::map<std::string, std::string, std::less<>> effective() const;
};

MainCf read_main_cf(std::string_view bytes, std::string_view file) noexcept;

// Postfix's ISSPACE: ASCII space, \t, \n, \v, \f, \r.
inline bool is_postfix_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
}

}  // namespace pfmulti
