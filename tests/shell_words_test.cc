// Unit tests for shell field splitting and pathname expansion (model/text/shell_words.h;
// spec/rules.md R51-R53), following POSIX sh and fnmatch(FNM_PATHNAME | FNM_PERIOD).
#include "model/text/shell_words.h"

#include <gtest/gtest.h>

namespace pfmulti {
namespace {

TEST(ShellWords, IfsSplitIgnoresCommasAndCarriageReturns) {
  EXPECT_EQ(ifs_split(" a,b \t c\n\nd\r "), (std::vector<std::string>{"a,b", "c", "d\r"}));
  EXPECT_TRUE(ifs_split(" \t\n").empty());
}

TEST(ShellWords, SedReplacesFirstCommaPerLine) {
  EXPECT_EQ(sed_first_comma("a,b,c"), "a b,c");
  EXPECT_EQ(sed_first_comma("a,b\nc,d"), "a b\nc d");
  EXPECT_EQ(sed_first_comma("abc"), "abc");
}

TEST(ShellWords, GlobMatchesComponentWise) {
  EXPECT_TRUE(glob_match("/etc/postfix-*", "/etc/postfix-a"));
  EXPECT_FALSE(glob_match("/etc/postfix-*", "/etc/postfix-a/main.cf"));
  EXPECT_FALSE(glob_match("/etc/*", "/etc/.hidden"));
  EXPECT_TRUE(glob_match("/etc/.h*", "/etc/.hidden"));
  EXPECT_TRUE(glob_match("/etc/p[a-c]", "/etc/pb"));
  EXPECT_FALSE(glob_match("/etc/p[!a-c]", "/etc/pb"));
  EXPECT_TRUE(glob_match("/etc/p[!a-c]", "/etc/pz"));
  EXPECT_FALSE(glob_match("/etc/p?", "/etc/p/"));
  EXPECT_TRUE(glob_match("/etc/p[", "/etc/p["));  // unclosed bracket is literal
  EXPECT_EQ(glob_expand("/e/*", {"/e/b", "/e/a", "/e/a/x"}, ""),
            (std::vector<std::string>{"/e/a", "/e/b"}));
  EXPECT_EQ(glob_expand("/n*", {"/e/a"}, ""), (std::vector<std::string>{"/n*"}));
  EXPECT_EQ(glob_expand("p*", {"/q/pa", "/q/pb"}, "/q"), (std::vector<std::string>{"pa", "pb"}));
  EXPECT_EQ(glob_expand("p*", {"/q/pa"}, ""), (std::vector<std::string>{"p*"}));
}

}  // namespace
}  // namespace pfmulti
