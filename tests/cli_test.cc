// Tests of the pfmulti binary's manager modes (impl/cli/manager_command.cc,
// impl/cli/cli_options.cc): every bad input of the issue's list gives ONE stderr line naming the
// culprit and a non-zero exit, and starts nothing it should not (checked with `-x STUB record
// FILE`: each instance command appends a line to FILE); dry runs start nothing; --json lines parse
// as JSON; -l and -j listings; postfix-wrapper mode (argv[0]) refuses to run without its
// environment; a closed stdout does not disturb a run.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <pty.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#include <algorithm>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <sstream>

#include <fmt/format.h>

#include "model/text/json.h"

extern char** environ;

namespace pfmulti {
namespace {

namespace fs = std::filesystem;

std::string pfmulti_bin() {
  const char* env = std::getenv("PFMULTI_BIN");
  return env ? env : PFMULTI_BINARY_DIR "/pfmulti";
}

std::string slurp(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

struct Ran {
  int status = -1;
  std::string out, err;
};

// Runs program with args (argv[0] = program) and env (NAME=VALUE strings; empty: ours).
// close_stdout: start it with fd 1 closed. stdout_path: fd 1 opened on that file instead of a
// capture (/dev/full); stdin_path: fd 0 opened on that file.
Ran run(const std::string& program, const std::vector<std::string>& args,
        std::vector<std::string> env = {}, bool close_stdout = false,
        const char* stdout_path = nullptr, const char* stdin_path = nullptr) {
  std::string dir = fs::temp_directory_path() / ("pfmulti-cli-out." + std::to_string(::getpid()));
  fs::create_directories(dir);
  std::string out = dir + "/out", err = dir + "/err";
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  if (stdin_path) posix_spawn_file_actions_addopen(&fa, 0, stdin_path, O_RDONLY, 0);
  if (close_stdout) {
    posix_spawn_file_actions_addclose(&fa, 1);
  } else if (stdout_path) {
    posix_spawn_file_actions_addopen(&fa, 1, stdout_path, O_WRONLY, 0);
  } else {
    posix_spawn_file_actions_addopen(&fa, 1, out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  }
  posix_spawn_file_actions_addopen(&fa, 2, err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  std::vector<std::string> argv_s = {program};
  argv_s.insert(argv_s.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& a : argv_s) argv.push_back(a.data());
  argv.push_back(nullptr);
  std::vector<char*> envp;
  if (env.empty()) {
    for (char** e = environ; *e; ++e) envp.push_back(*e);
  } else {
    for (auto& e : env) envp.push_back(e.data());
  }
  envp.push_back(nullptr);
  pid_t pid;
  Ran r;
  if (posix_spawn(&pid, program.c_str(), &fa, nullptr, argv.data(), envp.data()) == 0) {
    int st;
    waitpid(pid, &st, 0);
    r.status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
  }
  posix_spawn_file_actions_destroy(&fa);
  r.out = close_stdout || stdout_path ? "" : slurp(out);
  r.err = slurp(err);
  fs::remove_all(dir);
  return r;
}

// A multi-instance tree: primary p (enabled) listing instances a, b, c (enabled), each with its
// own queue and data directory; shared directories that exist.
class Tree : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string tmpl = fs::temp_directory_path() / "pfmulti-cli.XXXXXX";
    root_ = ::mkdtemp(tmpl.data());
    for (const char* d : {"sbin", "libexec", "lib", "p"}) fs::create_directories(root_ + "/" + d);
    for (const char* n : {"a", "b", "c"}) instance(n);
    primary(dir("a") + " " + dir("b") + " " + dir("c"));
  }
  void TearDown() override {
    fs::permissions(root_, fs::perms::owner_all);
    fs::remove_all(root_);
  }
  std::string dir(const std::string& name) const { return root_ + "/" + name; }
  std::string rec() const { return root_ + "/rec"; }
  void write(const std::string& path, const std::string& text) {
    fs::create_directories(fs::path(path).parent_path());
    std::ofstream(path) << text;
  }
  void instance(const std::string& n, const std::string& extra = "") {
    write(dir(n) + "/main.cf", "queue_directory = " + root_ + "/q/" + n + "\ndata_directory = " +
                                   root_ + "/d/" + n + "\nmulti_instance_enable = yes\n" +
                                   "multi_instance_name = postfix-" + n + "\n" + extra);
  }
  void primary(const std::string& list, const std::string& extra = "") {
    write(dir("p") + "/main.cf",
          "command_directory = " + dir("sbin") + "\ndaemon_directory = " + dir("libexec") +
              "\nmeta_directory = " + dir("p") + "\nshlib_directory = " + dir("lib") +
              "\nqueue_directory = " + root_ + "/q/p\ndata_directory = " + root_ +
              "/d/p\nmulti_instance_enable = yes\nmulti_instance_wrapper = " + pfmulti_bin() +
              " -p --\nmulti_instance_directories = " + list + "\n" + extra);
  }
  // pfmulti -c DIR(p) ARGS... -x STUB record REC
  Ran pfx(std::vector<std::string> args) {
    std::vector<std::string> all = {"-c", dir("p")};
    all.insert(all.end(), args.begin(), args.end());
    for (const char* a : {"-x", PFMULTI_STUB, "record"}) all.push_back(a);
    all.push_back(rec());
    return run(pfmulti_bin(), all);
  }
  // The instances whose command ran, in order ("p a b").
  std::string ran() {
    std::string out, text = slurp(rec());
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) {
      std::string d = line.substr(line.rfind(' ') + 1);
      if (!out.empty()) out += ' ';
      out += d.substr(d.rfind('/') + 1);
    }
    return out;
  }
  std::string root_;
};

std::string fmt_line(const std::string& name, const std::string& group, const std::string& enabled,
                     const std::string& dir) {
  return fmt::format("{:<15} {:<15} {:<9} {}\n", name, group, enabled, dir);
}

// One line on stderr, naming `culprit`; non-zero exit.
void expect_one_line_error(const Ran& r, const std::string& culprit) {
  EXPECT_NE(r.status, 0);
  ASSERT_FALSE(r.err.empty());
  EXPECT_EQ(r.err.back(), '\n') << r.err;
  EXPECT_EQ(r.err.find('\n'), r.err.size() - 1) << "more than one line:\n" << r.err;
  EXPECT_NE(r.err.find(culprit), std::string::npos) << "no \"" << culprit << "\" in: " << r.err;
}

TEST_F(Tree, GoodTreeRunsEveryInstanceInOrder) {
  Ran r = pfx({});
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(ran(), "p a b c");
  EXPECT_EQ(r.err, "");
}

TEST_F(Tree, UnknownShortOptionIsNamedAndNothingRuns) {
  Ran r = pfx({"-Z"});
  expect_one_line_error(r, "'Z'");
  EXPECT_EQ(ran(), "");
}

// start-fg refuses pfmulti's options it would not use (it supervises masters: no --json record,
// no --parallel, no --timeout); nothing starts. With -n the refusal comes before the plan.
TEST_F(Tree, StartFgRefusesOptionsItDoesNotUseAndNothingRuns) {
  for (const char* opt : {"--json", "--parallel=2", "--timeout=5", "--tag"}) {
    SCOPED_TRACE(opt);
    std::string name = std::string(opt).substr(0, std::string(opt).find('='));
    expect_one_line_error(run(pfmulti_bin(), {"start-fg", "-c", dir("p"), "-n", opt}), name);
    expect_one_line_error(run(pfmulti_bin(), {"-c", dir("p"), opt, "-n", "-p", "start-fg"}), name);
  }
  Ran ok = run(pfmulti_bin(), {"start-fg", "-c", dir("p"), "-n"});
  EXPECT_EQ(ok.status, 0) << ok.err;
  EXPECT_NE(ok.out.find("stop order:"), std::string::npos) << ok.out;
}

TEST_F(Tree, UnknownLongOptionIsNamedAndNothingRuns) {
  Ran r = pfx({"--frobnicate"});
  expect_one_line_error(r, "--frobnicate");
  EXPECT_EQ(ran(), "");
}

TEST_F(Tree, MissingOptionArgumentsAreNamed) {
  expect_one_line_error(run(pfmulti_bin(), {"-c", dir("p"), "-l", "-g"}), "'g'");
  expect_one_line_error(run(pfmulti_bin(), {"-l", "-c"}), "-c");
  expect_one_line_error(run(pfmulti_bin(), {"-c", dir("p"), "-l", "--timeout"}), "--timeout");
  expect_one_line_error(run(pfmulti_bin(), {"-c", dir("p"), "--profile"}), "--profile");
  Ran r = run(pfmulti_bin(), {"-c", dir("p"), "-x"});
  expect_one_line_error(r, "Command required");
}

TEST_F(Tree, RelativeDashCIsNamedAndNothingRuns) {
  Ran r = run(pfmulti_bin(), {"-c", "etc/postfix", "-x", PFMULTI_STUB, "record", rec()});
  expect_one_line_error(r, "\"etc/postfix\"");
  EXPECT_EQ(ran(), "");
}

TEST_F(Tree, ListedDirectoryWithoutMainCfIsNamedAndNotRun) {
  primary(dir("a") + " " + dir("nomain") + " " + dir("b"));
  Ran r = pfx({});
  expect_one_line_error(r, dir("nomain") + "/main.cf");
  EXPECT_EQ(r.status, 1);
  EXPECT_EQ(ran(), "p a b") << "pfmulti's postmulti profile isolates the damaged instance";
}

TEST_F(Tree, ListedDirectoryWithoutMainCfStopsEverythingUnderPostmultiStrict) {
  primary(dir("a") + " " + dir("nomain") + " " + dir("b"));
  Ran r = pfx({"--profile", "postmulti-strict"});
  expect_one_line_error(r, dir("nomain") + "/main.cf");
  EXPECT_EQ(ran(), "") << "postmulti 3.7 aborts before running anything";
}

TEST_F(Tree, UnreadableInstanceMainCfIsNamedAndNotRun) {
  fs::remove(dir("b") + "/main.cf");
  fs::create_directories(dir("b") + "/main.cf");  // unreadable even for root: EISDIR
  Ran r = pfx({});
  expect_one_line_error(r, dir("b") + "/main.cf");
  EXPECT_EQ(ran(), "p a c");
}

TEST_F(Tree, UnreadablePrimaryMainCfIsFatal) {
  fs::remove(dir("p") + "/main.cf");
  fs::create_directories(dir("p") + "/main.cf");
  Ran r = pfx({});
  expect_one_line_error(r, dir("p") + "/main.cf");
  EXPECT_EQ(ran(), "");
}

TEST_F(Tree, ConflictingQueueDirectoryNamesBothInstancesAndTheSecondDoesNotRun) {
  instance("b", "queue_directory = " + root_ + "/q/a\n");
  Ran r = pfx({});
  expect_one_line_error(r, "queue_directory=" + root_ + "/q/a");
  EXPECT_NE(r.err.find(dir("a")), std::string::npos) << r.err;
  EXPECT_NE(r.err.find(dir("b")), std::string::npos) << r.err;
  EXPECT_EQ(ran(), "p a c");
}

TEST_F(Tree, ConflictingNamesStopEverythingUnderPostmultiStrict) {
  instance("c", "multi_instance_name = postfix-a\n");
  Ran r = pfx({"--profile", "postmulti-strict"});
  expect_one_line_error(r, "multi_instance_name=postfix-a");
  EXPECT_EQ(ran(), "");
}

TEST_F(Tree, BadEnableValueIsNamed) {
  instance("b", "multi_instance_enable = maybe\n");
  Ran r = pfx({});
  expect_one_line_error(r, "maybe");
  EXPECT_EQ(ran(), "p a c");
}

TEST_F(Tree, OptionCombinationsPostmultiRefuses) {
  expect_one_line_error(run(pfmulti_bin(), {"-c", dir("p"), "-R", "-p", "start"}), "-R");
  expect_one_line_error(run(pfmulti_bin(), {"-c", dir("p"), "-j", "-p", "start"}), "-l");
  expect_one_line_error(run(pfmulti_bin(), {"-c", dir("p"), "-l", "-p", "start"}), "exactly one");
  expect_one_line_error(run(pfmulti_bin(), {"-c", dir("p"), "-i", "nosuch", "-p", "status"}),
                        "No matching instances");
  expect_one_line_error(run(pfmulti_bin(), {"-c", dir("p"), "--profile", "nope", "-l"}),
                        "\"nope\"");
  expect_one_line_error(run(pfmulti_bin(), {"-c", dir("p"), "--timeout", "-3", "-l"}), "\"-3\"");
}

// -j is decided from postmulti's reading of the command line: in `-j -g -l -p status`, -g takes
// "-l" as its argument, so the mode is -p and -j is refused (postmulti 3.7 refuses it too).
TEST_F(Tree, JsonListingIsDecidedFromThePostmultiMode) {
  Ran r = run(pfmulti_bin(), {"-c", dir("p"), "-j", "-g", "-l", "-p", "status"});
  expect_one_line_error(r, "JSON output available only with '-l'");
  EXPECT_EQ(ran(), "");
  Ran l = run(pfmulti_bin(), {"-c", dir("p"), "-j", "-g", "-l", "-l"});  // group "-l": none
  EXPECT_EQ(l.status, 0) << l.err;
  EXPECT_EQ(l.out, "");
}

TEST_F(Tree, DryRunStartsNothingAndPrintsEveryAction) {
  Ran r = pfx({"-n"});
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(ran(), "");
  for (const char* n : {"p", "a", "b", "c"})
    EXPECT_NE(r.out.find("run  " + dir(n) + ": "), std::string::npos) << r.out;
  Ran j = pfx({"--dry-run", "--json"});
  EXPECT_EQ(ran(), "");
  int lines = 0;
  std::istringstream in(j.out);
  for (std::string line; std::getline(in, line); ++lines)
    EXPECT_TRUE(parse_json(line).is_ok()) << line;
  EXPECT_EQ(lines, 5);  // four actions and the summary
}

TEST_F(Tree, DryRunOfABadCommandStillFails) {
  Ran r = run(pfmulti_bin(), {"-c", dir("p"), "-n", "-i", "nosuch", "-p", "start"});
  EXPECT_NE(r.status, 0);
  EXPECT_NE(r.err.find("No matching instances"), std::string::npos) << r.err;
}

TEST_F(Tree, JsonOutcomesParseAndCarryStatusSignalAndDuration) {
  instance("b", "multi_instance_name = postfix-b\n");
  Ran r = run(pfmulti_bin(),
              {"-c", dir("p"), "--json", "-x", PFMULTI_STUB, "kill", std::to_string(SIGTERM)});
  EXPECT_EQ(r.status, 1);
  std::vector<Json> lines;
  std::istringstream in(r.out);
  for (std::string line; std::getline(in, line);) {
    auto j = parse_json(line);
    ASSERT_TRUE(j.is_ok()) << line;
    lines.push_back(*j);
  }
  ASSERT_EQ(lines.size(), 5u);
  for (size_t i = 0; i < 4; ++i) {
    const Json& o = lines[i];
    EXPECT_EQ(o.find("signal")->as_string(), "SIGTERM");
    EXPECT_TRUE(o.find("exit_status")->is_null());
    EXPECT_TRUE(o.find("duration_ms")->is_int());
    EXPECT_EQ(o.find("argv")->as_array().size(), 3u);
  }
  EXPECT_EQ(lines[1].find("config_directory")->as_string(), dir("a"));
  EXPECT_EQ(lines[1].find("name")->as_string(), "postfix-a");  // R182
  const Json* summary = lines[4].find("summary");
  ASSERT_NE(summary, nullptr);
  EXPECT_EQ(summary->find("exit_status")->as_int(), 1);
  EXPECT_EQ(summary->find("failed")->as_array().size(), 4u);
}

// Issue 15 item 4: stderr is a file here (no terminal); each failed instance gets one line with
// its name and config directory and why, in text mode and with --json (stdout stays JSON).
TEST_F(Tree, EveryFailedInstanceIsNamedOnStderrWithoutATerminal) {
  for (bool json : {false, true}) {
    std::vector<std::string> args{"-c", dir("p")};
    if (json) args.push_back("--json");
    for (const char* a : {"-x", PFMULTI_STUB, "exit", "3"}) args.push_back(a);
    Ran r = run(pfmulti_bin(), args);
    EXPECT_EQ(r.status, 1) << r.err;  // postmulti: 1 if any instance fails
    for (const char* n : {"a", "b", "c"}) {
      std::string want = fmt::format("pfmulti: error: postfix-{} ({}): ", n, dir(n));
      EXPECT_NE(r.err.find(want), std::string::npos) << want << " not in:\n" << r.err;
    }
    EXPECT_NE(r.err.find("- (" + dir("p") + "): "), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("exit status 3"), std::string::npos) << r.err;
    size_t lines = 0;
    for (char c : r.err) lines += c == '\n';
    EXPECT_EQ(lines, 4u) << "one line per failed instance:\n" << r.err;
    if (json) {
      std::istringstream in(r.out);
      for (std::string line; std::getline(in, line);) EXPECT_TRUE(parse_json(line).is_ok()) << line;
    }
  }
}

// Runs pfmulti with args, its stdout a terminal (a pty we read) and its stderr a file.
Ran run_on_terminal(const std::vector<std::string>& args) {
  int master = -1, slave = -1;
  Ran r;
  if (::openpty(&master, &slave, nullptr, nullptr, nullptr) != 0) return r;
  struct termios t;
  ::tcgetattr(slave, &t);
  t.c_oflag &= ~static_cast<tcflag_t>(OPOST);  // no "\r\n" for "\n"
  ::tcsetattr(slave, TCSANOW, &t);
  std::string err = fs::temp_directory_path() / ("pfmulti-cli-tty." + std::to_string(::getpid()));
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_adddup2(&fa, slave, 1);
  posix_spawn_file_actions_addopen(&fa, 2, err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_addclose(&fa, master);
  std::vector<std::string> argv_s = {pfmulti_bin()};
  argv_s.insert(argv_s.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& a : argv_s) argv.push_back(a.data());
  argv.push_back(nullptr);
  pid_t pid;
  if (posix_spawn(&pid, argv[0], &fa, nullptr, argv.data(), environ) == 0) {
    ::close(slave);
    char buf[4096];
    for (;;) {  // until the last writer is gone (EIO)
      ssize_t n = ::read(master, buf, sizeof buf);
      if (n <= 0) break;
      r.out.append(buf, static_cast<size_t>(n));
    }
    int st;
    waitpid(pid, &st, 0);
    r.status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
  } else {
    ::close(slave);
  }
  ::close(master);
  posix_spawn_file_actions_destroy(&fa);
  r.err = slurp(err);
  fs::remove(err);
  return r;
}

// The lines of text.
std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

// Issue 15 item 1, rules.md R180: with --json, stdout carries JSON only, whatever the children
// print to their stdout and stderr (the stub writes each line in two pieces), sequential and
// with --parallel; what each child printed is in its own record, whole.
TEST_F(Tree, JsonStdoutIsJsonOnlyAndEachRecordHoldsItsChildsOutput) {
  for (const char* parallel : {"1", "3"}) {
    Ran r = run(pfmulti_bin(), {"-c", dir("p"), "--json", "--parallel", parallel, "-x",
                                PFMULTI_STUB, "lines", "40", "w"});
    EXPECT_EQ(r.status, 0) << r.err;
    std::string want_out, want_err;
    for (int i = 0; i < 40; ++i) {
      want_out += fmt::format("w {}\n", i);
      want_err += fmt::format("w err {}\n", i);
    }
    want_out += "w end\n";
    size_t records = 0;
    for (const std::string& line : lines_of(r.out)) {
      auto j = parse_json(line);
      ASSERT_TRUE(j.is_ok()) << "not JSON: " << line;
      if (j->find("summary")) continue;
      ++records;
      EXPECT_EQ(j->find("stdout")->as_string(), want_out);
      EXPECT_EQ(j->find("stderr")->as_string(), want_err);
      EXPECT_FALSE(j->find("stdout_truncated")->as_bool());
      EXPECT_TRUE(j->find("config_directory")->is_string());
      EXPECT_TRUE(j->find("name")->is_string() || j->find("name")->is_null());
      EXPECT_TRUE(j->find("group")->is_null());
    }
    EXPECT_EQ(records, 4u) << r.out;
    EXPECT_EQ(r.err.find("w err"), std::string::npos) << "a child's stderr leaked:\n" << r.err;
  }
}

// R180: a record keeps at most kRecordedOutputLimit bytes of a stream (whole lines) and says
// that it dropped the rest; the child is still read to its end and exits normally.
TEST_F(Tree, JsonRecordOfAHugeOutputIsBoundedAndFlagged) {
  Ran r = run(pfmulti_bin(), {"-c", dir("p"), "--json", "-i", "postfix-a", "-x", PFMULTI_STUB,
                              "output", "300000"});
  EXPECT_EQ(r.status, 0) << r.err;
  auto lines = lines_of(r.out);
  ASSERT_EQ(lines.size(), 2u) << r.out.substr(0, 300);
  auto j = parse_json(lines[0]);
  ASSERT_TRUE(j.is_ok());
  EXPECT_TRUE(j->find("stdout_truncated")->as_bool());
  EXPECT_LE(j->find("stdout")->as_string().size(), 65536u);
  EXPECT_FALSE(j->find("stderr_truncated")->as_bool());
  EXPECT_EQ(j->find("exit_status")->as_int(), 0);
}

// R181: --tag labels every line of every child with its instance (name, else directory), on
// the stream it was written to; with --parallel, lines of concurrent children never mix inside
// a line although each child writes every line in two pieces.
TEST_F(Tree, TagLabelsEveryLineAndConcurrentLinesNeverMix) {
  for (const char* parallel : {"1", "3"}) {
    Ran r = run(pfmulti_bin(), {"-c", dir("p"), "--tag", "--parallel", parallel, "-x", PFMULTI_STUB,
                                "lines", "200", "word"});
    EXPECT_EQ(r.status, 0) << r.err;
    std::map<std::string, int> out_count, err_count;
    for (const std::string& line : lines_of(r.out)) {
      size_t colon = line.find(": ");
      ASSERT_NE(colon, std::string::npos) << line;
      std::string label = line.substr(0, colon), rest = line.substr(colon + 2);
      int n = out_count[label]++;
      EXPECT_EQ(rest, n < 200 ? fmt::format("word {}", n) : "word end") << label;
    }
    for (const std::string& line : lines_of(r.err)) {
      size_t colon = line.find(": ");
      ASSERT_NE(colon, std::string::npos) << line;
      std::string label = line.substr(0, colon);
      EXPECT_EQ(line.substr(colon + 2), fmt::format("word err {}", err_count[label]++));
    }
    std::map<std::string, int> want_out{
        {dir("p"), 201}, {"postfix-a", 201}, {"postfix-b", 201}, {"postfix-c", 201}};
    std::map<std::string, int> want_err{
        {dir("p"), 200}, {"postfix-a", 200}, {"postfix-b", 200}, {"postfix-c", 200}};
    EXPECT_EQ(out_count, want_out);
    EXPECT_EQ(err_count, want_err);
  }
}

// R181: without --tag, -x labels only when stdout is a terminal; a pipe or a file gets the
// children's bytes as postmulti passes them on; --no-tag never labels.
TEST_F(Tree, DashXLabelsOnATerminalOnly) {
  std::vector<std::string> x = {"-c",         dir("p"), "-i", "postfix-a", "-x",
                                PFMULTI_STUB, "lines",  "1",  "w"};
  Ran file = run(pfmulti_bin(), x);
  EXPECT_EQ(file.out, "w 0\nw end");
  Ran tty = run_on_terminal(x);
  ASSERT_EQ(tty.status, 0) << tty.err;
  EXPECT_EQ(tty.out, "postfix-a: w 0\npostfix-a: w end\n");
  EXPECT_EQ(tty.err, "postfix-a: w err 0\n");
  std::vector<std::string> no = x;
  no.insert(no.begin() + 2, "--no-tag");
  EXPECT_EQ(run_on_terminal(no).out, "w 0\nw end");
}

// rules.md R183: `pfmulti status` selects as the other modes do (-a, -g GROUP, -i NAME by name,
// name without "postfix-", or directory); a selection that matches nothing is postmulti's "No
// matching instances"; its messages go through diagnostic() (R126: a control byte of an
// argument is quoted, never written raw).
TEST_F(Tree, StatusSelectsLikeTheOtherModes) {
  instance("b", "multi_instance_group = mta\n");
  auto dirs = [](const Ran& r) {
    std::string out;
    for (const std::string& line : lines_of(r.out)) {
      auto j = parse_json(line);
      if (!j.is_ok()) return std::string("not JSON: ") + line;
      std::string d = j->find("config_directory")->as_string();
      out += (out.empty() ? "" : " ") + d.substr(d.rfind('/') + 1);
    }
    return out;
  };
  std::vector<std::string> base = {"status", "-c", dir("p"), "--json"};
  auto with = [&](std::vector<std::string> more) {
    std::vector<std::string> all = base;
    all.insert(all.end(), more.begin(), more.end());
    return run(pfmulti_bin(), all);
  };
  EXPECT_EQ(dirs(with({})), "p a b c");
  EXPECT_EQ(dirs(with({"-a"})), "p a b c");
  EXPECT_EQ(dirs(with({"-g", "mta"})), "b");
  EXPECT_EQ(dirs(with({"-i", "a"})), "a");
  EXPECT_EQ(dirs(with({"-ipostfix-c"})), "c");
  EXPECT_EQ(dirs(with({"-i", dir("b")})), "b");
  EXPECT_EQ(dirs(with({"-i", "-"})), "p");
  Ran none = with({"-g", "nosuch"});
  EXPECT_EQ(none.status, 1);
  EXPECT_EQ(none.out, "");
  EXPECT_EQ(none.err, "pfmulti: fatal: No matching instances\n");
  Ran both = with({"-a", "-i", "a"});
  EXPECT_EQ(both.status, 2);
  EXPECT_NE(both.err.find("exclude each other"), std::string::npos) << both.err;
  Ran odd = with({"\x1b[31m"});
  EXPECT_EQ(odd.status, 2);
  EXPECT_EQ(odd.err.find('\x1b'), std::string::npos) << odd.err;
  EXPECT_NE(odd.err.find("usage: pfmulti status"), std::string::npos) << odd.err;
}

// rules.md R184: -e --json prints its steps (-n) and one summary naming the instance the action
// is for, by name, group and config directory; a refused action is a summary with its error and
// the fatal line on stderr.
TEST_F(Tree, LifecycleJsonNamesTheInstanceAndKeepsStdoutJson) {
  instance("b", "multi_instance_group = mta\n");
  ASSERT_EQ(run(pfmulti_bin(), {"-c", dir("p"), "-e", "init"}).status, 0);
  Ran dry = run(pfmulti_bin(), {"-c", dir("p"), "-n", "--json", "-e", "disable", "-i", "b"});
  EXPECT_EQ(dry.status, 0) << dry.err;
  auto lines = lines_of(dry.out);
  ASSERT_EQ(lines.size(), 2u) << dry.out;
  auto step = parse_json(lines[0]);
  ASSERT_TRUE(step.is_ok()) << lines[0];
  EXPECT_EQ(step->find("op")->as_string(), "write-file");
  EXPECT_EQ(step->find("path")->as_string(), dir("b") + "/main.cf");
  Ran r = run(pfmulti_bin(), {"-c", dir("p"), "--json", "-e", "disable", "-i", "b"});
  EXPECT_EQ(r.status, 0) << r.err;
  lines = lines_of(r.out);
  ASSERT_EQ(lines.size(), 1u) << r.out;
  auto j = parse_json(lines[0]);
  ASSERT_TRUE(j.is_ok()) << lines[0];
  const Json* s = j->find("summary");
  ASSERT_NE(s, nullptr);
  EXPECT_EQ(s->find("action")->as_string(), "disable");
  EXPECT_EQ(s->find("name")->as_string(), "postfix-b");
  EXPECT_EQ(s->find("group")->as_string(), "mta");
  EXPECT_EQ(s->find("config_directory")->as_string(), dir("b"));
  EXPECT_EQ(s->find("exit_status")->as_int(), 0);
  EXPECT_TRUE(s->find("error")->is_null());
  EXPECT_EQ(s->find("steps_done")->as_int(), s->find("steps")->as_int());
  EXPECT_NE(slurp(dir("b") + "/main.cf").find("multi_instance_enable = no"), std::string::npos);
  Ran bad = run(pfmulti_bin(), {"-c", dir("p"), "--json", "-e", "disable", "-i", "nosuch"});
  EXPECT_EQ(bad.status, 1);
  lines = lines_of(bad.out);
  ASSERT_EQ(lines.size(), 1u) << bad.out;
  auto b = parse_json(lines[0]);
  ASSERT_TRUE(b.is_ok()) << lines[0];
  EXPECT_EQ(b->find("summary")->find("error")->as_string(), "No instance named nosuch");
  EXPECT_EQ(bad.err, "pfmulti: fatal: No instance named nosuch\n");
}

// Issue 15 item 6: GNU conventions and one exit-status table (docs/pfmulti.1 EXIT STATUS).
TEST_F(Tree, HelpVersionAndUsageErrorsFollowGnuConventions) {
  for (const char* h : {"-h", "--help"}) {
    Ran r = run(pfmulti_bin(), {h});
    EXPECT_EQ(r.status, 0) << h;
    EXPECT_NE(r.out.find("Exit status:"), std::string::npos) << h << " on stdout";
    EXPECT_EQ(r.err, "") << h;
  }
  Ran v = run(pfmulti_bin(), {"--version"});
  EXPECT_EQ(v.status, 0);
  EXPECT_EQ(v.out.rfind("pfmulti ", 0), 0u) << v.out;
  EXPECT_EQ(run(pfmulti_bin(), {}).status, 2) << "no arguments: usage";
  for (std::vector<std::string> bad : {std::vector<std::string>{"-Z"},
                                       {"--bogus"},
                                       {"-c", "relative", "-l"},
                                       {"--timeout", "x", "-l"},
                                       {"-c", dir("p"), "-p"},
                                       {"-c", dir("p"), "-l", "-p"},
                                       {"-c", dir("p"), "-j", "-p", "start"},
                                       {"status", "--bogus"},
                                       {"lint", "extra"}}) {
    Ran r = run(pfmulti_bin(), bad);
    EXPECT_EQ(r.status, 2) << bad[0] << ": " << r.err;
    EXPECT_EQ(r.out, "") << bad[0];
  }
  // An instance failure is 1, not 2.
  EXPECT_EQ(run(pfmulti_bin(), {"-c", dir("p"), "-i", "a", "-x", PFMULTI_STUB, "exit", "1"}).status,
            1);
}

// Issue 15 item 1: --json -l adds nothing to -l -j (postmulti 3.11's bytes): no summary object.
TEST_F(Tree, JsonListIsTheSameBytesAsDashJ) {
  Ran j = run(pfmulti_bin(), {"-c", dir("p"), "-l", "-j"});
  Ran json = run(pfmulti_bin(), {"-c", dir("p"), "--json", "-l"});
  EXPECT_EQ(j.status, 0) << j.err;
  EXPECT_EQ(json.status, 0) << json.err;
  EXPECT_EQ(json.out, j.out);
  EXPECT_EQ(json.out.find("summary"), std::string::npos) << json.out;
}

TEST_F(Tree, ASignalDeathIsReportedWithTheSignalName) {
  Ran r = run(pfmulti_bin(),
              {"-c", dir("p"), "-i", "a", "-x", PFMULTI_STUB, "kill", std::to_string(SIGSEGV)});
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.err.find("killed by SIGSEGV"), std::string::npos) << r.err;
}

TEST_F(Tree, TimeoutStopsAHangingInstanceAndTheRunGoesOn) {
  // Every instance ignores SIGTERM: each gets SIGTERM at 0.2 s, SIGKILL 0.2 s later.
  auto t0 = std::chrono::steady_clock::now();
  Ran r = run(pfmulti_bin(), {"-c", dir("p"), "--json", "--timeout", "0.2", "--kill-grace", "0.2",
                              "-x", PFMULTI_STUB, "hang-ignoring-term"});
  auto elapsed = std::chrono::steady_clock::now() - t0;
  EXPECT_EQ(r.status, 1);
  EXPECT_EQ(std::count(r.out.begin(), r.out.end(), '\n'), 5);
  size_t killed = 0;
  for (size_t pos = 0; (pos = r.out.find("\"signal\": \"SIGKILL\"", pos)) != std::string::npos;
       ++pos)
    ++killed;
  EXPECT_EQ(killed, 4u) << r.out;
  EXPECT_LT(elapsed, std::chrono::seconds(8));
}

TEST_F(Tree, ListingMatchesPostmultiFormatAndJ) {
  instance("c", "multi_instance_group = mta\nmulti_instance_enable = no\n");
  Ran r = run(pfmulti_bin(), {"-c", dir("p"), "-l"});
  EXPECT_EQ(r.status, 0) << r.err;
  std::string want = fmt_line("-", "-", "y", dir("p")) + fmt_line("postfix-a", "-", "y", dir("a")) +
                     fmt_line("postfix-b", "-", "y", dir("b")) +
                     fmt_line("postfix-c", "mta", "n", dir("c"));
  EXPECT_EQ(r.out, want);
  Ran j = run(pfmulti_bin(), {"-c", dir("p"), "-l", "-j", "-g", "mta"});
  EXPECT_EQ(j.out,
            "{\"name\": \"postfix-c\",\"group\": \"mta\",\"enabled\": \"n\","
            "\"config_directory\": \"" +
                dir("c") + "\"}\n");
}

TEST_F(Tree, WrapperModeRefusesToRunWithoutItsEnvironment) {
  std::string link = dir("postfix-wrapper");
  fs::create_symlink(pfmulti_bin(), link);
  Ran r = run(link, {"start"}, {"PATH=/usr/bin:/bin", "daemon_directory=" + dir("libexec")});
  expect_one_line_error(r, "command_directory");
  EXPECT_EQ(r.status, 2) << "as the shipped script's ${command_directory?...} exits 2";
  r = run(link, {"start"}, {"PATH=/usr/bin:/bin", "command_directory=" + dir("sbin")});
  expect_one_line_error(r, "daemon_directory");
}

TEST_F(Tree, WrapperModeRunsPostfixDashCPerInstance) {
  // $command_directory/postfix is the stub (through a link), recording each call.
  fs::create_symlink(PFMULTI_STUB, dir("sbin") + "/postfix");
  std::string link = dir("postfix-wrapper");
  fs::create_symlink(pfmulti_bin(), link);
  Ran r = run(link, {"--dry-run", "stop"},
              {"PATH=/usr/bin:/bin", "command_directory=" + dir("sbin"),
               "daemon_directory=" + dir("libexec"), "config_directory=" + dir("p"),
               "MAIL_CONFIG=" + dir("p")});
  EXPECT_EQ(r.status, 0) << r.err;
  // The shipped script reverses the order for stop and runs `postfix -c DIR stop`.
  size_t c = r.out.find(dir("sbin") + "/postfix -c " + dir("c") + " stop");
  size_t p = r.out.find(dir("sbin") + "/postfix -c " + dir("p") + " stop");
  EXPECT_NE(c, std::string::npos) << r.out;
  EXPECT_NE(p, std::string::npos) << r.out;
  EXPECT_LT(c, p) << r.out;
}

// R192: on a kernel without pidfds (tests/stubs/no_pidfd.c: CLONE_PIDFD, clone3 and
// pidfd_open refused) every run of a tree whose instances end differently (exit 0, 3, SIGTERM,
// 42) gives the pidfd run's exit status, outcomes and output: sequential and --parallel, as
// text, with --tag and with --json (durations aside; --parallel's lines in any order).
TEST_F(Tree, WithoutPidfdsEveryOutcomeIsThePidfdRunsOne) {
  const std::map<std::string, std::string> configured{
      {"p", "exit 0"}, {"a", "exit 3"}, {"b", "kill 15"}, {"c", "exit 42"}};
  for (const auto& [n, what] : configured) write(dir(n) + "/stub-status", what + "\n");
  auto normalized = [](std::string text, bool any_order) {
    text = std::regex_replace(text, std::regex("\"duration_ms\": [0-9]+"), "\"duration_ms\": 0");
    if (!any_order) return text;
    std::vector<std::string> lines;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) lines.push_back(line);
    std::sort(lines.begin(), lines.end());
    return fmt::format("{}", fmt::join(lines, "\n"));
  };
  const std::vector<std::vector<std::string>> variants{
      {}, {"--json"}, {"--tag"}, {"--parallel", "3", "--tag"}, {"--parallel", "3", "--json"}};
  for (const auto& options : variants) {
    std::vector<std::string> args{"-c", dir("p")};
    args.insert(args.end(), options.begin(), options.end());
    for (const char* a : {"-x", PFMULTI_STUB, "as-configured"}) args.push_back(a);
    std::string label = fmt::format("{}", fmt::join(options, " "));
    Ran with = run(pfmulti_bin(), args);
    std::vector<std::string> filtered{pfmulti_bin()};
    filtered.insert(filtered.end(), args.begin(), args.end());
    Ran without = run(NO_PIDFD_BIN, filtered);
    if (without.status == 77) GTEST_SKIP() << "SKIPPED: no seccomp filters here: " << without.out;
    // The pidfd run is right (so that two equally broken runs cannot agree).
    EXPECT_EQ(with.status, 1) << label << with.err;
    for (const char* why : {"exit status 3", "SIGTERM", "exit status 42"})
      EXPECT_NE(with.err.find(why), std::string::npos) << label << ": " << why << " in\n"
                                                       << with.err;
    bool any_order = !options.empty() && options[0] == "--parallel";
    EXPECT_EQ(without.status, with.status) << label << without.err;
    EXPECT_EQ(normalized(without.out, any_order), normalized(with.out, any_order)) << label;
    EXPECT_EQ(normalized(without.err, any_order), normalized(with.err, any_order)) << label;
  }
}

TEST_F(Tree, TermToPfmultiIsPassedOnAndTheRestIsNotStarted) {
  // The first instance's command sends SIGTERM to its parent, pfmulti, then waits for a signal.
  Ran r = run(pfmulti_bin(), {"-c", dir("p"), "--timeout", "20", "-x", PFMULTI_STUB,
                              "signal-parent", std::to_string(SIGTERM)});
  EXPECT_EQ(r.status, 128 + SIGTERM);
  EXPECT_NE(r.err.find("fatal: interrupted by SIGTERM: done: none; interrupted: " + dir("p") +
                       "; not started: " + dir("a") + ", " + dir("b") + ", " + dir("c")),
            std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("SIGTERM passed on), killed by SIGTERM"), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find("timed out"), std::string::npos) << r.err;
}

TEST_F(Tree, ClosedStdoutDoesNotDisturbARun) {
  Ran r = run(pfmulti_bin(), {"-c", dir("p"), "-x", PFMULTI_STUB, "write-stdout"}, {}, true);
  EXPECT_EQ(r.status, 0) << "children write to /dev/null, as under Postfix: " << r.err;
  EXPECT_EQ(r.err, "");
}

// R120 (issue 12 item 1): a config_directory line in the primary's main.cf moved the primary
// (another instance's directory: listed twice, `-p stop` stopped postfix-a in its place) or made
// every command panic (empty, $undefined: "register_claim", exit 134). Real postmulti 3.7 keeps
// the directory it read (spec/postfix-facts.md §9.1).
TEST_F(Tree, PrimaryConfigDirectoryLineRedirectsNothing) {
  std::string list = dir("a") + " " + dir("b") + " " + dir("c");
  for (std::string value :
       {dir("a"), std::string(), std::string("$undefined"), std::string("a"), dir("elsewhere")}) {
    primary(list, "config_directory = " + value + "\n");
    Ran l = run(pfmulti_bin(), {"-c", dir("p"), "-l"});
    EXPECT_EQ(l.status, 0) << value << ": " << l.err;
    EXPECT_EQ(l.out.substr(0, l.out.find('\n')),
              fmt::format("{:<15} {:<15} {:<9} {}", "-", "-", "y", dir("p")))
        << value;
    fs::remove(rec());
    Ran x = pfx({});
    EXPECT_EQ(x.status, 0) << value << ": " << x.err;
    EXPECT_EQ(ran(), "p a b c") << value;
    Ran stop = run(pfmulti_bin(), {"-c", dir("p"), "-n", "-p", "stop"});
    EXPECT_EQ(stop.status, 0) << value << ": " << stop.err;
    EXPECT_NE(stop.out.find("run  " + dir("p") + ": "), std::string::npos) << stop.out;
  }
}

// R121 (issue 12 item 2): a secondary main.cf that is a FIFO hung every command; one that is a
// link to /dev/zero or /dev/urandom was read until memory ran out (SIGABRT). The instance fails
// alone, named with its file, and the others run.
TEST_F(Tree, NonRegularSecondaryMainCfFailsAlone) {
  std::string cf = dir("b") + "/main.cf";
  for (const char* kind : {"fifo", "/dev/zero", "/dev/urandom", "directory"}) {
    fs::remove_all(cf);
    if (std::string(kind) == "fifo") {
      ASSERT_EQ(::mkfifo(cf.c_str(), 0600), 0);
    } else if (std::string(kind) == "directory") {
      fs::create_directory(cf);
    } else {
      fs::create_symlink(kind, cf);
    }
    fs::remove(rec());
    Ran r = pfx({});
    EXPECT_EQ(r.status, 1) << kind << ": " << r.err;
    EXPECT_EQ(ran(), "p a c") << kind;
    EXPECT_NE(r.err.find(cf), std::string::npos) << kind << ": " << r.err;
  }
}

// R122 (issue 12 item 3): conf refused a relative -c ("-c requires absolute pathname"); real
// postconf reads it relative to the current directory and $config_directory expands to it.
TEST_F(Tree, ConfTakesARelativeDashC) {
  std::string rel = fs::relative(dir("a"), fs::current_path()).string();
  ASSERT_NE(rel.front(), '/');
  instance("a", "q = $config_directory/x\n");
  Ran r = run(pfmulti_bin(), {"conf", "-c", rel, "-h", "config_directory"});
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.out, rel + "\n");
  Ran x = run(pfmulti_bin(), {"conf", "-c", rel, "-xh", "q"});
  EXPECT_EQ(x.out, rel + "/x\n") << x.err;
}

