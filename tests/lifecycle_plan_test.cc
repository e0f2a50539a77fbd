// Tests for the life-cycle planner (model/lifecycle/lifecycle_plan.h): each postmulti -e action
// against an in-memory world (tests/lifecycle_world.h), the file contents it plans, the order of
// its steps, and every refusal with postmulti's message and no steps at all. Expected contents
// follow postmulti-script (Postfix 3.7); the sandbox suite (tests/lifecycle_e2e) compares with the
// real postmulti.
#include "model/lifecycle/lifecycle_plan.h"

#include <gtest/gtest.h>

#include "lifecycle_world.h"
#include "model/main_cf/main_cf.h"

namespace pfmulti {
namespace {

using testing::World;

const char* kPrimary =
    "# The primary instance.\n"
    "myhostname = mx.example\n"
    "\n"
    "# keep me\n"
    "mail_owner = postfix\n";

const char* kProto =
    "# Stock main.cf (prototype)\n"
    "queue_directory = /var/spool/postfix\n"
    "command_directory = /usr/sbin\n"
    "daemon_directory = /usr/lib/postfix/sbin\n"
    "data_directory = /var/lib/postfix\n"
    "mail_owner = postfix\n";

const char* kMasterProto = "smtp inet n - y - - smtpd\npickup unix n - y 60 1 pickup\n";

World base_world(bool initialized = true) {
  World w;
  for (const char* d : {"/usr/sbin", "/usr/lib/postfix/sbin", "/usr/lib/postfix",
                        "/var/spool/postfix", "/var/lib/postfix"})
    w.add_dir(d);
  std::string primary = kPrimary;
  if (initialized)
    primary +=
        "multi_instance_wrapper = ${command_directory}/pfmulti -p --\n"
        "multi_instance_enable = yes\n";
  w.add_file("/etc/postfix/main.cf", primary);
  w.add_file("/etc/postfix/master.cf", kMasterProto);
  w.add_file("/etc/postfix/main.cf.proto", kProto);
  w.add_file("/etc/postfix/master.cf.proto", kMasterProto);
  return w;
}

std::string value(const World& w, const std::string& file, const std::string& name) {
  MainCf cf = read_main_cf(w.files.at(file), file);
  const Definition* d = cf.find(name);
  return d ? d->value : "<undefined>";
}

// Plans and applies; fails the test when the plan is an error.
std::vector<RunAction> act(World& w, std::vector<std::string> args) {
  args.insert(args.begin(), "pfmulti");
  LifecyclePlan p = w.plan(args);
  EXPECT_FALSE(p.error) << *p.error;
  return w.apply(p);
}

std::string error_of(const World& w, std::vector<std::string> args) {
  args.insert(args.begin(), "pfmulti");
  LifecyclePlan p = w.plan(args);
  EXPECT_TRUE(p.steps.empty());
  return p.error.value_or("<no error>");
}

TEST(LifecycleInit, SetsWrapperAndEnableKeepingEverythingElse) {
  World w = base_world(false);
  act(w, {"-e", "init"});
  const std::string& f = w.files["/etc/postfix/main.cf"];
  EXPECT_EQ(f, std::string(kPrimary) +
                   "multi_instance_enable = yes\n"
                   "multi_instance_wrapper = ${command_directory}/pfmulti -p --\n");
}

TEST(LifecycleInit, UsesTheAbsolutePathWhenPfmultiIsElsewhere) {
  World w = base_world(false);
  LifecyclePlan p = w.plan({"pfmulti", "-e", "init"}, "/opt/pf/bin/pfmulti");
  ASSERT_FALSE(p.error);
  w.apply(p);
  EXPECT_EQ(value(w, "/etc/postfix/main.cf", "multi_instance_wrapper"),
            "/opt/pf/bin/pfmulti -p --");
}

TEST(LifecycleInit, SecondInitChangesNothing) {
  World w = base_world(true);
  LifecyclePlan p = w.plan({"pfmulti", "-e", "init"});
  EXPECT_FALSE(p.error);
  EXPECT_TRUE(p.steps.empty());
}

TEST(LifecycleCreate, NewInstanceFromPrototypesWithDerivedDirectories) {
  World w = base_world();
  auto runs = act(w, {"-I", "postfix-out", "-G", "mta", "-e", "create"});
  EXPECT_TRUE(w.dirs.count("/etc/postfix-out"));
  EXPECT_TRUE(w.dirs.count("/var/spool/postfix-out"));
  EXPECT_TRUE(w.dirs.count("/var/lib/postfix-out"));
  EXPECT_EQ(w.files["/etc/postfix-out/master.cf"], kMasterProto);
  const std::string f = "/etc/postfix-out/main.cf";
  EXPECT_EQ(value(w, f, "queue_directory"), "/var/spool/postfix-out");
  EXPECT_EQ(value(w, f, "data_directory"), "/var/lib/postfix-out");
  EXPECT_EQ(value(w, f, "authorized_submit_users"), "");
  EXPECT_EQ(value(w, f, "master_service_disable"), "inet");
  EXPECT_EQ(value(w, f, "multi_instance_name"), "postfix-out");
  EXPECT_EQ(value(w, f, "multi_instance_group"), "mta");
  // Shared parameters: cloned when the primary sets them, else commented out.
  EXPECT_EQ(value(w, f, "mail_owner"), "postfix");
  EXPECT_EQ(value(w, f, "command_directory"), "<undefined>");
  EXPECT_NE(w.files[f].find("#command_directory = /usr/sbin\n"), std::string::npos);
  EXPECT_EQ(w.files[f].rfind("# Stock main.cf (prototype)\n", 0), 0u);
  EXPECT_EQ(value(w, "/etc/postfix/main.cf", "multi_instance_directories"), "/etc/postfix-out");
  ASSERT_EQ(runs.size(), 1u);
  EXPECT_EQ(runs[0].argv, (std::vector<std::string>{"/usr/sbin/postfix", "-c", "/etc/postfix-out",
                                                    "set-permissions"}));
}

// set-permissions is the last (commit) step, after the registration (the primary edit): real
// post-install treats an unlisted instance as a primary (issue 12 item 5).
TEST(LifecycleCreate, StepOrderMasterBeforeMainThenPrimaryThenCommandCommits) {
  World w = base_world();
  LifecyclePlan p = w.plan({"pfmulti", "-I", "postfix-a", "-e", "create"});
  ASSERT_FALSE(p.error);
  std::vector<std::string> order;
  for (const auto& s : p.steps) {
    if (auto* m = std::get_if<MakeDirectoryStep>(&s)) order.push_back("mkdir " + m->path);
    if (auto* x = std::get_if<WriteFileStep>(&s)) order.push_back("write " + x->path);
    if (std::holds_alternative<RunStep>(s)) order.push_back("run");
  }
  EXPECT_EQ(order, (std::vector<std::string>{
                       "mkdir /etc/postfix-a", "mkdir /var/spool/postfix-a",
                       "mkdir /var/lib/postfix-a", "write /etc/postfix-a/master.cf",
                       "write /etc/postfix-a/main.cf", "write /etc/postfix/main.cf", "run"}));
  EXPECT_EQ(p.commit_step, p.steps.size() - 1);
  EXPECT_TRUE(p.journal_write.has_value());
  EXPECT_EQ(std::get<MakeDirectoryStep>(p.steps[2]).mode, 0700u);
}

TEST(LifecycleCreate, ExplicitDirectoriesAndMissingParentsMadeAsMkdirP) {
  World w = base_world();
  act(w, {"-e", "create", "config_directory=/srv/a/conf/", "queue_directory=/srv/a/queue",
          "data_directory=/srv/a/data"});
  EXPECT_TRUE(w.dirs.count("/srv"));
  EXPECT_TRUE(w.dirs.count("/srv/a"));
  EXPECT_EQ(value(w, "/etc/postfix/main.cf", "multi_instance_directories"), "/srv/a/conf");
  EXPECT_EQ(value(w, "/srv/a/conf/main.cf", "multi_instance_name"), "<undefined>");
}

TEST(LifecycleCreate, PlacementAppendFrontBeforeGroupBeforeName) {
  World w = base_world();
  act(w, {"-I", "postfix-a", "-G", "g1", "-e", "create"});
  act(w, {"-I", "postfix-b", "-e", "create"});
  act(w, {"-I", "postfix-c", "-a", "-e", "create"});
  act(w, {"-I", "postfix-d", "-g", "g1", "-e", "create"});
  act(w, {"-I", "postfix-e", "-i", "b", "-e", "create"});
  EXPECT_EQ(value(w, "/etc/postfix/main.cf", "multi_instance_directories"),
            "/etc/postfix-c /etc/postfix-d /etc/postfix-a /etc/postfix-e /etc/postfix-b");
  EXPECT_EQ(error_of(w, {"-I", "postfix-f", "-g", "nosuch", "-e", "create"}),
            "No matching secondary instances");
}

TEST(LifecycleCreate, CompleteExistingDirectoryIsImportedAsIs) {
  World w = base_world();
  std::string own = "queue_directory = /q/x\ndata_directory = /d/x\n# mine\n";
  w.add_file("/etc/postfix-x/main.cf", own);
  w.add_file("/etc/postfix-x/master.cf", "custom\n");
  act(w, {"-e", "create", "config_directory=/etc/postfix-x"});
  EXPECT_EQ(w.files["/etc/postfix-x/main.cf"], own);
  EXPECT_EQ(w.files["/etc/postfix-x/master.cf"], "custom\n");
  EXPECT_EQ(value(w, "/etc/postfix/main.cf", "multi_instance_directories"), "/etc/postfix-x");
}

TEST(LifecycleCreate, ImportedInstanceDirectoriesAreClaimedFromItsOwnMainCf) {
  World w = base_world();
  w.add_file("/etc/postfix-x/main.cf", "queue_directory = /var/spool/postfix\n");
  w.add_file("/etc/postfix-x/master.cf", "");
  EXPECT_EQ(error_of(w, {"-e", "create", "config_directory=/etc/postfix-x"}),
            "instance /etc/postfix-x, queue_directory=/var/spool/postfix conflicts with "
            "instance /etc/postfix, queue_directory=/var/spool/postfix");
}

TEST(LifecycleCreate, NeverOverwritesAMainCfOfAnIncompleteInstance) {
  World w = base_world();
  w.add_file("/etc/postfix-x/main.cf", "hand = written\n");
  std::string e = error_of(w, {"-I", "postfix-x", "-e", "create"});
  EXPECT_NE(e.find("incomplete instance"), std::string::npos) << e;
}

TEST(LifecycleCreate, FinishesAnInterruptedCreateWhoseMasterCfIsStock) {
  World w = base_world();
  w.add_dir("/etc/postfix-x");
  w.add_file("/etc/postfix-x/master.cf", kMasterProto);
  LifecyclePlan p = w.plan({"pfmulti", "-I", "postfix-x", "-e", "create"});
  ASSERT_FALSE(p.error) << *p.error;
  for (const auto& s : p.steps) {
    if (auto* x = std::get_if<WriteFileStep>(&s)) {
      EXPECT_NE(x->path, "/etc/postfix-x/master.cf");
    }
  }
  w.files["/etc/postfix-x/master.cf"] = "changed\n";
  EXPECT_NE(error_of(w, {"-I", "postfix-x", "-e", "create"}).find("differs from"),
            std::string::npos);
}

TEST(LifecycleCreate, MissingPrototypeIsFatal) {
  World w = base_world();
  w.files.erase("/etc/postfix/main.cf.proto");
  EXPECT_EQ(error_of(w, {"-I", "postfix-a", "-e", "create"}),
            "Missing main.cf prototype: /etc/postfix/main.cf.proto");
}

TEST(LifecycleCreate, DropsTheNewDirectoryFromAlternateConfigDirectories) {
  World w = base_world();
  w.files["/etc/postfix/main.cf"] += "alternate_config_directories = /x, /etc/postfix-a /y\n";
  act(w, {"-I", "postfix-a", "-e", "create"});
  EXPECT_EQ(value(w, "/etc/postfix/main.cf", "alternate_config_directories"), "/x /y");
}

TEST(LifecycleImport, NeedsBothFilesAndTakesDirectoriesFromMainCf) {
  World w = base_world();
  w.add_file("/etc/postfix-i/main.cf", "queue_directory = /q/i\ndata_directory = /d/i\n");
  EXPECT_EQ(error_of(w, {"-I", "postfix-i", "-e", "import"}),
            "'/etc/postfix-i' lacks a master.cf file");
  w.add_file("/etc/postfix-i/master.cf", "");
  act(w, {"-I", "postfix-i", "-e", "import"});
  EXPECT_EQ(value(w, "/etc/postfix-i/main.cf", "multi_instance_name"), "postfix-i");
  EXPECT_EQ(value(w, "/etc/postfix/main.cf", "multi_instance_directories"), "/etc/postfix-i");
  EXPECT_EQ(error_of(w, {"-e", "import", "queue_directory=/q"}),
            "Parameter 'queue_directory' not valid with action import");
}

TEST(LifecycleEnable, DisableThenEnableEditOnlyThatLine) {
  World w = base_world();
  act(w, {"-I", "postfix-a", "-e", "create"});
  std::string before = w.files["/etc/postfix-a/main.cf"];
  act(w, {"-i", "postfix-a", "-e", "enable"});
  EXPECT_EQ(w.files["/etc/postfix-a/main.cf"], before + "multi_instance_enable = yes\n");
  act(w, {"-i", "a", "-e", "disable"});
  EXPECT_EQ(w.files["/etc/postfix-a/main.cf"], before + "multi_instance_enable = no\n");
  LifecyclePlan again = w.plan({"pfmulti", "-i", "a", "-e", "disable"});
  EXPECT_FALSE(again.error);
  EXPECT_TRUE(again.steps.empty());
}

TEST(LifecycleAssign, RenamesClearsAndRefusesATakenName) {
  World w = base_world();
  act(w, {"-I", "postfix-a", "-e", "create"});
  act(w, {"-I", "postfix-b", "-e", "create"});
  act(w, {"-i", "postfix-a", "-I", "postfix-z", "-G", "grp", "-e", "assign"});
  EXPECT_EQ(value(w, "/etc/postfix-a/main.cf", "multi_instance_name"), "postfix-z");
  EXPECT_EQ(value(w, "/etc/postfix-a/main.cf", "multi_instance_group"), "grp");
  act(w, {"-i", "postfix-z", "-G", "-", "-e", "assign"});
  EXPECT_EQ(value(w, "/etc/postfix-a/main.cf", "multi_instance_group"), "");
  EXPECT_EQ(error_of(w, {"-i", "postfix-z", "-I", "postfix-b", "-e", "assign"}),
            "instance /etc/postfix-a, multi_instance_name=postfix-b conflicts with instance "
            "/etc/postfix-b, multi_instance_name=postfix-b");
  LifecyclePlan same = w.plan({"pfmulti", "-i", "postfix-z", "-I", "postfix-z", "-e", "assign"});
  EXPECT_FALSE(same.error);
  EXPECT_TRUE(same.steps.empty());
}

TEST(LifecycleDeport, RemovesFromListAddsToAlternates) {
  World w = base_world();
  act(w, {"-I", "postfix-a", "-e", "create"});
  act(w, {"-I", "postfix-b", "-e", "create"});
  act(w, {"-i", "postfix-a", "-e", "deport"});
  EXPECT_EQ(value(w, "/etc/postfix/main.cf", "multi_instance_directories"), "/etc/postfix-b");
  EXPECT_EQ(value(w, "/etc/postfix/main.cf", "alternate_config_directories"), "/etc/postfix-a");
  EXPECT_TRUE(w.files.count("/etc/postfix-a/main.cf"));
  // Import brings it back and drops it from the alternates.
  act(w, {"-e", "import", "config_directory=/etc/postfix-a"});
  EXPECT_EQ(value(w, "/etc/postfix/main.cf", "alternate_config_directories"), "");
  EXPECT_EQ(value(w, "/etc/postfix/main.cf", "multi_instance_directories"),
            "/etc/postfix-b /etc/postfix-a");
}

TEST(LifecycleDeport, AnInstanceWhoseMainCfIsGoneCanStillBeDeported) {
  World w = base_world();
  act(w, {"-I", "postfix-a", "-e", "create"});
  w.files.erase("/etc/postfix-a/main.cf");
  EXPECT_NE(error_of(w, {"-I", "postfix-b", "-e", "create"}).find("cannot be read"),
            std::string::npos);
  act(w, {"-i", "/etc/postfix-a", "-e", "deport"});
  EXPECT_EQ(value(w, "/etc/postfix/main.cf", "multi_instance_directories"), "");
}

TEST(LifecycleDestroy, RemovesWhatCreateMadeAndNothingElse) {
  World w = base_world();
  World before = w;
  act(w, {"-I", "postfix-a", "-e", "create"});
  // What a started-and-stopped instance leaves: queue subdirectories, sockets, pid file, lock.
  w.add_dir("/var/spool/postfix-a/deferred/0");
  w.add_dir("/var/spool/postfix-a/private");
  w.specials["/var/spool/postfix-a/private/smtp"] = PathKind::kSocket;
  w.specials["/var/spool/postfix-a/public/pickup"] = PathKind::kFifo;
  w.add_dir("/var/spool/postfix-a/public");
  w.add_file("/var/spool/postfix-a/pid/master.pid", "  123\n");
  w.add_file("/var/lib/postfix-a/master.lock", "123");
  act(w, {"-i", "postfix-a", "-e", "destroy"});
  // The primary keeps an empty list (as postmulti leaves it); nothing else differs.
  EXPECT_EQ(w.files["/etc/postfix/main.cf"],
            before.files["/etc/postfix/main.cf"] + "multi_instance_directories = \n");
  w.files.erase("/etc/postfix/main.cf");
  before.files.erase("/etc/postfix/main.cf");
  EXPECT_EQ(w.files, before.files);
  EXPECT_EQ(w.dirs, before.dirs);
  EXPECT_TRUE(w.specials.empty());
}

TEST(LifecycleDestroy, LeavesForeignFilesAndSaysSo) {
  World w = base_world();
  act(w, {"-I", "postfix-a", "-e", "create"});
  w.add_file("/etc/postfix-a/access", "x OK\n");
  w.add_file("/var/spool/postfix-a/etc/resolv.conf", "");
  LifecyclePlan p = w.plan({"pfmulti", "-i", "postfix-a", "-e", "destroy"});
  ASSERT_FALSE(p.error);
  w.apply(p);
  EXPECT_TRUE(w.files.count("/etc/postfix-a/access"));
  EXPECT_FALSE(w.files.count("/etc/postfix-a/main.cf"));
  EXPECT_TRUE(w.files.count("/var/spool/postfix-a/etc/resolv.conf"));
  EXPECT_FALSE(w.dirs.count("/var/lib/postfix-a"));
  ASSERT_EQ(p.leftovers.size(), 2u);
  EXPECT_NE(p.leftovers[0].find("/var/spool/postfix-a: please verify"), std::string::npos);
  EXPECT_NE(p.leftovers[0].find("etc/"), std::string::npos);
  EXPECT_NE(p.leftovers[1].find("access"), std::string::npos);
}

TEST(LifecycleDestroy, RefusesAQueueWithMessages) {
  World w = base_world();
  act(w, {"-I", "postfix-a", "-e", "create"});
  w.add_file("/var/spool/postfix-a/deferred/A/A1B2C3", "msg");
  std::string e = error_of(w, {"-i", "postfix-a", "-e", "destroy"});
  EXPECT_EQ(e,
            "Instance '/etc/postfix-a' has 1 message file(s) in its queue (first: "
            "/var/spool/postfix-a/deferred/A/A1B2C3): the queue must be empty");
}

TEST(LifecycleDestroy, RefusesARunningInstance) {
  World w = base_world();
  act(w, {"-I", "postfix-a", "-e", "create"});
  w.running.insert("/etc/postfix-a");
  EXPECT_EQ(error_of(w, {"-i", "postfix-a", "-e", "destroy"}),
            "Instance '/etc/postfix-a' is not stopped");
  EXPECT_EQ(error_of(w, {"-i", "postfix-a", "-e", "deport"}),
            "Instance '/etc/postfix-a' is not stopped");
}

// ---------- bad input: one-line postmulti messages, no steps ----------

TEST(LifecycleErrors, PostmultiMessages) {
  World w = base_world();
  act(w, {"-I", "postfix-a", "-e", "create"});
  act(w, {"-i", "postfix-a", "-e", "enable"});
  EXPECT_EQ(error_of(w, {"-e", "frobnicate"}),
            "Invalid '-e' edit action 'frobnicate'. Specify 'create', 'destroy', 'import', "
            "'deport', 'enable', 'disable', 'assign' or 'init'");
  EXPECT_EQ(error_of(w, {"-e", "destroy"}), "Select an instance via '-i name'");
  EXPECT_EQ(error_of(w, {"-e", "enable", "-g", "x"}), "Select an instance via '-i name'");
  EXPECT_EQ(error_of(w, {"-i", "nosuch", "-e", "disable"}), "No instance named nosuch");
  EXPECT_EQ(error_of(w, {"-i", "-", "-e", "destroy"}), "Cannot remove the primary instance");
  EXPECT_EQ(error_of(w, {"-i", "postfix-a", "-e", "destroy"}), "Cannot remove enabled instances");
  EXPECT_EQ(error_of(w, {"-I", "mybox", "-e", "create"}),
            "New instance name must start with 'postfix-'");
  EXPECT_EQ(error_of(w, {"-I", "postfix-a", "-e", "create", "config_directory=/etc/other"}),
            "instance /etc/other, multi_instance_name=postfix-a conflicts with instance "
            "/etc/postfix-a, multi_instance_name=postfix-a");
  EXPECT_EQ(error_of(w, {"-I", "postfix-a", "-e", "create"}),
            "new config_directory=/etc/postfix-a is already in use by instance "
            "/etc/postfix-a, config_directory=/etc/postfix-a");
  EXPECT_EQ(
      error_of(w, {"-I", "postfix-q", "-e", "create", "queue_directory=/var/spool/postfix-a"}),
      "instance /etc/postfix-q, queue_directory=/var/spool/postfix-a conflicts with "
      "instance /etc/postfix-a, queue_directory=/var/spool/postfix-a");
  EXPECT_EQ(error_of(w, {"-I", "postfix-q", "-e", "create", "data_directory=/usr/sbin"}),
            "instance /etc/postfix-q, data_directory=/usr/sbin conflicts with instance "
            "/etc/postfix, command_directory=/usr/sbin");
  EXPECT_EQ(error_of(w, {"-e", "create", "config_directory=etc/x"}),
            "Parameter setting 'config_directory' is not an absolute path");
  EXPECT_EQ(error_of(w, {"-e", "create", "config_directory=///"}),
            "Parameter setting 'config_directory' is the root directory");
  EXPECT_EQ(error_of(w, {"-e", "create", "bogus"}), "Malformed parameter setting 'bogus'");
  EXPECT_EQ(error_of(w, {"-e", "create"}), "Missing config_directory parameter value");
  EXPECT_EQ(error_of(w, {"-I", "postfix-a/b", "-e", "create"}),
            "Illegal '/' character in new instance name: 'postfix-a/b'");
  EXPECT_EQ(error_of(w, {"-I", "postfix-a b", "-e", "create"}),
            "Unsafe characters in new instance name: 'postfix-a b'");
  EXPECT_EQ(error_of(w, {"-e", "disable", "-i", "a", "-I", "postfix-x"}),
            "Cannot assign instance name or group with '-e disable'");
  EXPECT_EQ(error_of(w, {"-e", "assign", "-i", "a"}),
            "Specify new instance name or group with '-e assign'");
  EXPECT_EQ(error_of(w, {"-e", "enable", "-i", "a", "x=y"}),
            "Parameter overrides not valid with '-e enable'");
  EXPECT_EQ(error_of(w, {"-e", "enable", "-l"}), "Specify exactly one of '-e', '-l', '-p', '-x'");
}

TEST(LifecycleErrors, EverythingButInitNeedsInit) {
  World w = base_world(false);
  EXPECT_EQ(error_of(w, {"-I", "postfix-a", "-e", "create"}),
            "multi_instance_wrapper is empty, run 'pfmulti -e init' first.");
}

TEST(LifecycleErrors, NonDefaultMailConfigIsRefused) {
  World w = base_world();
  LifecyclePlan p = w.plan({"pfmulti", "-e", "init"}, "/usr/sbin/pfmulti", compiled_defaults(),
                           {{"MAIL_CONFIG", "/etc/postfix-a"}});
  EXPECT_EQ(p.error.value_or(""), "open /etc/postfix-a/main.cf: No such file or directory");
  w.add_file("/etc/postfix-a/main.cf", "");
  p = w.plan({"pfmulti", "-e", "init"}, "/usr/sbin/pfmulti", compiled_defaults(),
             {{"MAIL_CONFIG", "/etc/postfix-a"}});
  EXPECT_EQ(p.error.value_or(""),
            "Non-default configuration directory: MAIL_CONFIG=/etc/postfix-a");
}

TEST(LifecycleErrors, APrimaryMainCfPostfixCannotReadIsNotEdited) {
  World w = base_world(false);
  w.files["/etc/postfix/main.cf"] += "broken line\n";
  std::string e = error_of(w, {"-e", "init"});
  EXPECT_NE(e.find("missing '='"), std::string::npos) << e;
}

TEST(LifecycleDryRun, DescribesEveryStep) {
  World w = base_world();
  LifecyclePlan p = w.plan({"pfmulti", "-I", "postfix-a", "-e", "create"});
  std::string text = describe_plan(p);
  EXPECT_NE(text.find("mkdir /var/lib/postfix-a (mode 0700)\n"), std::string::npos) << text;
  EXPECT_NE(text.find("edit /etc/postfix/main.cf: multi_instance_directories = /etc/postfix-a\n"
                      "    + multi_instance_directories = /etc/postfix-a\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("run /usr/sbin/postfix -c /etc/postfix-a set-permissions\n"),
            std::string::npos);
}

}  // namespace
}  // namespace pfmulti
