// Tests of postmulti's instances (model/postmulti/instances.h): match_instance_selection() as
// postmulti.c has it (spec/rules.md R83), a damaged instance decided only by config directory
// (R91), and the one loader of a secondary with postmulti 3.7's strict message and pfmulti's
// detailed one (R77, R78).
#include "model/postmulti/instances.h"

#include <gtest/gtest.h>

#include "model/main_cf/instance_config.h"

namespace pfmulti {
namespace {

Instance secondary(std::string dir, std::string name, std::string group) {
  Instance ip;
  ip.config_dir = std::move(dir);
  ip.name = std::move(name);
  ip.group = std::move(group);
  return ip;
}

Selection by_name(std::string n) { return {SelectionType::kName, std::move(n)}; }

TEST(Instances, MatchInstanceSelection) {
  Instance primary = primary_instance("/etc/postfix", "", "", false, false, "/q", "/d");
  Instance a = secondary("/etc/postfix-a", "postfix-a", "mta");
  Instance unnamed = secondary("/etc/postfix-u", "", "");
  struct Case {
    const Instance* ip;
    Selection sel;
    bool want;
  } cases[] = {
      {&a, {SelectionType::kNone, ""}, false},
      {&a, {SelectionType::kAll, ""}, true},
      {&a, {SelectionType::kGroup, "mta"}, true},
      {&a, {SelectionType::kGroup, "other"}, false},
      {&unnamed, {SelectionType::kGroup, ""}, false},  // no group is never selected
      {&a, by_name("postfix-a"), true},                // the full name
      {&a, by_name("a"), true},                        // the name without its prefix
      {&a, by_name("/etc/postfix-a"), true},           // the config directory
      {&a, by_name("postfix-"), false},
      {&a, by_name("-"), false},
      {&primary, by_name("-"), true},  // "-" is the primary
      {&primary, by_name("/etc/postfix"), true},
      {&unnamed, by_name("/etc/postfix-u"), true},  // no name: the directory decides
      {&unnamed, by_name("u"), false},
  };
  for (const Case& c : cases)
    EXPECT_EQ(matches(*c.ip, c.sel), std::optional<bool>(c.want))
        << c.ip->config_dir << " by " << c.sel.value;
}

TEST(Instances, DamagedInstanceIsDecidedOnlyByDirectory) {
  Instance bad = secondary("/etc/postfix-b", "", "");
  bad.damage = "open /etc/postfix-b/main.cf: Permission denied";
  EXPECT_EQ(matches(bad, {SelectionType::kAll, ""}), std::optional<bool>(true));
  EXPECT_EQ(matches(bad, by_name("/etc/postfix-b")), std::optional<bool>(true));
  EXPECT_EQ(matches(bad, by_name("/etc/postfix-c")), std::optional<bool>(false));
  EXPECT_EQ(matches(bad, by_name("b")), std::nullopt);
  EXPECT_EQ(matches(bad, by_name("-")), std::nullopt);
  EXPECT_EQ(matches(bad, {SelectionType::kGroup, "mta"}), std::nullopt);
}

TEST(Instances, LoadSecondary) {
  FileMap files{{"/etc/postfix-a/main.cf",
                 std::string("queue_directory = /q/a\ndata_directory = /d/a\n"
                             "multi_instance_name = postfix-a\nmulti_instance_group =  m  t\n"
                             "multi_instance_enable = YES\n")},
                {"/etc/postfix-b/main.cf", std::string("multi_instance_enable = maybe\n")}};
  Defaults defaults = compiled_defaults();
  auto a = load_secondary("/etc/postfix-a", load_config(files, "/etc/postfix-a", defaults, ""));
  ASSERT_TRUE(std::holds_alternative<Instance>(a));
  const Instance& ip = std::get<Instance>(a);
  EXPECT_EQ(ip.queue_dir, "/q/a");
  EXPECT_EQ(ip.name, "postfix-a");
  EXPECT_EQ(ip.group, "m t");  // white space collapsed, as postconf -x prints it
  EXPECT_TRUE(ip.enabled);
  EXPECT_FALSE(ip.primary);
  auto claims = claims_of(ip);
  ASSERT_EQ(claims.size(), 4u);
  EXPECT_EQ(claims[0].param, "multi_instance_name");

  auto b = load_secondary("/etc/postfix-b", load_config(files, "/etc/postfix-b", defaults, ""));
  ASSERT_TRUE(std::holds_alternative<LoadFailure>(b));
  EXPECT_EQ(std::get<LoadFailure>(b).strict,
            "Unexpected /etc/postfix-b/main.cf entry: multi_instance_enable = maybe");

  auto c = load_secondary("/etc/postfix-c", load_config(files, "/etc/postfix-c", defaults, ""));
  ASSERT_TRUE(std::holds_alternative<LoadFailure>(c));
  EXPECT_EQ(std::get<LoadFailure>(c).strict,
            "Failed to obtain all required /etc/postfix-c/main.cf parameters");
  EXPECT_EQ(std::get<LoadFailure>(c).detail,
            "open /etc/postfix-c/main.cf: No such file or directory");
}

TEST(Instances, SingleInstanceModeEnablesThePrimary) {
  EXPECT_TRUE(primary_instance("/etc/postfix", "", "", false, true, "/q", "/d").enabled);
  EXPECT_FALSE(primary_instance("/etc/postfix", "", "", false, false, "/q", "/d").enabled);
}

}  // namespace
}  // namespace pfmulti
