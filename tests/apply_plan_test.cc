// Tests for `pfmulti apply`'s planner (model/apply/apply_plan.h, desired_state.h) and the
// unified diff (model/text/unified_diff.h) on the in-memory world (tests/lifecycle_world.h):
// the laws of issue 18 (apply of the export changes nothing; a second apply changes nothing;
// after apply the listing is exactly the document; a damaged host is refused whole, named),
// exact matching (postfix-out is not postfix-outbound), bad documents refused with their JSON
// path, an interrupted `-e` run's journal, and the diff read back by a patch applier.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include "arbitrary_apply.h"
#include "model/lifecycle/lifecycle_journal.h"
#include "model/main_cf/main_cf.h"
#include "model/plan/planner.h"
#include "model/text/unified_diff.h"

namespace pfmulti {
namespace {

using test::apply_base_world;
using test::ApplyHost;
using test::gen_apply_host;
using test::gen_desired;
using test::plan_apply_on;
using testing::World;

// The secondaries `postmulti -l` (the model's listing, what `-l -j` prints) shows for w.
std::vector<DesiredInstance> listed(const World& w) {
  Scenario s;
  s.program = Program::kPostmulti;
  s.argv = {"postmulti", "-l"};
  for (const auto& [p, b] : w.files) s.files[p] = b;
  Plan plan = make_plan(s);
  std::vector<DesiredInstance> out;
  for (const auto& li : plan.listing) {
    if (li.config_directory == "/etc/postfix") continue;
    DesiredInstance d;
    d.name = li.name == "-" ? "" : li.name;
    d.group = li.group == "-" ? "" : li.group;
    d.enabled = li.enabled;
    d.config_directory = li.config_directory;
    out.push_back(d);
  }
  std::sort(out.begin(), out.end(),
            [](const auto& a, const auto& b) { return a.config_directory < b.config_directory; });
  return out;
}

std::vector<DesiredInstance> as_listed(const DesiredState& st) {
  std::vector<DesiredInstance> out;
  for (auto d : st.instances) {
    d.queue_directory.clear();
    d.data_directory.clear();
    d.settings.clear();
    out.push_back(d);
  }
  std::sort(out.begin(), out.end(),
            [](const auto& a, const auto& b) { return a.config_directory < b.config_directory; });
  return out;
}

std::string value_in(const World& w, const std::string& dir, const std::string& name) {
  auto it = w.files.find(dir + "/main.cf");
  if (it == w.files.end()) return "<no main.cf>";
  MainCf cf = read_main_cf(it->second, it->first);
  const Definition* d = cf.find(name);
  return d ? collapse_white_space(d->value) : "<undefined>";
}

RC_GTEST_PROP(ApplyLaws, ApplyOfTheExportChangesNothing, ()) {
  ApplyHost h = *gen_apply_host();
  ApplyPlan exported = plan_apply_on(h.world, DesiredState{}, false);
  RC_ASSERT(!exported.error);
  bool prune = *rc::gen::arbitrary<bool>();
  ApplyPlan again = plan_apply_on(h.world, exported.current, prune);
  RC_ASSERT(!again.error);
  RC_ASSERT(again.changes.empty());
  RC_ASSERT(again.transaction.steps.empty());
  // The export parses back to itself (the document format round-trips).
  auto back = desired_state_from_json(desired_state_to_json(exported.current));
  RC_ASSERT(back.is_ok());
  RC_ASSERT(*back == exported.current);
}

RC_GTEST_PROP(ApplyLaws, ApplyingTheSameDocumentTwiceChangesNothingTheSecondTime, ()) {
  ApplyHost h = *gen_apply_host();
  DesiredState d = *gen_desired();
  bool prune = *rc::gen::arbitrary<bool>();
  ApplyPlan first = plan_apply_on(h.world, d, prune);
  RC_CLASSIFY(first.error.has_value(), "refused");
  if (first.error) {
    RC_ASSERT(first.changes.empty());
    RC_ASSERT(first.transaction.steps.empty());
    return;
  }
  h.world.apply(first.transaction);
  ApplyPlan second = plan_apply_on(h.world, d, prune);
  RC_ASSERT(!second.error);
  RC_ASSERT(second.changes.empty());
  RC_ASSERT(second.main_cf.empty());
  RC_ASSERT(apply_diff(second).empty());
}

RC_GTEST_PROP(ApplyLaws, AfterApplyWithPruneTheListingIsExactlyTheDocument, ()) {
  ApplyHost h = *gen_apply_host();
  DesiredState d = *gen_desired();
  ApplyPlan p = plan_apply_on(h.world, d, true);
  if (p.error) return;
  h.world.apply(p.transaction);
  RC_ASSERT(listed(h.world) == as_listed(d));
  for (const auto& i : d.instances)
    for (const auto& [name, value] : i.settings)
      RC_ASSERT(value_in(h.world, i.config_directory, name) == collapse_white_space(value));
}

RC_GTEST_PROP(ApplyLaws, AfterApplyWithoutPruneTheDocumentIsListedAndNothingElseChanged, ()) {
  ApplyHost h = *gen_apply_host();
  std::vector<DesiredInstance> before = listed(h.world);
  DesiredState d = *gen_desired();
  ApplyPlan p = plan_apply_on(h.world, d, false);
  if (p.error) return;
  h.world.apply(p.transaction);
  std::vector<DesiredInstance> after = listed(h.world);
  for (const auto& want : as_listed(d))
    RC_ASSERT(std::find(after.begin(), after.end(), want) != after.end());
  for (const auto& was : before) {
    bool in_doc = std::any_of(d.instances.begin(), d.instances.end(), [&](const auto& x) {
      return x.config_directory == was.config_directory;
    });
    if (!in_doc) RC_ASSERT(std::find(after.begin(), after.end(), was) != after.end());
  }
}

RC_GTEST_PROP(ApplyLaws, ApplyOnADamagedHostChangesNothingAndNamesTheDamage, ()) {
  ApplyHost h = *gen_apply_host();
  RC_PRE(!h.made_from.instances.empty());
  const auto& victim = *rc::gen::elementOf(h.made_from.instances);
  std::string main = victim.config_directory + "/main.cf";
  int how = *rc::gen::inRange(0, 3);
  if (how == 0) h.world.files.erase(main);
  if (how == 1) {
    h.world.files.erase(main);
    h.world.unreadable.insert(main);
  }
  if (how == 2) h.world.files[main] += "multi_instance_enable = maybe\n";
  DesiredState d = *gen_desired();
  ApplyPlan p = plan_apply_on(h.world, d, *rc::gen::arbitrary<bool>());
  RC_ASSERT(p.error.has_value());
  RC_ASSERT(p.error->find(victim.config_directory) != std::string::npos);
  RC_ASSERT(p.changes.empty());
  RC_ASSERT(p.transaction.steps.empty());
}

DesiredInstance inst(std::string name, std::string dir, bool enabled = false) {
  DesiredInstance d;
  d.name = std::move(name);
  d.config_directory = std::move(dir);
  d.enabled = enabled;
  return d;
}

// R163: postfix-out is not postfix-outbound (the Puppet module's substring grep).
TEST(Apply, MatchingIsExactNotByPrefixOrSubstring) {
  World w = apply_base_world(true);
  ApplyPlan p = plan_apply_on(w, {{inst("postfix-outbound", "/etc/postfix-outbound")}}, false);
  ASSERT_FALSE(p.error) << *p.error;
  w.apply(p.transaction);
  p = plan_apply_on(w, {{inst("postfix-out", "/etc/postfix-out")}}, false);
  ASSERT_FALSE(p.error) << *p.error;
  ASSERT_EQ(p.changes.size(), 1u);
  EXPECT_EQ(p.changes[0].action, "create");
  EXPECT_EQ(p.changes[0].instance, "postfix-out");
  w.apply(p.transaction);
  EXPECT_EQ(listed(w).size(), 2u);
  // And the other way: postfix-o (a prefix of both) is a third instance.
  p = plan_apply_on(w, {{inst("postfix-o", "/etc/postfix-o")}}, false);
  ASSERT_FALSE(p.error) << *p.error;
  ASSERT_EQ(p.changes.size(), 1u);
  EXPECT_EQ(p.changes[0].action, "create");
}

TEST(Apply, InitComesFirstOnAPrimaryThatIsNotSetUp) {
  World w = apply_base_world(false);
  ApplyPlan p = plan_apply_on(w, {{inst("postfix-a", "/etc/postfix-a", true)}}, false);
  ASSERT_FALSE(p.error) << *p.error;
  std::vector<std::string> actions;
  for (const auto& c : p.changes) actions.push_back(c.action);
  EXPECT_EQ(actions, (std::vector<std::string>{"init", "create", "enable"}));
  // One transaction with one journal naming `pfmulti apply`.
  ASSERT_TRUE(p.transaction.journal_write);
  EXPECT_NE(p.transaction.journal_write->find("apply"), std::string::npos);
  EXPECT_EQ(p.transaction.commit_step, p.transaction.steps.size() - 1);
}

TEST(Apply, RenameRegroupAndDisableAnExistingInstance) {
  World w = apply_base_world(true);
  DesiredInstance a = inst("postfix-a", "/etc/postfix-a", true);
  w.apply(plan_apply_on(w, {{a}}, false).transaction);
  DesiredInstance b = inst("postfix-b", "/etc/postfix-a", false);
  b.group = "mta";
  ApplyPlan p = plan_apply_on(w, {{b}}, false);
  ASSERT_FALSE(p.error) << *p.error;
  std::vector<std::string> actions;
  for (const auto& c : p.changes) actions.push_back(c.action);
  EXPECT_EQ(actions, (std::vector<std::string>{"assign", "disable"}));
  w.apply(p.transaction);
  EXPECT_EQ(listed(w), as_listed({{b}}));
}

TEST(Apply, MovingAnInstanceIsRefused) {
  World w = apply_base_world(true);
  w.apply(plan_apply_on(w, {{inst("postfix-a", "/etc/postfix-a")}}, false).transaction);
  ApplyPlan p = plan_apply_on(w, {{inst("postfix-a", "/etc/postfix-b")}}, false);
  ASSERT_TRUE(p.error);
  EXPECT_NE(p.error->find("instance postfix-a: config_directory is /etc/postfix-a on the host"),
            std::string::npos)
      << *p.error;
}

TEST(Apply, PruneDisablesAndDeportsButNeverDestroys) {
  World w = apply_base_world(true);
  w.apply(plan_apply_on(w, {{inst("postfix-a", "/etc/postfix-a", true)}}, false).transaction);
  ApplyPlan keep = plan_apply_on(w, {}, false);
  EXPECT_TRUE(keep.changes.empty());
  ApplyPlan p = plan_apply_on(w, {}, true);
  ASSERT_FALSE(p.error) << *p.error;
  std::vector<std::string> actions;
  for (const auto& c : p.changes) actions.push_back(c.action);
  EXPECT_EQ(actions, (std::vector<std::string>{"disable", "deport"}));
  for (const auto& s : p.transaction.steps) {
    EXPECT_FALSE(std::holds_alternative<RemoveDirectoryStep>(s));
    EXPECT_FALSE(std::holds_alternative<RemoveFileStep>(s));
  }
  w.apply(p.transaction);
  EXPECT_TRUE(listed(w).empty());
  EXPECT_TRUE(w.files.count("/etc/postfix-a/main.cf"));
  // Its files are still there: applying it again imports it.
  p = plan_apply_on(w, {{inst("postfix-a", "/etc/postfix-a")}}, false);
  ASSERT_FALSE(p.error) << *p.error;
  EXPECT_EQ(p.changes.at(0).action, "import");
}

TEST(Apply, AnInterruptedLifecycleRunIsNamedAndBlocksApply) {
  World w = apply_base_world(true);
  LifecycleJournal j;
  j.action = "create";
  j.args = {"-e", "create", "-I", "postfix-x"};
  w.add_file("/etc/postfix/.pfmulti.journal", journal_text(j));
  ApplyPlan p = plan_apply_on(w, {{inst("postfix-a", "/etc/postfix-a")}}, false);
  ASSERT_TRUE(p.error);
  EXPECT_NE(p.error->find("an interrupted 'pfmulti -c /etc/postfix -e create -I postfix-x' did not "
                          "finish"),
            std::string::npos)
      << *p.error;
  EXPECT_TRUE(p.changes.empty());
}

TEST(Apply, AnInterruptedApplyIsFinishedByApplyingAgain) {
  World w = apply_base_world(true);
  ApplyPlan first = plan_apply_on(w, {{inst("postfix-a", "/etc/postfix-a", true)}}, false);
  ASSERT_TRUE(first.transaction.journal_write);
  w.add_file("/etc/postfix/.pfmulti.journal", *first.transaction.journal_write);
  ApplyPlan p = plan_apply_on(w, {{inst("postfix-a", "/etc/postfix-a", true)}}, false);
  ASSERT_FALSE(p.error) << *p.error;
  EXPECT_TRUE(p.transaction.resuming);
  EXPECT_TRUE(p.transaction.journal_clear);
  EXPECT_EQ(p.changes.size(), 2u);
  // Killed after the create registered the instance: the re-run runs set-permissions again.
  w.apply(p.transaction);
  p = plan_apply_on(w, {{inst("postfix-a", "/etc/postfix-a", true)}}, false);
  ASSERT_FALSE(p.error) << *p.error;
  ASSERT_EQ(p.changes.size(), 1u);
  EXPECT_EQ(p.changes[0].action, "set-permissions");
  EXPECT_EQ(p.changes[0].argv, (std::vector<std::string>{"/usr/sbin/postfix", "-c",
                                                         "/etc/postfix-a", "set-permissions"}));
  // Without the journal, nothing to do.
  w.files.erase("/etc/postfix/.pfmulti.journal");
  EXPECT_TRUE(
      plan_apply_on(w, {{inst("postfix-a", "/etc/postfix-a", true)}}, false).changes.empty());
}

// Found by the apply kill campaign (SIGKILL after the second create wrote its main.cf, before
// the primary listed it): the re-run imports the half-created instance, and must not add a
// disable (multi_instance_enable = no) that the uninterrupted create never writes.
TEST(Apply, ImportingAnInstanceChangesItsEnableSettingOnlyWhenItDiffers) {
  World w = apply_base_world(true);
  w.apply(plan_apply_on(w, {{inst("postfix-a", "/etc/postfix-a")}}, false).transaction);
  w.apply(plan_apply_on(w, {}, true).transaction);  // deported: its files stay, unlisted
  ApplyPlan p = plan_apply_on(w, {{inst("postfix-a", "/etc/postfix-a")}}, false);
  ASSERT_FALSE(p.error) << *p.error;
  std::vector<std::string> actions;
  for (const auto& c : p.changes) actions.push_back(c.action);
  EXPECT_EQ(actions, (std::vector<std::string>{"import"}));
  p = plan_apply_on(w, {{inst("postfix-a", "/etc/postfix-a", true)}}, false);
  ASSERT_FALSE(p.error) << *p.error;
  actions.clear();
  for (const auto& c : p.changes) actions.push_back(c.action);
  EXPECT_EQ(actions, (std::vector<std::string>{"import", "enable"}));
}

TEST(Apply, SettingsAreEditedLosslesslyAndOnlyWhereTheyDiffer) {
  World w = apply_base_world(true);
  DesiredInstance a = inst("postfix-a", "/etc/postfix-a");
  a.settings = {{"inet_interfaces", "all"}, {"myhostname", "a.example"}};
  ApplyPlan p = plan_apply_on(w, {{a}}, false);
  ASSERT_FALSE(p.error) << *p.error;
  std::vector<std::string> details;
  for (const auto& c : p.changes)
    if (c.action == "set") details.push_back(c.detail);
  // inet_interfaces = all is already in the stock main.cf.
  EXPECT_EQ(details,
            (std::vector<std::string>{"set myhostname = a.example in /etc/postfix-a/main.cf"}));
  w.apply(p.transaction);
  EXPECT_EQ(value_in(w, "/etc/postfix-a", "myhostname"), "a.example");
  EXPECT_NE(w.files["/etc/postfix-a/main.cf"].find("# Stock main.cf\n"), std::string::npos);
}

TEST(ApplyDocument, BadDocumentsAreRefusedNamingTheJsonPath) {
  struct Case {
    const char* doc;
    const char* message;
  } cases[] = {
      {"[]", "$: expected an object, got an array"},
      {"{\"instances\": []}", "$.version is missing"},
      {"{\"version\": 2, \"instances\": []}", "$.version: expected 1, got 2"},
      {"{\"version\": 1}", "$.instances is missing"},
      {"{\"version\": 1, \"instances\": [], \"prune\": true}", "$.prune: unknown member"},
      {"{\"version\": 1, \"instances\": [{\"name\": \"postfix-a\"}]}",
       "$.instances[0]: config_directory is missing"},
      {"{\"version\": 1, \"instances\": [{\"name\": \"out\", \"config_directory\": \"/a\"}]}",
       "$.instances[0].name: 'out': New instance name must start with 'postfix-'"},
      {"{\"version\": 1, \"instances\": [{\"config_directory\": \"etc/a\"}]}",
       "$.instances[0].config_directory: 'etc/a' is not an absolute directory"},
      {"{\"version\": 1, \"instances\": [{\"config_directory\": \"/a\", \"enable\": true}]}",
       "$.instances[0].enable: unknown member"},
      {"{\"version\": 1, \"instances\": [{\"config_directory\": \"/a\", \"enabled\": \"yes\"}]}",
       "$.instances[0].enabled: expected true or false, got a string"},
      {"{\"version\": 1, \"instances\": [{\"config_directory\": \"/a\"}, "
       "{\"config_directory\": \"/a\"}]}",
       "$.instances[1].config_directory: directory '/a' is already "
       "$.instances[0].config_directory"},
      {"{\"version\": 1, \"instances\": [{\"name\": \"postfix-a\", \"config_directory\": \"/a\"}, "
       "{\"name\": \"postfix-a\", \"config_directory\": \"/b\"}]}",
       "$.instances[1].name: name 'postfix-a' is already $.instances[0].name"},
      {"{\"version\": 1, \"instances\": [{\"config_directory\": \"/a\", \"settings\": "
       "{\"queue_directory\": \"/q\"}}]}",
       "$.instances[0].settings.queue_directory: queue_directory is set by the instance's own"},
      {"{\"version\": 1, \"instances\": [{\"config_directory\": \"/a\", \"settings\": "
       "{\"x\": \"a\\nb = c\"}}]}",
       "$.instances[0].settings.x: 'a?b = c' holds a control byte"},
      {"{\"version\": 1, \"instances\": [", "not a JSON document"},
  };
  for (const auto& c : cases) {
    auto r = parse_desired_state(c.doc);
    ASSERT_FALSE(r.is_ok()) << c.doc;
    EXPECT_NE(r.error().find(c.message), std::string::npos) << c.doc << "\n-> " << r.error();
    EXPECT_EQ(r.error().find('\n'), std::string::npos) << r.error();
  }
}

// A test-side patch(1): applies a unified diff to before; nullopt when it does not apply.
std::optional<std::string> patch(const std::optional<std::string>& before, const std::string& d) {
  std::vector<std::string> a;
  if (before) {
    size_t p = 0;
    while (p < before->size()) {
      size_t e = before->find('\n', p);
      if (e == std::string::npos) {
        a.push_back(before->substr(p));
        break;
      }
      a.push_back(before->substr(p, e - p + 1));
      p = e + 1;
    }
  }
  std::vector<std::string> lines;
  for (size_t p = 0; p < d.size();) {
    size_t e = d.find('\n', p);
    lines.push_back(d.substr(p, e - p));
    p = e + 1;
  }
  std::string out;
  size_t ai = 0;
  for (size_t i = 2; i < lines.size(); ++i) {
    const std::string& l = lines[i];
    if (l.rfind("@@ -", 0) != 0) return std::nullopt;
    size_t start = std::stoul(l.substr(4));
    size_t target = start == 0 ? 0 : start - 1;
    if (target < ai) return std::nullopt;
    while (ai < target && ai < a.size()) out += a[ai++];
    while (i + 1 < lines.size() && lines[i + 1].rfind("@@", 0) != 0) {
      const std::string& b = lines[++i];
      bool no_nl = i + 1 < lines.size() && lines[i + 1] == "\\ No newline at end of file";
      std::string text = b.substr(1) + (no_nl ? "" : "\n");
      if (no_nl) ++i;
      if (b[0] == '+') {
        out += text;
      } else {
        if (ai >= a.size() || a[ai] != text) return std::nullopt;
        if (b[0] == ' ') out += text;
        ++ai;
      }
    }
  }
  while (ai < a.size()) out += a[ai++];
  return out;
}

RC_GTEST_PROP(UnifiedDiff, PatchingTheOldSideWithTheDiffGivesTheNewSide, ()) {
  auto gen_text =
      rc::gen::map(rc::gen::container<std::vector<std::string>>(
                       rc::gen::element<std::string>("a\n", "b\n", "c\n", "x = 1\n", "\n", "tail")),
                   [](const std::vector<std::string>& parts) {
                     std::string s;
                     for (const auto& p : parts) s += p;
                     return s;
                   });
  std::optional<std::string> before;
  if (*rc::gen::inRange(0, 5) != 0) before = *gen_text;
  std::string after = *gen_text;
  std::string d = unified_diff("old", "new", before, after);
  if (before && *before == after) {
    RC_ASSERT(d.empty());
    return;
  }
  RC_ASSERT(d.rfind(before ? "--- old\n+++ new\n" : "--- /dev/null\n+++ new\n", 0) == 0);
  RC_ASSERT(patch(before, d) == std::optional<std::string>(after));
}

}  // namespace
}  // namespace pfmulti