// R124 (issue 12 item 9): `pfmulti -l > /dev/full` (and lint, conf, --json, oracle) exited 0.
TEST_F(Tree, WriteErrorOnStandardOutputIsFatalInEveryMode) {
  std::string scenario = root_ + "/scenario.json";
  write(scenario,
        R"({"program": "postmulti", "profile": "postmulti", "argv": ["postmulti", "-l"], )"
        R"("env": {}, "files": {"/etc/postfix/main.cf": ""}})");
  const std::vector<std::vector<std::string>> modes = {
      {"-c", dir("p"), "-l"},
      {"-c", dir("p"), "-l", "-j"},
      {"-c", dir("p"), "-n", "-p", "status"},
      {"-c", dir("p"), "--json", "-x", PFMULTI_STUB, "record", rec()},
      {"lint", "-c", dir("p")},
      {"conf", "-c", dir("p")},
      {"oracle"}};
  for (const auto& args : modes) {
    Ran r = run(pfmulti_bin(), args, {}, false, "/dev/full", scenario.c_str());
    EXPECT_NE(r.status, 0) << fmt::format("{}", fmt::join(args, " "));
    EXPECT_NE(r.err.find("pfmulti: fatal: write error on standard output: No space left on device"),
              std::string::npos)
        << fmt::format("{}", fmt::join(args, " ")) << ": " << r.err;
  }
}

