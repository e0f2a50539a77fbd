// The release table (model/plan/release.h; spec/rules.md R107-R114) and the pieces of the model
// that read it: the scenario field, the CLI option, postmulti 3.11's -lj line format.
#include <gtest/gtest.h>

#include "model/plan/plan_json.h"
#include "model/plan/planner.h"
#include "model/plan/release.h"
#include "model/text/json.h"

namespace pfmulti {
namespace {

TEST(Release, EveryReleaseHasOneRowAndAnId) {
  for (PostfixRelease r : all_releases()) {
    EXPECT_EQ(release_row(r).release, r);
    EXPECT_EQ(release_from_id(release_id(r)), r);
  }
  EXPECT_EQ(all_releases().size(), 5u);
}

TEST(Release, IdWithPatchLevelNamesItsRelease) {
  EXPECT_EQ(release_from_id("3.10.13"), PostfixRelease::k3_10);
  EXPECT_EQ(release_from_id("3.11.7"), PostfixRelease::k3_11);
  EXPECT_EQ(release_from_id("3.7.11"), PostfixRelease::k3_7);
  EXPECT_FALSE(release_from_id("3.1"));
  EXPECT_FALSE(release_from_id("3.12"));
  EXPECT_FALSE(release_from_id(""));
}

// The rows say what spec/postfix-facts.md §7 measured (the releases suite checks them on the real
// programs): the comma fix from 3.10, postmulti's -j and stderr from 3.11, postfix(1)'s stderr
// from 3.8, the bare postconf from 3.9, Debian 13's systemd redirect in 3.10 and 3.11.
TEST(Release, RowsFollowTheMeasuredFacts) {
  const ReleaseRow& r37 = release_row(PostfixRelease::k3_7);
  const ReleaseRow& r39 = release_row(PostfixRelease::k3_9);
  const ReleaseRow& r310 = release_row(PostfixRelease::k3_10);
  const ReleaseRow& r311 = release_row(PostfixRelease::k3_11);
  EXPECT_EQ(r37.script_comma_split, ScriptCommaSplit::kFirstComma);
  EXPECT_EQ(r39.script_comma_split, ScriptCommaSplit::kFirstComma);
  EXPECT_EQ(r310.script_comma_split, ScriptCommaSplit::kAllCommas);
  EXPECT_FALSE(r37.postfix_messages_to_stderr);
  EXPECT_TRUE(release_row(PostfixRelease::k3_8).postfix_messages_to_stderr);
  EXPECT_FALSE(release_row(PostfixRelease::k3_8).postfix_script_bare_postconf);
  EXPECT_TRUE(r39.postfix_script_bare_postconf);
  EXPECT_FALSE(r310.postmulti_messages_to_stderr);
  EXPECT_TRUE(r311.postmulti_messages_to_stderr);
  EXPECT_FALSE(r310.postmulti_list_json);
  EXPECT_TRUE(r311.postmulti_list_json && r311.postmulti_list_json_group_cut);
  EXPECT_TRUE(r311.check_creates_marker_file);
  EXPECT_FALSE(r37.debian_start_redirects_to_systemd);
  EXPECT_TRUE(r310.debian_start_redirects_to_systemd && r311.debian_start_redirects_to_systemd);
}

TEST(Release, ScenarioFieldRoundTrips) {
  auto s = parse_scenario(R"({"program": "wrapper", "profile": "postfix-wrapper-strict",
                              "postfix_release": "3.10", "argv": ["w", "status"]})");
  ASSERT_TRUE(s) << s.error();
  EXPECT_EQ(s->release, PostfixRelease::k3_10);
  EXPECT_EQ(s->profile, ProfileName::kPostfixWrapperStrict);
  Json j = scenario_to_json(*s);
  ASSERT_NE(j.find("postfix_release"), nullptr);
  EXPECT_EQ(j.find("postfix_release")->as_string(), "3.10");
  auto absent = parse_scenario(R"({"program": "wrapper", "argv": ["w"]})");
  ASSERT_TRUE(absent);
  EXPECT_EQ(absent->release, kDefaultRelease);
  EXPECT_EQ(scenario_to_json(*absent).find("postfix_release"), nullptr);
  auto bad = parse_scenario(R"({"program": "wrapper", "postfix_release": "2.11", "argv": ["w"]})");
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().find("\"2.11\""), std::string::npos) << bad.error();
}

// R111: real postmulti 3.11.7 `postmulti -lj` (spec/postfix-facts.md §7) printed, byte for
// byte, {"name": "-","group": "-","enabled": "y","config_directory": "/etc/postfix"}.
TEST(Release, TightJsonIsPostmultiListJsonFormat) {
  Json j = Json::object();
  j.set("name", Json("-"));
  j.set("group", Json("-"));
  j.set("enabled", Json("y"));
  j.set("config_directory", Json("/etc/postfix"));
  EXPECT_EQ(to_json(j, kJsonTight),
            R"({"name": "-","group": "-","enabled": "y","config_directory": "/etc/postfix"})");
  EXPECT_EQ(to_json(j, -1),
            R"({"name": "-", "group": "-", "enabled": "y", "config_directory": "/etc/postfix"})");
}

// R115: `postconf -d` of Debian sid's 3.11.7 differs from 3.7.11 and 3.10.13 in two defaults
// (spec/postfix-facts.md §7); 3.10's are 3.7's.
TEST(Release, BuiltInDefaultsFollowTheReleasesPackage) {
  Defaults d311 = release_defaults(PostfixRelease::k3_11);
  ASSERT_NE(d311.find("meta_directory"), nullptr);
  EXPECT_EQ(*d311.find("meta_directory"), "/usr/share/postfix");
  EXPECT_EQ(*d311.find("import_environment"),
            "MAIL_CONFIG MAIL_DEBUG MAIL_LOGTAG TZ XAUTHORITY DISPLAY LANG=C POSTLOG_SERVICE "
            "POSTLOG_HOSTNAME XDG_RUNTIME_DIR");
  EXPECT_EQ(release_defaults(PostfixRelease::k3_10).values, compiled_defaults().values);
  EXPECT_EQ(d311.config_directory(), compiled_defaults().config_directory());
}

}  // namespace
}  // namespace pfmulti
