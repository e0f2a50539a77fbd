// The lossless main.cf editor (see main_cf_edit.h). The reader (model/main_cf/main_cf.h) says which
// physical lines make up each definition; the editor rewrites only those lines. Before returning,
// it re-reads its own output and checks the law it promises (the edited names have their new
// values, every other name keeps its effective value, the file still reads without error), so a
// file that would not say what was asked is never handed out.
#include "model/main_cf/main_cf_edit.h"

#include <fmt/format.h>

#include <map>

#include "model/main_cf/main_cf.h"

namespace pfmulti {
namespace {

bool is_content_line(std::string_view text) {
  size_t i = 0;
  while (i < text.size() && is_postfix_space(text[i])) ++i;
  return i < text.size() && text[i] != '#';
}

std::string trim(std::string_view s) {
  size_t b = 0, e = s.size();
  while (b < e && is_postfix_space(s[b])) ++b;
  while (e > b && is_postfix_space(s[e - 1])) --e;
  return std::string(s.substr(b, e - b));
}

}  // namespace

std::vector<PhysicalLine> physical_lines(std::string_view bytes) {
  std::vector<PhysicalLine> out;
  size_t pos = 0;
  while (pos < bytes.size()) {
    size_t nl = bytes.find('\n', pos);
    if (nl == std::string_view::npos) {
      out.push_back({bytes.substr(pos), {}});
      break;
    }
    out.push_back({bytes.substr(pos, nl - pos), bytes.substr(nl, 1)});
    pos = nl + 1;
  }
  return out;
}

std::string check_parameter_edit(const ParameterEdit& edit) noexcept {
  const std::string& n = edit.name;
  if (n.empty()) return "empty parameter name";
  if (n.front() == '#') return fmt::format("parameter name starts with '#': \"{}\"", n);
  for (char c : n) {
    if (is_postfix_space(c) || c == '=' || c == '\0')
      return fmt::format("bad character in parameter name \"{}\"", n);
  }
  if (edit.kind == ParameterEdit::Kind::kSet) {
    if (edit.value.find('\n') != std::string::npos)
      return fmt::format("multi-line value for parameter {}", n);
    if (edit.value.find('\0') != std::string::npos)
      return fmt::format("NUL byte in the value of parameter {}", n);
  }
  return {};
}

Result<std::string> edit_main_cf(std::string_view bytes, const std::vector<ParameterEdit>& edits,
                                 std::string_view file) noexcept {
  using Kind = ParameterEdit::Kind;
  std::map<std::string, ParameterEdit, std::less<>> wanted;
  for (const ParameterEdit& e : edits) {
    if (std::string why = check_parameter_edit(e); !why.empty())
      return Result<std::string>::fail(fmt::format("cannot edit {}: {}", file, why));
    ParameterEdit clean = e;
    if (clean.kind == Kind::kSet) clean.value = trim(clean.value);
    wanted[clean.name] = std::move(clean);
  }

  MainCf cf = read_main_cf(bytes, file);
  if (cf.error)
    return Result<std::string>::fail(fmt::format("cannot edit {}: {}", file, cf.error->str()));

  std::vector<PhysicalLine> lines = physical_lines(bytes);
  // What happens to each physical line: 0 keep, 1 replace (first line of a set definition),
  // 2 drop, 3 comment out.
  std::vector<int> fate(lines.size(), 0);
  std::map<std::string, bool, std::less<>> found;
  for (const Definition& d : cf.definitions) {
    auto it = wanted.find(d.name);
    if (it == wanted.end()) continue;
    found[d.name] = true;
    for (int ln = d.first_line; ln <= d.last_line; ++ln) {
      size_t i = static_cast<size_t>(ln - 1);
      if (i >= lines.size()) break;
      bool first = ln == d.first_line;
      if (!first && !is_content_line(lines[i].text)) continue;  // interior comment or blank
      switch (it->second.kind) {
        case Kind::kSet:
          fate[i] = first ? 1 : 2;
          break;
        case Kind::kRemove:
          fate[i] = 2;
          break;
        case Kind::kCommentOut:
          fate[i] = 3;
          break;
      }
    }
  }

  std::string out;
  out.reserve(bytes.size() + 64);
  for (size_t i = 0; i < lines.size(); ++i) {
    const PhysicalLine& l = lines[i];
    switch (fate[i]) {
      case 0:
        out.append(l.text).append(l.eol);
        break;
      case 1: {
        // The name as the reader saw it: up to white space or '='.
        size_t e = 0;
        while (e < l.text.size() && !is_postfix_space(l.text[e]) && l.text[e] != '=') ++e;
        const ParameterEdit& pe = wanted.find(l.text.substr(0, e))->second;
        bool cr = !l.text.empty() && l.text.back() == '\r';
        out += fmt::format("{} = {}", pe.name, pe.value);
        if (cr) out += '\r';
        out.append(l.eol);
        break;
      }
      case 2:
        break;
      case 3:
        out.append("#").append(l.text).append(l.eol);
        break;
    }
  }

  // New definitions, in name order, as postconf -e appends them.
  bool crlf = !lines.empty() && !lines.back().eol.empty() && !lines.back().text.empty() &&
              lines.back().text.back() == '\r';
  const std::string_view eol = crlf ? std::string_view("\r\n") : std::string_view("\n");
  bool appended_any = false;
  for (const auto& [name, pe] : wanted) {
    if (pe.kind != Kind::kSet || found.count(name)) continue;
    if (!appended_any && !out.empty() && out.back() != '\n') out.append(eol);
    appended_any = true;
    out += fmt::format("{} = {}{}", pe.name, pe.value, eol);
  }

  // The law, checked on the output before anyone writes it.
  MainCf after = read_main_cf(out, file);
  auto expect = cf.effective();
  for (const auto& [name, pe] : wanted) {
    if (pe.kind == Kind::kSet)
      expect[name] = pe.value;
    else
      expect.erase(name);
  }
  if (after.error || after.effective() != expect)
    return Result<std::string>::fail(fmt::format(
        "internal error: editing {} would not give the intended settings; nothing changed", file));
  return Result<std::string>::ok(std::move(out));
}

}  // namespace pfmulti