// R125 (issue 12 item 9): -n exited 0 when the plan fails an instance.
TEST_F(Tree, DryRunExitsAsTheRunWould) {
  Ran good = run(pfmulti_bin(), {"-c", dir("p"), "-n", "-p", "status"});
  EXPECT_EQ(good.status, 0) << good.err;
  fs::remove(dir("b") + "/main.cf");
  Ran bad = run(pfmulti_bin(), {"-c", dir("p"), "-n", "-p", "status"});
  EXPECT_EQ(bad.status, 1) << bad.out;
  Ran real = run(pfmulti_bin(), {"-c", dir("p"), "-p", "status"});
  EXPECT_EQ(real.status, bad.status) << "the real run exits as -n said";
}

// R126 (issue 12 item 11): ESC, BEL and other control bytes from main.cf reached the terminal.
TEST_F(Tree, ControlBytesFromMainCfAreQuotedInMessages) {
  instance("b", "multi_instance_enable = \x1b[31mX\x07\xc3\xa9\n");
  Ran r = pfx({});
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.err.find("?[31mX???"), std::string::npos) << r.err;
  for (char c : r.err)
    EXPECT_TRUE(c == '\n' || (c >= 0x20 && c < 0x7f)) << "byte " << int(c) << " in " << r.err;
  Ran lint = run(pfmulti_bin(), {"lint", "-c", dir("p")});
  EXPECT_NE(lint.out.find("?[31mX???"), std::string::npos) << lint.out;
  EXPECT_EQ(lint.out.find('\x1b'), std::string::npos) << lint.out;
}

}  // namespace
}  // namespace pfmulti
