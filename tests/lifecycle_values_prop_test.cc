// `-e create` with hostile directory names (issue 12 item 7): the law, for generated values
// (tests/arbitrary_path.h), and a named regression test for each class the issue names.
// Law: a create plan either refuses the value (one line, no steps) or its edits read back, with
// the model's reader, as exactly the intended values: the primary's multi_instance_directories
// lists the new config_directory as one entry, and the new main.cf's queue_directory and
// data_directory are the given ones.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include "arbitrary_path.h"
#include "lifecycle_world.h"
#include "model/lifecycle/instance_names.h"
#include "model/main_cf/instance_config.h"
#include "model/main_cf/main_cf.h"

namespace pfmulti {
namespace {

using testing::World;

World small_world() {
  World w;
  for (const char* d : {"/usr/sbin", "/usr/lib/postfix/sbin", "/usr/lib/postfix",
                        "/var/spool/postfix", "/var/lib/postfix", "/srv"})
    w.add_dir(d);
  w.add_file("/etc/postfix/main.cf",
             "mail_owner = postfix\n"
             "multi_instance_wrapper = ${command_directory}/pfmulti -p --\n"
             "multi_instance_enable = yes\n");
  w.add_file("/etc/postfix/master.cf", "smtp inet n - y - - smtpd\n");
  w.add_file("/etc/postfix/main.cf.proto", "queue_directory = /var/spool/postfix\n");
  w.add_file("/etc/postfix/master.cf.proto", "smtp inet n - y - - smtpd\n");
  return w;
}

// The values the plan's writes read back as; "" when the plan is refused. Checks the law.
void check_create(const std::string& config, const std::string& queue, const std::string& data,
                  bool* refused = nullptr) {
  World w = small_world();
  LifecyclePlan p =
      w.plan({"pfmulti", "-I", "postfix-n", "-e", "create", "config_directory=" + config,
              "queue_directory=" + queue, "data_directory=" + data});
  if (refused) *refused = p.error.has_value();
  if (p.error) {
    RC_ASSERT(p.steps.empty());
    RC_ASSERT(p.error->find('\n') == std::string::npos);
    return;
  }
  // The intended values: as postmulti's split_nameval() takes them from the command line (white
  // space around the value and trailing slashes dropped, R99).
  auto intended = [](const std::string& name, const std::string& v) {
    auto s = parse_path_setting(name + "=" + v, "create");
    RC_ASSERT(s.is_ok());
    return s->value;
  };
  const std::string config_v = intended("config_directory", config);
  const std::string queue_v = intended("queue_directory", queue);
  const std::string data_v = intended("data_directory", data);
  FileMap after;
  for (const auto& s : p.steps)
    if (const auto* wr = std::get_if<WriteFileStep>(&s)) after[wr->path] = wr->after;
  RC_ASSERT(after.count("/etc/postfix/main.cf") == 1u);
  auto primary = load_config(after, "/etc/postfix", compiled_defaults(), "");
  RC_ASSERT(primary.is_ok());
  auto list = primary->list("multi_instance_directories");
  RC_ASSERT(list.is_ok());
  RC_ASSERT(*list == std::vector<std::string>{config_v});
  FileMap mine{{config_v + "/main.cf", std::get<std::string>(after.at(config_v + "/main.cf"))}};
  auto cfg = load_config(mine, config_v, compiled_defaults(), "");
  RC_ASSERT(cfg.is_ok());
  auto q = cfg->expand("queue_directory"), d = cfg->expand("data_directory");
  RC_ASSERT(q.is_ok() && d.is_ok());
  RC_ASSERT(*q == queue_v);
  RC_ASSERT(*d == data_v);
}

RC_GTEST_PROP(LifecycleValuesProp, create_edits_read_back_exactly_or_are_refused_unchanged, ()) {
  std::string config = *testing::arbitrary_user_path();
  std::string queue = *testing::arbitrary_user_path();
  std::string data = *testing::arbitrary_user_path();
  RC_PRE(config != queue && queue != data && config != data);
  check_create(config, queue, data);
}

bool refused(const std::string& config) {
  bool r = false;
  check_create(config, "/srv/q", "/srv/d", &r);
  return r;
}

TEST(LifecycleValues, ASpaceInConfigDirectoryIsRefused) { EXPECT_TRUE(refused("/x/sp ace")); }
TEST(LifecycleValues, ADollarIsRefused) { EXPECT_TRUE(refused("/x/$queue_directory")); }
TEST(LifecycleValues, ACommaIsRefused) { EXPECT_TRUE(refused("/x/a,b")); }
TEST(LifecycleValues, ANewlineIsRefused) { EXPECT_TRUE(refused("/x/a\nb = c")); }
TEST(LifecycleValues, ABackslashReadsBackAndIsAccepted) { EXPECT_FALSE(refused("/x/a\\b")); }
TEST(LifecycleValues, ADollarInAQueueDirectoryIsRefused) {
  bool r = false;
  check_create("/srv/c", "/srv/q$x", "/srv/d", &r);
  EXPECT_TRUE(r);
}
TEST(LifecycleValues, TheRefusalIsOneLineNamingTheValue) {
  World w = small_world();
  LifecyclePlan p =
      w.plan({"pfmulti", "-I", "postfix-n", "-e", "create", "config_directory=/x/sp ace"});
  ASSERT_TRUE(p.error);
  EXPECT_EQ(*p.error,
            "config_directory=\"/x/sp ace\": main.cf cannot hold this value: "
            "multi_instance_directories would read it as \"/x/sp\", \"ace\"; nothing was changed");
}

}  // namespace
}  // namespace pfmulti
