// Tests for `pfmulti apply` (impl/cli/apply_command.h) on a real scratch tree
// (tests/lifecycle_sandbox.h), commands faked (tests/support/fake_process_runner.h): -n and
// --diff change nothing; a run with --json reports changed, the steps and the diff; a second
// run reports no change and exits 0; `pfmulti -l -j` then describes exactly the document; a
// failing step undoes every step of the whole run (one transaction); a bad document or a
// damaged host is one line, exit 1, the tree byte for byte as before; --export round-trips.
#include "impl/cli/apply_command.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>

#include "lifecycle_sandbox.h"
#include "model/apply/desired_state.h"
#include "model/text/json.h"
#include "tests/support/fake_process_runner.h"

namespace pfmulti {
namespace {

using testing::Ran;
using testing::Sandbox;
using testing::slurp;
using testing::snapshot;
using testing::snapshot_diff;
using testing::TreeSnapshot;

Ran apply(const Sandbox& sb, std::vector<std::string> args, FakeProcessRunner* runner = nullptr) {
  RealFileSystem fs;
  CliContext ctx;
  ctx.program = "pfmulti";
  ctx.fs = &fs;
  ctx.out = std::tmpfile();
  ctx.err = std::tmpfile();
  ctx.args = {"-c", sb.primary};
  ctx.args.insert(ctx.args.end(), args.begin(), args.end());
  LifecycleSetup setup;
  FakeProcessRunner fallback;
  setup.runner = runner ? runner : &fallback;
  setup.probe = [](const std::vector<std::string>&) { return false; };
  setup.self_path = sb.root + "/sbin/pfmulti";
  setup.lock_wait = std::chrono::milliseconds(200);
  Ran r;
  r.status = run_apply(ctx, setup);
  r.out = slurp(ctx.out);
  r.err = slurp(ctx.err);
  return r;
}

Ran list_json(const Sandbox& sb) {
  RealFileSystem fs;
  CliContext ctx;
  ctx.program = "pfmulti";
  ctx.fs = &fs;
  ctx.out = std::tmpfile();
  ctx.err = std::tmpfile();
  ctx.args = {"-c", sb.primary, "-l", "-j"};
  Ran r;
  r.status = run_iterator(ctx);
  r.out = slurp(ctx.out);
  r.err = slurp(ctx.err);
  return r;
}

TreeSnapshot tree(const Sandbox& sb) {
  TreeSnapshot t = snapshot(sb.root);
  t.erase("etc/postfix/.pfmulti.lock");
  return t;
}

std::string write_doc(const Sandbox& sb, const std::string& text) {
  std::string path = sb.root + "/doc.json";
  std::ofstream(path) << text;
  return path;
}

std::string doc_for(const Sandbox& sb) {
  return R"({"version": 1, "instances": [
    {"name": "postfix-out", "group": "mta", "enabled": true,
     "config_directory": ")" +
         sb.root + R"(/etc/postfix-out", "settings": {"inet_interfaces": "loopback-only"}},
    {"name": "postfix-outbound", "config_directory": ")" +
         sb.root + R"(/etc/postfix-outbound"}]})";
}

Json parse(const std::string& line) {
  auto j = parse_json(line);
  EXPECT_TRUE(j.is_ok()) << line;
  return j.is_ok() ? *j : Json();
}

