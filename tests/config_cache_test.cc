// Unit tests for the configuration memo (model/main_cf/config_cache.h): one parse per file and
// directory, shared defaults, and no stale answer when a file's bytes, presence or readability
// differ from what an entry was made from.
#include "model/main_cf/config_cache.h"

#include <gtest/gtest.h>

#include "model/main_cf/instance_config.h"

namespace pfmulti {
namespace {

TEST(ConfigCache, ParsesEachFileOnceAndSharesTheDefaults) {
  FileMap files{{"/etc/postfix-a/main.cf", "multi_instance_name = postfix-a\n"},
                {"/etc/postfix-b/main.cf", "multi_instance_name = postfix-b\n"}};
  ConfigCache cache(compiled_defaults());
  const auto& a1 = cache.load(files, "/etc/postfix-a", "");
  const auto& a2 = cache.load(files, "/etc/postfix-a", "");
  const auto& b = cache.load(files, "/etc/postfix-b", "");
  ASSERT_TRUE(a1 && b);
  EXPECT_EQ(&a1, &a2);
  EXPECT_EQ(cache.parses(), 2u);
  EXPECT_EQ(&a1->defaults(), &b->defaults());
  EXPECT_EQ(*a1->expand("multi_instance_name"), "postfix-a");
  EXPECT_EQ(*b->expand("multi_instance_name"), "postfix-b");
}

TEST(ConfigCache, AnswersLikeLoadConfigForAbsentUnreadableAndBrokenFiles) {
  FileMap files{{"/u/main.cf", Unreadable{"Permission denied"}},
                {"/bad/main.cf", "= no name\n"},
                {"/empty-reason/main.cf", Unreadable{""}}};
  ConfigCache cache(compiled_defaults());
  for (const char* dir : {"/absent", "/u", "/bad", "/empty-reason"}) {
    const auto& cached = cache.load(files, dir, "");
    auto direct = load_config(files, dir, compiled_defaults(), "");
    ASSERT_FALSE(cached) << dir;
    ASSERT_FALSE(direct) << dir;
    EXPECT_EQ(cached.error(), direct.error()) << dir;
  }
}

TEST(ConfigCache, ChangedBytesPresenceOrReadabilityAreReadAnew) {
  ConfigCache cache(compiled_defaults());
  FileMap files{{"/a/main.cf", "multi_instance_enable = yes\n"}};
  EXPECT_EQ(*cache.load(files, "/a", "")->expand("multi_instance_enable"), "yes");
  files["/a/main.cf"] = std::string("multi_instance_enable = no\n");
  EXPECT_EQ(*cache.load(files, "/a", "")->expand("multi_instance_enable"), "no");
  files["/a/main.cf"] = Unreadable{"Permission denied"};
  EXPECT_EQ(cache.load(files, "/a", "").error(), "open /a/main.cf: Permission denied");
  files.erase("/a/main.cf");
  EXPECT_EQ(cache.load(files, "/a", "").error(), "open /a/main.cf: No such file or directory");
  files["/a/main.cf"] = Unreadable{""};  // an empty reason is still not "absent"
  EXPECT_EQ(cache.load(files, "/a", "").error(), "open /a/main.cf: ");
  EXPECT_EQ(cache.parses(), 2u);
}

TEST(ConfigCache, TheDirectoryAndTheCurrentDirectoryAreDistinctKeys) {
  FileMap files{{"/etc/postfix/main.cf", "x = 1\n"}, {"/srv/rel/main.cf", "x = 2\n"}};
  ConfigCache cache(compiled_defaults());
  // Two spellings of one directory: each keeps its own config_directory default.
  EXPECT_EQ(*cache.load(files, "/etc/postfix", "")->expand("config_directory"), "/etc/postfix");
  EXPECT_EQ(*cache.load(files, "/etc/postfix/", "")->expand("config_directory"), "/etc/postfix/");
  // A relative directory is read from the current directory.
  EXPECT_EQ(*cache.load(files, "rel", "/srv")->expand("x"), "2");
  EXPECT_FALSE(cache.load(files, "rel", "/elsewhere"));
}

TEST(ConfigCache, ServesOnlyTheDefaultsItWasMadeWith) {
  ConfigCache cache(compiled_defaults());
  EXPECT_TRUE(cache.serves(compiled_defaults()));
  Defaults other = compiled_defaults();
  other.values["config_directory"] = "/srv/postfix";
  EXPECT_FALSE(cache.serves(other));
  Scenario s;
  s.defaults = other;
  s.config_cache = std::make_shared<ConfigCache>(compiled_defaults());
  EXPECT_TRUE(config_cache_for(s).serves(other));  // replaced, not reused
}

}  // namespace
}  // namespace pfmulti
