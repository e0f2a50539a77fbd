// main.cf reader (spec/rules.md R1-R9). Logical lines follow real postconf 3.7:
//  - a physical line whose first non-white-space byte is '#' is a comment; empty and white-space
//    lines are ignored; both may sit between a line and its continuation;
//  - a physical line that starts with white space continues the logical line before it;
//  - physical lines are joined without a separator (the newline is dropped, the continuation's
//    leading white space is kept);
//  - a logical line that starts with white space (text before any definition) is dropped with a
//    warning, continuation lines included;
//  - the logical line ends at its first NUL byte (postconf works on C strings); we warn;
//  - "name = value": name up to white space or '='; a missing name or '=' is fatal, like
//    postconf's "missing attribute name" / "missing '=' after attribute name";
//  - white space is Postfix's ISSPACE set, so CR of CRLF files is white space and trimmed;
//    other bytes (non-UTF-8, control characters) are kept as they are.
#include "model/main_cf/main_cf.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstring>

namespace pfmulti {
namespace {

// Postfix quotes at most 30 bytes of an offending line in its warnings.
std::string excerpt(std::string_view text) {
  if (text.size() <= 30) return std::string(text);
  return fmt::format("{}...", text.substr(0, 30));
}

struct LogicalLine {
  std::string text;       // the joined pieces, when there are several
  std::string_view view;  // the line: into the input for one piece (most lines), else text
  int first_line = 0;
  int last_line = 0;
};

// Reads physical lines from bytes[pos...] into one logical line, as Postfix's readllines().
// The pieces are noted as spans of the input and joined once, at their final size; a line of
// one piece is not copied at all (a view of the input).
class LineReader {
 public:
  explicit LineReader(std::string_view bytes) : bytes_(bytes) {}

  // Returns false at end of input with nothing read.
  bool next(LogicalLine& out) {
    out.text.clear();
    out.first_line = 0;
    spans_.clear();
    size_t total = 0;
    for (;;) {
      size_t begin = pos_;
      size_t nl = bytes_.find('\n', pos_);
      size_t end = nl == std::string_view::npos ? bytes_.size() : nl;
      bool saw_newline = nl != std::string_view::npos;
      pos_ = saw_newline ? end + 1 : end;
      if (saw_newline || end > begin) ++lineno_;
      size_t cp = begin;
      while (cp < end && is_postfix_space(bytes_[cp])) ++cp;
      if (cp < end && bytes_[cp] != '#') {  // not blank, not a comment
        if (total == 0) out.first_line = lineno_;
        spans_.emplace_back(begin, end - begin);
        total += end - begin;
      }
      if (!saw_newline) break;  // end of input
      if (total > 0) {
        if (pos_ >= bytes_.size()) break;
        char next = bytes_[pos_];
        if (next != '#' && !is_postfix_space(next)) break;
      }
    }
    if (spans_.size() == 1) {
      out.view = bytes_.substr(spans_[0].first, spans_[0].second);
    } else {
      out.text.reserve(total);
      for (const auto& [b, n] : spans_) out.text.append(bytes_.data() + b, n);
      out.view = out.text;
    }
    out.last_line = lineno_;
    return total > 0;
  }

