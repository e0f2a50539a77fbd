// Unit tests for the shared text and path helpers (model/text/strings.h): the separator sets the
// Postfix splitters use (ISSPACE, CHARS_SPACE, CHARS_COMMA_SP), and the path pieces each caller
// relies on (path_dirname's "." and "/", path_basename's empty result for a trailing slash).
#include "model/text/strings.h"

#include <gtest/gtest.h>

#include "model/main_cf/config.h"
#include "model/main_cf/main_cf.h"
#include "model/postfix/env_import.h"

namespace pfmulti {
namespace {

using Words = std::vector<std::string>;

TEST(Strings, SplitOnDropsEmptyFields) {
  EXPECT_EQ(split_on("", " "), Words{});
  EXPECT_EQ(split_on("   ", " "), Words{});
  EXPECT_EQ(split_on("a", " "), Words{"a"});
  EXPECT_EQ(split_on("  a  b ", " "), (Words{"a", "b"}));
  EXPECT_EQ(split_on("a,,b, c", kCommaOrSpace), (Words{"a", "b", "c"}));
  EXPECT_EQ(split_on("/bin:/usr/bin", ":"), (Words{"/bin", "/usr/bin"}));
}

TEST(Strings, SeparatorSetsAreExactlyPostfixs) {
  // ISSPACE: space \t \n \v \f \r, the set is_postfix_space() tests.
  for (int c = 0; c < 256; ++c) {
    bool in_set = kPostfixWhiteSpace.find(static_cast<char>(c)) != std::string_view::npos;
    EXPECT_EQ(in_set, is_postfix_space(static_cast<char>(c))) << c;
  }
  EXPECT_EQ(kPostfixWhiteSpace.size(), 6u);
  // CHARS_SPACE has no \v or \f: postfix(1) keeps them inside a multi_instance_wrapper word.
  EXPECT_EQ(kPostfixSpace, " \t\r\n");
  EXPECT_EQ(split_space("a\vb\tc\fd"), (Words{"a\vb", "c\fd"}));
  EXPECT_EQ(split_on("a\vb\tc", kPostfixWhiteSpace), (Words{"a", "b", "c"}));
  // CHARS_COMMA_SP: what main.cf lists split on; \v is part of an element.
  EXPECT_EQ(kCommaOrSpace, ", \t\r\n");
  EXPECT_EQ(split_list(" /a,/b\v/c\r\n/d,"), (Words{"/a", "/b\v/c", "/d"}));
}

// R126 (issue 12 item 11): the one quoting of user text in diagnostics, as postconf 3.7.11
// shows "bad\033[31mline\007 \177\303\251\377" in a fatal message: "bad?[31mline? ????".
TEST(Strings, PrintableReplacesControlBytes) {
  EXPECT_EQ(printable("bad\033[31mline\007 \177\303\251\377"), "bad?[31mline? ????");
  EXPECT_EQ(printable(std::string_view("a\0b", 3)), "a?b");
  EXPECT_EQ(printable("tab\there\r\n"), "tab?here??");
  std::string all;
  for (int c = 0x20; c < 0x7f; ++c) all.push_back(static_cast<char>(c));
  EXPECT_EQ(printable(all), all);
}

TEST(Strings, Join) {
  EXPECT_EQ(join({}), "");
  EXPECT_EQ(join({"a"}), "a");
  EXPECT_EQ(join({"a", "b", "c"}, ", "), "a, b, c");
}

TEST(Strings, PathBasename) {
  EXPECT_EQ(path_basename("postfix"), "postfix");
  EXPECT_EQ(path_basename("/usr/sbin/postfix"), "postfix");
  EXPECT_EQ(path_basename("/postfix"), "postfix");
  EXPECT_EQ(path_basename("dir/"), "");  // callers that want argv[0] back test for ""
  EXPECT_EQ(path_basename(""), "");
}

TEST(Strings, PathDirnameIsPosixDirname) {
  EXPECT_EQ(path_dirname("main.cf"), ".");
  EXPECT_EQ(path_dirname(""), ".");
  EXPECT_EQ(path_dirname("/main.cf"), "/");
  EXPECT_EQ(path_dirname("/"), "/");
  EXPECT_EQ(path_dirname("//"), "/");
  EXPECT_EQ(path_dirname("/etc/postfix/main.cf"), "/etc/postfix");
  EXPECT_EQ(path_dirname("/etc/postfix/"), "/etc");
  EXPECT_EQ(path_dirname("/etc//postfix"), "/etc");
  EXPECT_EQ(path_dirname("a/b"), "a");
}

TEST(Strings, StripTrailingSlashes) {
  EXPECT_EQ(strip_trailing_slashes("/a/b//"), "/a/b");
  EXPECT_EQ(strip_trailing_slashes("/"), "/");
  EXPECT_EQ(strip_trailing_slashes("//"), "/");
  EXPECT_EQ(strip_trailing_slashes("a//b"), "a//b");
}

TEST(Strings, SqueezeSlashes) {
  EXPECT_EQ(squeeze_slashes("/etc//postfix-a/"), "/etc/postfix-a");
  EXPECT_EQ(squeeze_slashes("//"), "/");
  EXPECT_EQ(squeeze_slashes("/"), "/");
  EXPECT_EQ(squeeze_slashes(""), "");
  EXPECT_EQ(squeeze_slashes("a///b//"), "a/b");
  EXPECT_EQ(squeeze_slashes("/a/./../b"), "/a/./../b");  // nothing but slashes changes
}

}  // namespace
}  // namespace pfmulti
