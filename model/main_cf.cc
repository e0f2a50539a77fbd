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
#include "model/main_cf.h"

#include <fmt/format.h>

namespace pfmulti {
namespace {

// Postfix quotes at most 30 bytes of an offending line in its warnings.
std::string excerpt(std::string_view text) {
  if (text.size() <= 30) return std::string(text);
  return fmt::format("{}...", text.substr(0, 30));
}

struct LogicalLine {
  std::string text;
  int first_line = 0;
  int last_line = 0;
};

// Reads physical lines from bytes[pos...] into one logical line, as Postfix's readllines().
class LineReader {
 public:
  explicit LineReader(std::string_view bytes) : bytes_(bytes) {}

  // Returns false at end of input with nothing read.
  bool next(LogicalLine& out) {
    out.text.clear();
    out.first_line = 0;
    for (;;) {
      size_t start = out.text.size();
      bool saw_newline = false;
      size_t nl = bytes_.find('\n', pos_);
      size_t end = nl == std::string_view::npos ? bytes_.size() : nl;
      out.text.append(bytes_.data() + pos_, end - pos_);
      pos_ = end;
      if (nl != std::string_view::npos) {
        saw_newline = true;
        ++pos_;
      }
      if (saw_newline || out.text.size() > start) ++lineno_;
      size_t cp = start;
      while (cp < out.text.size() && is_postfix_space(out.text[cp])) ++cp;
      if (cp == out.text.size() || out.text[cp] == '#') {
        out.text.resize(start);
      } else if (start == 0) {
        out.first_line = lineno_;
      }
      if (!saw_newline) break;  // end of input
      if (!out.text.empty()) {
        if (pos_ >= bytes_.size()) break;
        char next = bytes_[pos_];
        if (next != '#' && !is_postfix_space(next)) break;
      }
    }
    out.last_line = lineno_;
    return !out.text.empty();
  }

 private:
  std::string_view bytes_;
  size_t pos_ = 0;
  int lineno_ = 0;
};

}  // namespace

const Definition* MainCf::find(std::string_view name) const {
  for (auto it = definitions.rbegin(); it != definitions.rend(); ++it) {
    if (it->name == name) return &*it;
  }
  return nullptr;
}

std::map<std::string, std::string, std::less<>> MainCf::effective() const {
  std::map<std::string, std::string, std::less<>> out;
  for (const auto& d : definitions) out[d.name] = d.value;
  return out;
}

MainCf read_main_cf(std::string_view bytes, std::string_view file) {
  MainCf cf;
  cf.file = std::string(file);
  LineReader reader(bytes);
  LogicalLine line;
  std::map<std::string, size_t, std::less<>> seen;  // name -> index of its latest definition
  while (reader.next(line)) {
    if (is_postfix_space(line.text[0])) {
      cf.warnings.push_back({cf.file, line.first_line,
                             fmt::format("logical line must not start with whitespace: \"{}\"",
                                         excerpt(line.text))});
      continue;
    }
    if (size_t nul = line.text.find('\0'); nul != std::string::npos) {
      cf.warnings.push_back({cf.file, line.first_line,
                             fmt::format("logical line contains a NUL byte; text after it is "
                                         "ignored, as postconf does: \"{}\"",
                                         excerpt(line.text.substr(0, nul)))});
      line.text.resize(nul);
    }
    const std::string& t = line.text;
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
      cf.error = Diagnostic{
          cf.file, line.first_line,
          fmt::format("missing '=' after parameter name: \"{}\"", excerpt(t))};
      break;
    }
    ++cp;
    while (cp < t.size() && is_postfix_space(t[cp])) ++cp;
    size_t vend = t.size();
    while (vend > cp && is_postfix_space(t[vend - 1])) --vend;
    Definition def{t.substr(np, ep - np), t.substr(cp, vend - cp), line.first_line,
                   line.last_line};
    if (auto it = seen.find(def.name); it != seen.end()) {
      const Definition& old = cf.definitions[it->second];
      cf.warnings.push_back(
          {cf.file, def.first_line,
           fmt::format("overriding earlier entry (line {}): {}={}", old.first_line, old.name,
                       excerpt(old.value))});
      it->second = cf.definitions.size();
    } else {
      seen.emplace(def.name, cf.definitions.size());
    }
    cf.definitions.push_back(std::move(def));
  }
  return cf;
}

}  // namespace pfmulti