 private:
  std::string_view bytes_;
  size_t pos_ = 0;
  int lineno_ = 0;
  std::vector<std::pair<size_t, size_t>> spans_;  // (offset, length) of the current line's pieces
};

}  // namespace

namespace {

// The index's hash of a name: its length and its first and last eight bytes (parameter names
// share prefixes, "multi_instance_...", and differ at the end), in a handful of instructions
// instead of a multiply per byte. Collisions cost only a longer probe: find() compares names.
size_t name_hash(std::string_view name) {
  uint64_t first = 0, last = 0;
  size_t n = name.size();
  if (n >= 8) {
    std::memcpy(&first, name.data(), 8);
    std::memcpy(&last, name.data() + n - 8, 8);
  } else {
    std::memcpy(&first, name.data(), n);
  }
  // MurmurHash3's 64-bit finalizer over the three: every input bit reaches every output bit.
  uint64_t h = first ^ (last * 0x9E3779B97F4A7C15ull) ^ (static_cast<uint64_t>(n) << 56);
  h ^= h >> 33;
  h *= 0xFF51AFD7ED558CCDull;
  h ^= h >> 33;
  h *= 0xC4CEB9FE1A85EC53ull;
  h ^= h >> 33;
  return static_cast<size_t>(h);
}

}  // namespace

size_t DefinitionIndex::find(std::string_view name, const std::vector<Definition>& defs) const {
  if (slots_.empty()) return npos;
  size_t mask = slots_.size() - 1;
  for (size_t i = name_hash(name) & mask;; i = (i + 1) & mask) {
    uint32_t slot = slots_[i];
    if (slot == 0) return npos;
    if (defs[slot - 1].name == name) return slot - 1;
  }
}

size_t DefinitionIndex::assign(const std::vector<Definition>& defs, size_t pos) {
  if (2 * (count_ + 1) > slots_.size()) grow(defs);
  size_t mask = slots_.size() - 1;
  const std::string& name = defs[pos].name;
  for (size_t i = name_hash(name) & mask;; i = (i + 1) & mask) {
    uint32_t& slot = slots_[i];
    if (slot == 0) {
      slot = static_cast<uint32_t>(pos + 1);
      ++count_;
      return npos;
    }
    if (defs[slot - 1].name == name) {
      size_t old = slot - 1;
      slot = static_cast<uint32_t>(pos + 1);
      return old;
    }
  }
}

void DefinitionIndex::grow(const std::vector<Definition>& defs) {
  std::vector<uint32_t> old = std::move(slots_);
  slots_.assign(std::max<size_t>(32, 2 * old.size()), 0);
  size_t mask = slots_.size() - 1;
  for (uint32_t slot : old) {
    if (slot == 0) continue;
    size_t i = name_hash(defs[slot - 1].name) & mask;
    while (slots_[i] != 0) i = (i + 1) & mask;
    slots_[i] = slot;
  }
}

const Definition* MainCf::find(std::string_view name) const {
  if (!index.empty()) {
    size_t pos = index.find(name, definitions);
    return pos == DefinitionIndex::npos ? nullptr : &definitions[pos];
  }
  for (auto it = definitions.rbegin(); it != definitions.rend(); ++it) {
    if (it->name == name) return &*it;
  }
  return nullptr;
}

void MainCf::reindex() {
  index.clear();
  for (size_t i = 0; i < definitions.size(); ++i) index.assign(definitions, i);
}

std::map<std::string, std::string, std::less<>> MainCf::effective() const {
  std::map<std::string, std::string, std::less<>> out;
  for (const auto& d : definitions) out[d.name] = d.value;
  return out;
}

MainCf read_main_cf(std::string_view bytes, std::string_view file) noexcept {
  MainCf cf;
  cf.file = std::string(file);
  LineReader reader(bytes);
  LogicalLine line;
  // A first guess at the number of definitions (a line of a small main.cf is about 30 bytes):
  // no doubling of the vector for most files.
  cf.definitions.reserve(std::min<size_t>(bytes.size() / 24 + 4, 4096));
  while (reader.next(line)) {
    if (is_postfix_space(line.view[0])) {
      cf.warnings.push_back(
          {cf.file, line.first_line,
           fmt::format("logical line must not start with whitespace: \"{}\"", excerpt(line.view))});
      continue;
    }
    if (size_t nul = line.view.find('\0'); nul != std::string_view::npos) {
      cf.warnings.push_back({cf.file, line.first_line,
                             fmt::format("logical line contains a NUL byte; text after it is "
                                         "ignored, as postconf does: \"{}\"",
                                         excerpt(line.view.substr(0, nul)))});
      line.view = line.view.substr(0, nul);
    }
    const std::string_view t = line.view;
    size_t np = 0;
    while (np < t.size() && is_postfix_space(t[np])) ++np;
    if (np == t.size() || t[np] == '=') {
      cf.error = Diagnostic{cf.file, line.first_line,
                            fmt::format("missing parameter name: \"{}\"", excerpt(t))};
      break;
    }
    size_t ep = np;
    while (ep < t.size() && !is_postfix_space(t[ep]) && t[ep] != '=') ++ep;
    size_t cp = ep;
    while (cp < t.size() && is_postfix_space(t[cp])) ++cp;
    if (cp == t.size() || t[cp] != '=') {
      cf.error = Diagnostic{cf.file, line.first_line,
                            fmt::format("missing '=' after parameter name: \"{}\"", excerpt(t))};
      break;
    }
    ++cp;
    while (cp < t.size() && is_postfix_space(t[cp])) ++cp;
    size_t vend = t.size();
    while (vend > cp && is_postfix_space(t[vend - 1])) --vend;
    // A large value takes the line's own buffer, trimmed in place (no copy of a 1 MiB value);
    // a small one is copied, so that the line's buffer serves the next line too.
    std::string name(t.substr(np, ep - np));
    std::string value;
    if (vend - cp >= 4096 && t.data() == line.text.data()) {
      value = std::move(line.text);
      value.erase(vend);
      value.erase(0, cp);
    } else {
      value.assign(t.data() + cp, vend - cp);
    }
    cf.definitions.push_back(
        Definition{std::move(name), std::move(value), line.first_line, line.last_line});
    // One probe: record the name, or find the definition it overrides.
    size_t overridden = cf.index.assign(cf.definitions, cf.definitions.size() - 1);
    if (overridden != DefinitionIndex::npos) {
      const Definition& old = cf.definitions[overridden];
      cf.warnings.push_back({cf.file, cf.definitions.back().first_line,
                             fmt::format("overriding earlier entry (line {}): {}={}",
                                         old.first_line, old.name, excerpt(old.value))});
    }
  }
  return cf;
}

}  // namespace pfmulti