TEST(ApplyCommand, DryRunAndDiffChangeNothing) {
  Sandbox sb;
  std::string doc = write_doc(sb, doc_for(sb));
  TreeSnapshot before = tree(sb);
  Ran r = apply(sb, {"-n", "--diff", doc});
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("create postfix-out: pfmulti -e create -I postfix-out -G mta"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("--- /dev/null\n+++ " + sb.root + "/etc/postfix-out/main.cf\n"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("+++ " + sb.primary + "/main.cf\n"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("+inet_interfaces = loopback-only\n"), std::string::npos) << r.out;
  EXPECT_EQ(tree(sb), before) << snapshot_diff(before, tree(sb));
}

TEST(ApplyCommand, ApplyThenApplyAgainReportsNoChangeAndTheListingIsTheDocument) {
  Sandbox sb;
  std::string doc = write_doc(sb, doc_for(sb));
  FakeProcessRunner runner;
  Ran r = apply(sb, {"--json", doc}, &runner);
  ASSERT_EQ(r.status, 0) << r.err;
  Json first = parse(r.out);
  EXPECT_EQ(*first.find("changed"), Json(true));
  EXPECT_EQ(first.find("changes")->as_array().size(), 4u) << r.out;  // 2 creates, enable, set
  EXPECT_FALSE(first.find("diff")->as_string().empty());
  EXPECT_EQ(runner.started.size(), 2u);  // the two set-permissions
  TreeSnapshot after_first = tree(sb);

  Ran again = apply(sb, {"--json", "--diff", doc});
  ASSERT_EQ(again.status, 0) << again.err;
  Json second = parse(again.out);
  EXPECT_EQ(*second.find("changed"), Json(false));
  EXPECT_TRUE(second.find("changes")->as_array().empty());
  EXPECT_EQ(second.find("diff")->as_string(), "");
  EXPECT_EQ(tree(sb), after_first) << snapshot_diff(after_first, tree(sb));
  Ran text = apply(sb, {doc});
  EXPECT_EQ(text.out, "no changes\n");

  // -l -j: the primary, then exactly the document's instances.
  Ran l = list_json(sb);
  ASSERT_EQ(l.status, 0) << l.err;
  std::vector<std::string> lines;
  for (size_t p = 0, e; (e = l.out.find('\n', p)) != std::string::npos; p = e + 1)
    lines.push_back(l.out.substr(p, e - p));
  ASSERT_EQ(lines.size(), 3u) << l.out;
  Json out = parse(lines[1]), outbound = parse(lines[2]);
  EXPECT_EQ(*out.find("name"), Json("postfix-out"));
  EXPECT_EQ(*out.find("group"), Json("mta"));
  EXPECT_EQ(*out.find("enabled"), Json("y"));  // as postmulti 3.11 -l -j writes it
  EXPECT_EQ(*out.find("config_directory"), Json(sb.root + "/etc/postfix-out"));
  EXPECT_EQ(*outbound.find("name"), Json("postfix-outbound"));
  EXPECT_EQ(*outbound.find("enabled"), Json("n"));

  // --export, applied, changes nothing.
  Ran e = apply(sb, {"--export"});
  ASSERT_EQ(e.status, 0) << e.err;
  auto exported = parse_desired_state(e.out);
  ASSERT_TRUE(exported.is_ok()) << exported.error();
  EXPECT_EQ(exported->instances.size(), 2u);
  std::string edoc = write_doc(sb, e.out);
  Ran back = apply(sb, {"--json", "--prune", edoc});
  EXPECT_EQ(*parse(back.out).find("changed"), Json(false)) << back.out;
}

TEST(ApplyCommand, AFailingStepUndoesTheWholeRun) {
  Sandbox sb(/*initialized=*/false);
  std::string doc = write_doc(sb, doc_for(sb));
  TreeSnapshot before = tree(sb);
  FakeProcessRunner runner;
  runner.script.push_back(FakeChild{});  // the first set-permissions succeeds
  FakeChild fails;
  fails.status.exit_code = 1;
  runner.script.push_back(fails);  // the second fails: init and the first create go too
  Ran r = apply(sb, {"--json", doc}, &runner);
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.err.find("set-permissions failed (exit status 1); undone: "), std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("nothing was changed"), std::string::npos) << r.err;
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
  Json result = parse(r.out);
  EXPECT_EQ(*result.find("changed"), Json(false));
  EXPECT_NE(result.find("error"), nullptr);
  EXPECT_EQ(tree(sb), before) << snapshot_diff(before, tree(sb));
}

void expect_refused_unchanged(const Sandbox& sb, const std::string& doc_text,
                              const std::string& message_part) {
  std::string doc = write_doc(sb, doc_text);
  TreeSnapshot before = tree(sb);
  SCOPED_TRACE(doc_text);
  Ran r = apply(sb, {doc});
  EXPECT_EQ(r.status, 1);
  EXPECT_EQ(r.err.rfind("pfmulti: fatal: ", 0), 0u) << r.err;
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
  EXPECT_NE(r.err.find(message_part), std::string::npos) << r.err;
  EXPECT_EQ(tree(sb), before) << snapshot_diff(before, tree(sb));
}

TEST(ApplyCommand, BadDocumentsAndDamagedHostsAreOneLineAndChangeNothing) {
  Sandbox sb;
  ASSERT_EQ(apply(sb, {write_doc(sb, doc_for(sb))}).status, 0);
  expect_refused_unchanged(sb, "{\"version\": 1, \"instances\": [{\"name\": \"postfix-x\"}]}",
                           "doc.json: $.instances[0]: config_directory is missing");
  expect_refused_unchanged(
      sb,
      "{\"version\": 1, \"instances\": [{\"name\": \"postfix-out\", "
      "\"config_directory\": \"" +
          sb.root + "/etc/elsewhere\"}]}",
      "instance postfix-out: config_directory is " + sb.root + "/etc/postfix-out on the host");
  // A name another instance has: the life-cycle planner's claim check, named.
  expect_refused_unchanged(sb,
                           "{\"version\": 1, \"instances\": [{\"name\": \"postfix-out\", "
                           "\"config_directory\": \"" +
                               sb.root +
                               "/etc/postfix-out\"}, {\"name\": \"postfix-x\", "
                               "\"queue_directory\": \"" +
                               sb.root + "/spool/postfix-out\", \"config_directory\": \"" +
                               sb.root + "/etc/postfix-x\"}]}",
                           "instance postfix-x: create: ");
  // Damage: an instance's main.cf that postmulti cannot read.
  std::ofstream(sb.root + "/etc/postfix-outbound/main.cf", std::ios::app)
      << "multi_instance_enable = maybe\n";
  expect_refused_unchanged(sb, doc_for(sb),
                           "instance " + sb.root + "/etc/postfix-outbound cannot be read");
  Ran r = apply(sb, {"--json", write_doc(sb, doc_for(sb))});
  EXPECT_EQ(r.status, 1);
  Json result = parse(r.out);
  EXPECT_NE(result.find("error")->as_string().find("cannot be read"), std::string::npos);
}

TEST(ApplyCommand, UsageErrorsExitTwo) {
  Sandbox sb;
  EXPECT_EQ(apply(sb, {}).status, 2);
  EXPECT_EQ(apply(sb, {"--frob", "x"}).status, 2);
  EXPECT_EQ(apply(sb, {"a", "b"}).status, 2);
  EXPECT_EQ(apply(sb, {"--export", "a"}).status, 2);
}

}  // namespace
}  // namespace pfmulti
