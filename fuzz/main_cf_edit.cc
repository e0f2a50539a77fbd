// libFuzzer harness for the lossless main.cf editor (model/main_cf/main_cf_edit.h; postconf -e,
// -#, -X). Input: edit lines, a line "%%", then the main.cf bytes. An edit line is "sNAME VALUE"
// (set), "cNAME" (comment out) or "rNAME" (remove). Without a "%%" line the whole input is the
// file and the edits are made up from it: set its first name, remove its second, comment out its
// third, set a new name. Laws:
//  E1  edit_main_cf succeeds exactly when every request passes check_parameter_edit and the file
//      reads without a fatal error; it never gives its "internal error" (its own self-check).
//  E2  Reading the result gives no error and exactly the intended effective values: the input's,
//      with each set name at its trimmed value and each removed or commented-out name gone (the
//      last edit of a name wins).
//  E3  Every byte outside the edited definitions is unchanged: the input's physical lines without
//      the content lines of edited definitions are a subsequence of the output's lines, byte for
//      byte (line ending included, but the last one, which may gain a newline when a definition is
//      appended), and every other output line is "NAME = VALUE" (CR kept) for a set NAME, or '#'
//      followed by a content line of a commented-out definition.
//  E4  Editing is idempotent: the same edits on the result give the result.
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz/fuzz_law.h"
#include "model/main_cf/main_cf.h"
#include "model/main_cf/main_cf_edit.h"

namespace {

using namespace pfmulti;
using fuzz::show;

[[noreturn]] void violated(std::string_view law, std::string_view detail) {
  fuzz::violated("main_cf_edit", law, detail);
}

std::string trim(std::string_view s) {
  size_t b = 0, e = s.size();
  while (b < e && is_postfix_space(s[b])) ++b;
  while (e > b && is_postfix_space(s[e - 1])) --e;
  return std::string(s.substr(b, e - b));
}

bool is_content(std::string_view t) {
  size_t i = t.find_first_not_of(" \t\n\v\f\r");
  return i != std::string_view::npos && t[i] != '#';
}

std::vector<ParameterEdit> parse_edits(std::string_view spec) {
  std::vector<ParameterEdit> out;
  for (const PhysicalLine& l : physical_lines(spec)) {
    if (l.text.empty()) continue;
    std::string_view rest = l.text.substr(1);
    size_t sp = rest.find(' ');
    std::string name(rest.substr(0, sp));
    switch (l.text[0]) {
      case 's':
        out.push_back(set_param(
            name, sp == std::string_view::npos ? std::string() : std::string(rest.substr(sp + 1))));
        break;
      case 'c':
        out.push_back(comment_out_param(name));
        break;
      default:
        out.push_back(remove_param(name));
        break;
    }
  }
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > 8192) return 0;
  std::string_view in(reinterpret_cast<const char*>(data), size);
  std::string_view bytes = in;
  std::vector<ParameterEdit> edits;
  size_t sep = in.rfind("%%\n", 0) == 0 ? 0 : in.find("\n%%\n");
  if (sep != std::string_view::npos) {
    edits = parse_edits(in.substr(0, sep));
    bytes = in.substr(sep + (sep == 0 ? 3 : 4));
  }
  const MainCf cf = read_main_cf(bytes, "main.cf");
  if (sep == std::string_view::npos) {
    if (cf.definitions.size() > 0) edits.push_back(set_param(cf.definitions[0].name, " fuzz  1 "));
    if (cf.definitions.size() > 1) edits.push_back(remove_param(cf.definitions[1].name));
    if (cf.definitions.size() > 2) edits.push_back(comment_out_param(cf.definitions[2].name));
    edits.push_back(set_param("fuzz_new_parameter", "$myhostname, x"));
  }

  // E1
  bool good_request = true;
  std::map<std::string, ParameterEdit> wanted;
  for (const ParameterEdit& e : edits) {
    if (!check_parameter_edit(e).empty()) good_request = false;
    wanted[e.name] = e;
  }
  Result<std::string> r = edit_main_cf(bytes, edits, "main.cf");
  if (r.is_ok() != (good_request && !cf.error))
    violated("E1", fmt::format("edit {} though the request is {} and the file {}",
                               r ? "succeeded" : "failed: " + r.error(),
                               good_request ? "good" : "bad", cf.error ? "has an error" : "reads"));
  if (!r) return 0;
  const std::string& out = *r;

  // E2
  MainCf after = read_main_cf(out, "main.cf");
  auto expect = cf.effective();
  for (const auto& [name, e] : wanted) {
    if (e.kind == ParameterEdit::Kind::kSet)
      expect[name] = trim(e.value);
    else
      expect.erase(name);
  }
  if (after.error || after.effective() != expect)
    violated("E2",
             fmt::format("{} edited into {}: not the intended values", show(bytes), show(out)));

  // E3
  std::vector<PhysicalLine> in_lines = physical_lines(bytes);
  std::vector<bool> edited(in_lines.size(), false);
  for (const Definition& d : cf.definitions) {
    if (!wanted.count(d.name)) continue;
    for (int ln = d.first_line; ln <= d.last_line && static_cast<size_t>(ln) <= in_lines.size();
         ++ln) {
      size_t i = static_cast<size_t>(ln - 1);
      if (ln == d.first_line || is_content(in_lines[i].text)) edited[i] = true;
    }
  }
  std::vector<std::string> kept_in, commented;
  for (size_t i = 0; i < in_lines.size(); ++i) {
    std::string whole = std::string(in_lines[i].text) + std::string(in_lines[i].eol);
    if (!edited[i]) {
      kept_in.push_back(whole);
    } else {
      commented.push_back("#" + std::string(in_lines[i].text));
    }
  }
  std::vector<PhysicalLine> out_lines = physical_lines(out);
  size_t k = 0;
  for (size_t j = 0; j < out_lines.size(); ++j) {
    std::string text(out_lines[j].text);
    std::string whole = text + std::string(out_lines[j].eol);
    if (k < kept_in.size() &&
        (whole == kept_in[k] || (k + 1 == kept_in.size() && kept_in[k] == text))) {
      ++k;
      continue;
    }
    bool expected_new = false;
    std::string bare =
        !text.empty() && text.back() == '\r' ? text.substr(0, text.size() - 1) : text;
    for (const auto& [name, e] : wanted)
      if (e.kind == ParameterEdit::Kind::kSet && bare == name + " = " + trim(e.value))
        expected_new = true;
    for (const std::string& c : commented)
      if (text == c) expected_new = true;
    if (!expected_new)
      violated("E3",
               fmt::format("output line {} {} is neither kept nor an edit ({} edited into {})",
                           j + 1, show(whole), show(bytes), show(out)));
  }
  if (k != kept_in.size())
    violated("E3", fmt::format("input line {} is lost ({} edited into {})", show(kept_in[k]),
                               show(bytes), show(out)));

  // E4
  Result<std::string> again = edit_main_cf(out, edits, "main.cf");
  if (!again || *again != out)
    violated("E4", fmt::format("second edit of {} gives {}", show(out),
                               again ? show(*again) : again.error()));
  return 0;
}
