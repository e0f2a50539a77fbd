// Regression tests for bugs found by fuzzing (fuzz/*.cc). Each test is named after the law it
// pins down; its input is also in the harness's corpus (fuzz/corpus/<target>/), named below.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "model/main_cf/config.h"
#include "model/main_cf/main_cf.h"
#include "model/main_cf/param_defaults.h"
#include "model/postmulti/postmulti_command.h"
#include "model/text/json.h"
#include "model/text/strings.h"

namespace pfmulti {
namespace {

Config make_config(const std::string& text) {
  return Config(read_main_cf(text, "main.cf"), compiled_defaults(), "/etc/postfix-fuzz");
}

std::string repeat(const std::string& s, int n) {
  std::string out;
  for (int i = 0; i < n; ++i) out += s;
  return out;
}

// fuzz/corpus/main_cf_expand/chain_nesting.cf: c1 = $c2 ... c105 = $c106, c106 = end.
// The chain is deeper than kMacroNestingLimit, so c1 fails. Found: once c6 had been memoized (by
// expanding it first), expanding c1 failed with a message naming c6 instead of the message a
// fresh expansion gives.
TEST(FuzzRegression, NestingErrorMessageDoesNotDependOnMemo) {
  std::string text;
  for (int i = 1; i <= 105; ++i) text += fmt::format("c{} = $c{}\n", i, i + 1);
  text += "c106 = end\n";
  Config fresh = make_config(text);
  auto want = fresh.expand("c1");
  ASSERT_FALSE(want);
  EXPECT_NE(want.error().find("unreasonable macro call nesting"), std::string::npos);
  Config warmed = make_config(text);
  ASSERT_TRUE(warmed.expand("c6"));
  auto got = warmed.expand("c1");
  ASSERT_FALSE(got);
  EXPECT_EQ(got.error(), want.error());
}

// fuzz/corpus/main_cf_expand/memo_total_depth.cf: x nests 400 relational expressions (800 levels
// of total nesting), y nests 150 around $x: 300 + 1 + 800 > kMaxTotalNesting, so y fails. Found:
// once x had been memoized, y succeeded, because memo entries did not record their total nesting.
TEST(FuzzRegression, TotalNestingLimitDoesNotDependOnMemo) {
  std::string text = "x = " + repeat("${{", 400) + "x" + repeat("} == {x}}", 400) + "\n" +
                     "y = " + repeat("${{", 150) + "$x" + repeat("} == {}}", 150) + "\n";
  Config fresh = make_config(text);
  auto want = fresh.expand("y");
  ASSERT_FALSE(want);
  EXPECT_NE(want.error().find("nested deeper than"), std::string::npos);
  Config warmed = make_config(text);
  ASSERT_TRUE(warmed.expand("x"));
  auto got = warmed.expand("y");
  ASSERT_FALSE(got) << "y expanded to \"" << *got << "\" once x was memoized";
  EXPECT_EQ(got.error(), want.error());
  // And x itself still expands after y failed.
  EXPECT_TRUE(warmed.expand("x"));
}

// fuzz/corpus/postmulti_command/regression-edit-action-control-bytes: "-e" with an action holding
// a newline and bytes that are not UTF-8. Found: the refusal quoted the value as given, so the
// "one line" fatal message spanned two lines. Real postmulti 3.7 prints '?' for each such byte
// and keeps UTF-8 (tests/postmulti_options/cases.txt has the same case against it).
TEST(FuzzRegression, PostmultiRefusalIsOnePrintableLine) {
  std::string action = "a\nb\x9c\xc3\xa9\tc";
  PostmultiParse p = parse_postmulti_command({"postmulti", "-e", action});
  ASSERT_TRUE(p.refusal);
  EXPECT_EQ(p.refusal->message,
            "Invalid '-e' edit action 'a?b?\xc3\xa9?c'. Specify 'create', 'destroy', 'import', "
            "'deport', 'enable', 'disable', 'assign' or 'init'");
  // The usage message names argv[0]: printable too.
  PostmultiParse u = parse_postmulti_command({"post\x01multi", "-Z"});
  ASSERT_TRUE(u.refusal);
  EXPECT_EQ(u.refusal->message.find('\x01'), std::string::npos);
  EXPECT_NE(u.refusal->message.find("post?multi -l"), std::string::npos);
}

TEST(FuzzRegression, PostfixPrintableKeepsUtf8AndPrintableAscii) {
  EXPECT_EQ(postfix_printable("plain text ~"), "plain text ~");
  EXPECT_EQ(postfix_printable("\t\r\n\x7f\x01"), "?????");
  EXPECT_EQ(postfix_printable("\xc3\xa9\xe2\x82\xac"), "\xc3\xa9\xe2\x82\xac");
  EXPECT_EQ(postfix_printable("\x9c\xc3"), "??");  // a lone continuation, a cut-off lead
  EXPECT_EQ(postfix_printable("\xc0\x80"), "??");  // 0xc0/0xc1 never lead (overlong)
}

// fuzz/corpus/scenario_json/regression-double-looks-like-integer ("-0.0") and the seed
// json-values ("-2.5e3"). Found: a double with an integral value printed as "-0" / "-2500", which
// reads back as the integer 0 / -2500: the value changed type (and -0.0 its sign), so printing
// was not a fixed point.
TEST(FuzzRegression, JsonDoubleReadsBackAsTheSameDouble) {
  for (std::string_view text : {"-0.0", "-2.5e3", "1e300", "0.1", "[2.0, 2]"}) {
    auto v = parse_json(text);
    ASSERT_TRUE(v) << text;
    for (int indent : {-1, 2}) {
      auto again = parse_json(to_json(*v, indent));
      ASSERT_TRUE(again) << to_json(*v, indent);
      EXPECT_EQ(*again, *v) << text << " printed as " << to_json(*v, indent);
    }
  }
  EXPECT_EQ(to_json(Json(-2500.0), -1), "-2500.0");
  EXPECT_EQ(to_json(Json(-0.0), -1), "-0.0");
  EXPECT_EQ(to_json(Json(int64_t{-2500}), -1), "-2500");
}

}  // namespace
}  // namespace pfmulti
