// Unit tests for postfix(1)'s environment cleaning (model/postfix/env_import.h; spec/rules.md R45).
// Expected values follow mail_parm_split.c, extpar.c and clean_env.c.
#include "model/postfix/env_import.h"

#include <gtest/gtest.h>

namespace pfmulti {
namespace {

TEST(EnvImport, BracedElementsKeepSeparators) {
  auto r = mail_parm_split("import_environment", "A, {  B=x, y  } ,C {}");
  ASSERT_TRUE(r.is_ok()) << r.error();
  EXPECT_EQ(*r, (std::vector<std::string>{"A", "B=x, y", "C", ""}));
  EXPECT_EQ(mail_parm_split("import_environment", "{a").error(),
            "import_environment: missing '}' in \"{a\"");
  EXPECT_EQ(mail_parm_split("import_environment", "{a}b").error(),
            "import_environment: syntax error after '}' in \"{a}b\"");
}

TEST(EnvImport, LaterEntriesWin) {
  EnvMap env{{"HOME", "/root"}, {"TZ", "UTC"}, {"SHELL", "/bin/sh"}};
  EnvMap out = clean_env(env, {"TZ", "HOME=/x", "HOME", "NOPE", "LANG=C", "LANG=en"});
  EXPECT_EQ(out, (EnvMap{{"TZ", "UTC"}, {"HOME", "/root"}, {"LANG", "en"}}));
  EXPECT_EQ(clean_env(env, {"HOME", "HOME=/x"}).at("HOME"), "/x");
}

}  // namespace
}  // namespace pfmulti
