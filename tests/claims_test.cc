// Unit tests for instance claims (model/postmulti/claims.h; spec/rules.md R79), following
// postmulti.c's register_claim: one owner per value, "DIR, PARAMETER".
#include "model/postmulti/claims.h"

#include <gtest/gtest.h>

namespace pfmulti {
namespace {

TEST(Claims, SameOwnerMayClaimAgain) {
  ClaimTable t;
  auto a = instance_claims("/etc/postfix-a", "postfix-a", "/q/a", "/d/a");
  EXPECT_FALSE(t.add_all(a));
  EXPECT_FALSE(t.add_all(a));  // a directory listed twice
  EXPECT_EQ(t.size(), 4u);
  EXPECT_TRUE(
      claims_consistent({{"/etc/postfix", "", "/q", "/d"}, {"/etc/postfix", "", "/q", "/d"}}));
}

TEST(Claims, DifferentParameterOfSameInstanceConflicts) {
  ClaimTable t;
  auto msg = t.add_all(instance_claims("/etc/postfix-a", "", "/same", "/same"));
  ASSERT_TRUE(msg);
  EXPECT_EQ(*msg,
            "instance /etc/postfix-a, data_directory=/same conflicts with instance "
            "/etc/postfix-a, queue_directory=/same");
  // All or nothing: nothing of the failed instance was registered.
  EXPECT_EQ(t.size(), 0u);
}

TEST(Claims, ValuesCompareAsStrings) {
  EXPECT_TRUE(claims_consistent({{"/a", "", "/q/", "/d"}, {"/b", "", "/q", "/e"}}));
  EXPECT_FALSE(claims_consistent({{"/a", "", "/q", "/d"}, {"/b", "", "/q", "/e"}}));
  // An instance name may collide with a directory value too: one table for all values.
  EXPECT_FALSE(claims_consistent({{"/a", "/q", "/x", "/y"}, {"/b", "", "/q", "/e"}}));
}

}  // namespace
}  // namespace pfmulti
