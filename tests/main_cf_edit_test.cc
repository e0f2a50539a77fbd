// Tests for the lossless main.cf editor (model/main_cf/main_cf_edit.h): unit cases for each edit
// kind and layout, and rapidcheck laws over arbitrary main.cf bytes (tests/arbitrary_main_cf.h):
//   L1 an edit of a readable file gives the intended value for each edited name and the same
//      effective value for every other name;
//   L2 the output differs from the input only in the edited logical lines (and the appended
//      ones): every other physical line is kept, byte for byte, in order;
//   L3 editing is idempotent;
//   L4 a file real Postfix cannot read is refused, whatever the edit.
// rapidcheck prints the seed of a failing run; each shrunk failure becomes a named test below.
#include "model/main_cf/main_cf_edit.h"

#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include <cstdlib>
#include <map>

#include "arbitrary_main_cf.h"
#include "model/main_cf/main_cf.h"

namespace pfmulti {
namespace {

// 1000 cases per law unless the caller set RC_PARAMS (rapidcheck reads it on first use).
const bool kParamsSet = [] {
  setenv("RC_PARAMS", "max_success=1000", 0);
  return true;
}();

std::string edited(std::string_view bytes, std::vector<ParameterEdit> edits) {
  auto r = edit_main_cf(bytes, edits, "main.cf");
  return r ? *r : "ERROR: " + r.error();
}

TEST(MainCfEdit, ReplacesTheDefinitionInPlace) {
  EXPECT_EQ(edited("# head\na = 1\nb = 2\n", {set_param("a", "x")}), "# head\na = x\nb = 2\n");
}

TEST(MainCfEdit, AppendsUnknownNamesInNameOrder) {
  EXPECT_EQ(edited("a = 1\n", {set_param("z", "1"), set_param("m", "2")}), "a = 1\nm = 2\nz = 1\n");
}

TEST(MainCfEdit, AppendsAfterAFinalLineWithoutNewline) {
  EXPECT_EQ(edited("a = 1", {set_param("b", "2")}), "a = 1\nb = 2\n");
  EXPECT_EQ(edited("# only a comment", {set_param("b", "2")}), "# only a comment\nb = 2\n");
  EXPECT_EQ(edited("", {set_param("b", "2")}), "b = 2\n");
}

TEST(MainCfEdit, ReplacingTheLastLineWithoutNewlineKeepsItWithout) {
  EXPECT_EQ(edited("b = 1\na = 1", {set_param("a", "2")}), "b = 1\na = 2");
}

TEST(MainCfEdit, DropsContinuationLinesButKeepsCommentsAndBlankLinesInside) {
  EXPECT_EQ(edited("a = 1\n  2\n# note\n\n\t3\nb = 4\n", {set_param("a", "x")}),
            "a = x\n# note\n\nb = 4\n");
}

TEST(MainCfEdit, EveryDefinitionOfTheNameIsReplacedAsPostconfDoes) {
  EXPECT_EQ(edited("a = 1\nb = 2\na = 3\n", {set_param("a", "x")}), "a = x\nb = 2\na = x\n");
}

TEST(MainCfEdit, KeepsCrLfOnTheReplacedLineAndAppendsCrLf) {
  EXPECT_EQ(edited("a = 1\r\nb = 2\r\n", {set_param("a", "x"), set_param("c", "y")}),
            "a = x\r\nb = 2\r\nc = y\r\n");
}

TEST(MainCfEdit, KeepsOddBytesUnknownNamesAndLayoutElsewhere) {
  std::string in("weird\t =\tv\x80\xff  \n#\x01 comment\nunknown_thing=1\n  cont\na = 1\n");
  std::string out = edited(in, {set_param("a", "2")});
  EXPECT_EQ(out, in.substr(0, in.size() - 6) + "a = 2\n");
}

TEST(MainCfEdit, TrimsTheValueAsPostconfDoes) {
  EXPECT_EQ(edited("", {set_param("a", "  v w \t")}), "a = v w\n");
  EXPECT_EQ(edited("", {set_param("a", "")}), "a = \n");
}

TEST(MainCfEdit, CommentOutPrefixesEveryPhysicalLineOfTheDefinition) {
  EXPECT_EQ(edited("a = 1\n  2\n# c\n b\nc = 3\n", {comment_out_param("a")}),
            "#a = 1\n#  2\n# c\n# b\nc = 3\n");
}

TEST(MainCfEdit, CommentOutOfAnUndefinedNameChangesNothing) {
  EXPECT_EQ(edited("a = 1\n", {comment_out_param("b")}), "a = 1\n");
}

TEST(MainCfEdit, RemoveDropsTheDefinitionOnly) {
  EXPECT_EQ(edited("x = 0\na = 1\n  2\n# c\nb = 3\n", {remove_param("a")}), "x = 0\n# c\nb = 3\n");
}

TEST(MainCfEdit, RefusesAFilePostfixCannotRead) {
  auto r = edit_main_cf("a = 1\nbogus\n", {set_param("a", "2")}, "/etc/postfix/main.cf");
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().find("/etc/postfix/main.cf, line 2"), std::string::npos) << r.error();
}

TEST(MainCfEdit, RefusesBadRequests) {
  EXPECT_FALSE(edit_main_cf("", {set_param("a", "x\ny")}, "f"));
  EXPECT_FALSE(edit_main_cf("", {set_param("a b", "x")}, "f"));
  EXPECT_FALSE(edit_main_cf("", {set_param("a=", "x")}, "f"));
  EXPECT_FALSE(edit_main_cf("", {set_param("#a", "x")}, "f"));
  EXPECT_FALSE(edit_main_cf("", {set_param("", "x")}, "f"));
  EXPECT_FALSE(edit_main_cf("", {set_param("a", std::string("x\0y", 3))}, "f"));
}

TEST(MainCfEdit, ALineStartingWithWhiteSpaceBeforeAnyDefinitionStaysDropped) {
  // Postfix drops it (with a warning); the editor keeps its bytes and does not revive it.
  EXPECT_EQ(edited("  a = 1\nb = 2\n", {set_param("a", "3")}), "  a = 1\nb = 2\na = 3\n");
}

// Found by the postconf -e differential (tests/lifecycle_e2e/postconf_edit_diff.cc): real
// postconf 3.7 -e appends right after a last line without a newline, so a final comment
// swallows the new setting, and it cuts a line at a NUL byte together with its newline. The
// editor does neither.
TEST(MainCfEditRegression, SettingAppendedAfterAFinalCommentWithoutNewlineIsNotSwallowed) {
  std::string out = edited("q = 1\n#=\t\n# ", {set_param("multi_instance_enable", "v1/v")});
  EXPECT_EQ(out, "q = 1\n#=\t\n# \nmulti_instance_enable = v1/v\n");
  EXPECT_EQ(read_main_cf(out, "main.cf").find("multi_instance_enable")->value, "v1/v");
}

TEST(MainCfEditRegression, SettingAppendedAfterAFinalBlankLineWithoutNewlineIsNotContinuation) {
  std::string out = edited("a = \n \t ", {set_param("b", "x")});
  EXPECT_EQ(read_main_cf(out, "main.cf").find("a")->value, "");
  EXPECT_EQ(read_main_cf(out, "main.cf").find("b")->value, "x");
}

TEST(MainCfEditRegression, ALineWithANulByteKeepsItsBytesAndItsNewline) {
  const char raw[] = "multi_instance_group = )}_=\0$$\np = \n";
  std::string in(raw, sizeof raw - 1);
  std::string out = edited(in, {set_param("multi_instance_enable", "v")});
  EXPECT_EQ(out, in + "multi_instance_enable = v\n");
  MainCf cf = read_main_cf(out, "main.cf");
  EXPECT_EQ(cf.find("multi_instance_group")->value, ")}_=");
  EXPECT_EQ(cf.find("p")->value, "");
}

// ---------- properties ----------

struct EditCase {
  arb::MainCfCase file;
  std::vector<ParameterEdit> edits;
};

void showValue(const EditCase& c, std::ostream& os) {
  arb::showValue(c.file, os);
  for (const auto& e : c.edits)
    os << "\n  edit " << static_cast<int>(e.kind) << " " << e.name << " \""
       << arb::escape_bytes(e.value) << "\"";
}

rc::Gen<ParameterEdit> arbitrary_edit() {
  auto names = rc::gen::weightedOneOf<std::string>(
      {{6, rc::gen::elementOf(arb::user_names())},
       {6, rc::gen::elementOf(arb::target_names())},
       {2, rc::gen::element<std::string>("brand_new", "multi_instance_enable")}});
  return rc::gen::map(rc::gen::tuple(names, arb::edit_value(),
                                     rc::gen::weightedElement<int>({{8, 0}, {1, 1}, {1, 2}})),
                      [](std::tuple<std::string, std::string, int> t) {
                        ParameterEdit e;
                        e.kind = static_cast<ParameterEdit::Kind>(std::get<2>(t));
                        e.name = std::get<0>(t);
                        if (e.kind == ParameterEdit::Kind::kSet) e.value = std::get<1>(t);
                        return e;
                      });
}

rc::Gen<EditCase> arbitrary_edit_case() {
  return rc::gen::map(
      rc::gen::pair(
          arb::arbitrary_main_cf(),
          rc::gen::resize(3, rc::gen::nonEmpty(rc::gen::container<std::vector<ParameterEdit>>(
                                 arbitrary_edit())))),
      [](std::pair<arb::MainCfCase, std::vector<ParameterEdit>> p) {
        return EditCase{std::move(p.first), std::move(p.second)};
      });
}

std::string trim(std::string_view s) {
  size_t b = 0, e = s.size();
  while (b < e && is_postfix_space(s[b])) ++b;
  while (e > b && is_postfix_space(s[e - 1])) --e;
  return std::string(s.substr(b, e - b));
}

// The last edit of each name.
std::map<std::string, ParameterEdit> final_edits(const std::vector<ParameterEdit>& edits) {
  std::map<std::string, ParameterEdit> out;
  for (const auto& e : edits) out[e.name] = e;
  return out;
}

bool is_content(std::string_view t) {
  size_t i = 0;
  while (i < t.size() && is_postfix_space(t[i])) ++i;
  return i < t.size() && t[i] != '#';
}

void check_laws(const std::string& in, const std::vector<ParameterEdit>& edits) {
  MainCf before = read_main_cf(in, "main.cf");
  auto r = edit_main_cf(in, edits, "main.cf");
  RC_CLASSIFY(before.error.has_value(), "unreadable file: refused");
  if (before.error) {
    // L4
    RC_ASSERT(!r);
    return;
  }
  RC_ASSERT(r.is_ok());
  const std::string& out = *r;
  auto fin = final_edits(edits);

  // L1
  MainCf after = read_main_cf(out, "main.cf");
  RC_ASSERT(!after.error);
  auto want = before.effective();
  for (const auto& [name, e] : fin) {
    if (e.kind == ParameterEdit::Kind::kSet)
      want[name] = trim(e.value);
    else
      want.erase(name);
  }
  RC_ASSERT(after.effective() == want);

  // L2: the physical lines that belong to no edited definition, in order, must appear in the
  // output in order; every other output line is an edit line.
  auto in_lines = physical_lines(in);
  std::vector<bool> edited_line(in_lines.size(), false);
  int edited_definitions = 0;
  for (const Definition& d : before.definitions) {
    if (!fin.count(d.name)) continue;
    ++edited_definitions;
    for (int ln = d.first_line; ln <= d.last_line; ++ln)
      if (ln == d.first_line || is_content(in_lines[ln - 1].text)) edited_line[ln - 1] = true;
  }
  std::vector<std::string> kept;
  for (size_t i = 0; i < in_lines.size(); ++i)
    if (!edited_line[i]) kept.push_back(std::string(in_lines[i].text));
  auto out_lines = physical_lines(out);
  size_t k = 0;
  int extra_set_lines = 0;
  for (const auto& l : out_lines) {
    std::string text(l.text);
    if (k < kept.size() && text == kept[k]) {
      ++k;
      continue;
    }
    // Not a kept line: it must be an edit line.
    bool ok = false;
    for (const auto& [name, e] : fin) {
      std::string set_line = name + " = " + trim(e.value);
      if (e.kind == ParameterEdit::Kind::kSet && (text == set_line || text == set_line + "\r"))
        ok = true;
      if (e.kind == ParameterEdit::Kind::kCommentOut && !text.empty() && text[0] == '#') ok = true;
    }
    RC_ASSERT(ok);
    if (text[0] != '#') ++extra_set_lines;
  }
  RC_ASSERT(k == kept.size());
  // One line per replaced definition plus one per appended name, no more.
  int appended = 0;
  for (const auto& [name, e] : fin)
    if (e.kind == ParameterEdit::Kind::kSet && !before.find(name)) ++appended;
  int replaced = 0;
  for (const Definition& d : before.definitions) {
    auto it = fin.find(d.name);
    if (it != fin.end() && it->second.kind == ParameterEdit::Kind::kSet) ++replaced;
  }
  RC_ASSERT(extra_set_lines == replaced + appended);
  (void)edited_definitions;

  // L3
  auto again = edit_main_cf(out, edits, "main.cf");
  RC_ASSERT(again.is_ok());
  bool only_sets = true;
  for (const auto& e : edits) only_sets = only_sets && e.kind == ParameterEdit::Kind::kSet;
  if (only_sets) RC_ASSERT(*again == out);
}

RC_GTEST_PROP(MainCfEditLaws, EditGivesIntendedValueKeepsOthersTouchesOnlyEditedLinesIdempotent,
              ()) {
  EditCase c = *arbitrary_edit_case();
  check_laws(arb::render(c.file), c.edits);
}

RC_GTEST_PROP(MainCfEditLaws, EditOfArbitraryBytesNeverBreaksAReadableFile, ()) {
  // Raw bytes rather than structured files: lines of odd characters, continuations, CRs.
  std::string in = *rc::gen::container<std::string>(rc::gen::weightedElement<char>({{10, 'p'},
                                                                                    {5, 'q'},
                                                                                    {8, ' '},
                                                                                    {4, '='},
                                                                                    {6, '\n'},
                                                                                    {2, '\t'},
                                                                                    {2, '#'},
                                                                                    {1, '\r'},
                                                                                    {1, '\0'},
                                                                                    {1, '\x80'}}));
  auto edits = *rc::gen::nonEmpty(rc::gen::container<std::vector<ParameterEdit>>(rc::gen::map(
      rc::gen::pair(rc::gen::element<std::string>("p", "q", "pq"), arb::edit_value()),
      [](std::pair<std::string, std::string> p) { return set_param(p.first, p.second); })));
  check_laws(in, edits);
}

}  // namespace
}  // namespace pfmulti
