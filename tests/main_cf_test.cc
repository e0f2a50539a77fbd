// Unit tests for the main.cf reader (model/main_cf/main_cf.h; spec/rules.md R1-R9). Expected values
// were checked against real postconf 3.7.11 (the differential suite re-checks them automatically).
#include "model/main_cf/main_cf.h"

#include <gtest/gtest.h>

namespace pfmulti {
namespace {

std::string value_of(std::string_view bytes, std::string_view name) {
  MainCf cf = read_main_cf(bytes, "main.cf");
  const Definition* d = cf.find(name);
  return d ? d->value : "<undefined>";
}

TEST(MainCf, TrimsWhiteSpaceAroundEqualsAndAtEnd) {
  EXPECT_EQ(value_of("a   =   b c  \t\n", "a"), "b c");
}

TEST(MainCf, ContinuationJoinsWithoutSeparatorAcrossCommentsAndBlankLines) {
  MainCf cf = read_main_cf("a = x\n  y\n# c\n\n\tz\nb = 1\n", "main.cf");
  ASSERT_EQ(cf.definitions.size(), 2u);
  EXPECT_EQ(cf.definitions[0].value, "x  y\tz");
  EXPECT_EQ(cf.definitions[0].first_line, 1);
  EXPECT_EQ(cf.definitions[0].last_line, 5);
  EXPECT_EQ(cf.definitions[1].first_line, 6);
}

TEST(MainCf, HashAfterTextIsNotAComment) { EXPECT_EQ(value_of("a = b # c\n", "a"), "b # c"); }

TEST(MainCf, IndentedCommentInsideContinuationIsDropped) {
  EXPECT_EQ(value_of("a = b\n   # c\n d\n", "a"), "b d");
}

TEST(MainCf, LeadingWhiteSpaceLineIsDroppedWithWarning) {
  MainCf cf = read_main_cf(" a = 1\n  more\nb = 2\n", "main.cf");
  ASSERT_EQ(cf.definitions.size(), 1u);
  EXPECT_EQ(cf.definitions[0].name, "b");
  ASSERT_EQ(cf.warnings.size(), 1u);
  EXPECT_NE(cf.warnings[0].message.find("must not start with whitespace"), std::string::npos);
}

TEST(MainCf, LastDefinitionWinsAndOverrideWarns) {
  MainCf cf = read_main_cf("a = 1\na = 2\n", "main.cf");
  EXPECT_EQ(cf.find("a")->value, "2");
  ASSERT_EQ(cf.warnings.size(), 1u);
  EXPECT_EQ(cf.warnings[0].line, 2);
  EXPECT_EQ(cf.effective().at("a"), "2");
}

TEST(MainCf, CrLfLineEndsAreWhiteSpace) { EXPECT_EQ(value_of("a = b\r\nc = d\r\n", "a"), "b"); }

TEST(MainCf, NulEndsTheLogicalLine) {
  std::string bytes("a = x\0y\n  z\nb = 2\n", 18);
  MainCf cf = read_main_cf(bytes, "main.cf");
  EXPECT_EQ(cf.find("a")->value, "x");
  EXPECT_EQ(cf.find("b")->value, "2");
  EXPECT_EQ(cf.warnings.size(), 1u);
}

TEST(MainCf, MissingEqualsIsFatalWithLine) {
  MainCf cf = read_main_cf("a = 1\n\nbogus\n", "/etc/postfix/main.cf");
  ASSERT_TRUE(cf.error.has_value());
  EXPECT_EQ(cf.error->line, 3);
  EXPECT_EQ(cf.error->str(),
            "/etc/postfix/main.cf, line 3: missing '=' after parameter name: \"bogus\"");
}

TEST(MainCf, MissingNameIsFatal) {
  MainCf cf = read_main_cf("= x\n", "main.cf");
  ASSERT_TRUE(cf.error.has_value());
  EXPECT_NE(cf.error->message.find("missing parameter name"), std::string::npos);
}

TEST(MainCf, NoTrailingNewlineAndEmptyInput) {
  EXPECT_EQ(value_of("a = b", "a"), "b");
  MainCf cf = read_main_cf("", "main.cf");
  EXPECT_TRUE(cf.definitions.empty());
  EXPECT_FALSE(cf.error.has_value());
}

TEST(MainCf, NonUtf8BytesAreKept) { EXPECT_EQ(value_of("a = \xff\x01 t\n", "a"), "\xff\x01 t"); }

}  // namespace
}  // namespace pfmulti
