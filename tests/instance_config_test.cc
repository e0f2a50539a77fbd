// Unit tests for reading an instance's main.cf from a scenario (model/main_cf/instance_config.h):
// postconf -h as the shell wrappers see it (spec/rules.md R51, R55). Expectations are runs of
// real postconf 3.7.11 (`postconf -c DIR -h NAME`: exit status and stdout).
#include <gtest/gtest.h>

#include "model/main_cf/instance_config.h"

namespace pfmulti {
namespace {

std::optional<std::string> h(const std::string& main_cf, const std::string& name) {
  FileMap files{{"/c/main.cf", main_cf}};
  return postconf_h(files, "/c", compiled_defaults(), "/", name);
}

TEST(PostconfH, PrintsRawCollapsedValue) {
  EXPECT_EQ(h("multi_instance_enable = $x\nx = yes\n", "multi_instance_enable"), "$x");
  EXPECT_EQ(h("multi_instance_directories = /a\n  /b\n", "multi_instance_directories"), "/a /b");
  EXPECT_EQ(h("", "multi_instance_enable"), "no");
}

TEST(PostconfH, FailsWhenMainCfCannotBeRead) {
  EXPECT_FALSE(postconf_h({}, "/c", compiled_defaults(), "/", "multi_instance_enable"));
  FileMap files{{"/c/main.cf", Unreadable{"Permission denied"}}};
  EXPECT_FALSE(postconf_h(files, "/c", compiled_defaults(), "/", "multi_instance_enable"));
  EXPECT_FALSE(h("multi_instance_enable yes\n", "multi_instance_enable"));
}

TEST(PostconfH, FailsWhenTheStartupCheckFails) {
  // postconf exits 139 (SIGSEGV) on the crash lines, 1 ("macro processing error") on the others.
  EXPECT_FALSE(
      h("multi_instance_enable = yes\nmulti_instance_name = $p\n"
        "p = ${{$p} == {x} ? {a} : {b}}\n",
        "multi_instance_enable"));
  EXPECT_FALSE(
      h("multi_instance_enable = yes\nmulti_instance_group = ${oops\n", "multi_instance_enable"));
  EXPECT_FALSE(h("multi_instance_enable = yes\nmulti_instance_group = $l1\nl1 = $l2\nl2 = $l1\n",
                 "multi_instance_enable"));
  auto why = postconf_failure({{"/c/main.cf", "multi_instance_group = ${oops\n"}}, "/c",
                              compiled_defaults(), "/");
  ASSERT_TRUE(why);
  EXPECT_EQ(why->rfind("multi_instance_group: ", 0), 0u) << *why;
}

TEST(PostconfH, UnknownBrokenParameterIsNotExpanded) {
  // postconf 3.7.11 prints `yes` and exits 0 here (with a warning about the truncated `${`).
  EXPECT_EQ(h("multi_instance_enable = yes\np = ${oops\n", "multi_instance_enable"), "yes");
  EXPECT_EQ(
      h("multi_instance_enable = yes\np = ${{$p} == {x} ? {a} : {b}}\n", "multi_instance_enable"),
      "yes");
}

}  // namespace
}  // namespace pfmulti
