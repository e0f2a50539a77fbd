// systemd-escape --path in the model (model/systemd/systemd_escape.h; spec/rules.md R131,
// spec/postfix-facts.md §11.3) against the real systemd-escape binary (systemd 252 on Debian
// 12, /usr/bin/systemd-escape): golden cases and a property over generated paths, each run
// through the real program. Without the program the tests say SKIPPED (GTEST_SKIP).
#include "model/systemd/systemd_escape.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <optional>
#include <string>
#include <vector>

#include "arbitrary_systemd_path.h"

extern char** environ;

namespace pfmulti {
namespace {

constexpr const char* kSystemdEscape = "/usr/bin/systemd-escape";

// The real program's answer: its stdout without the newline, nullopt when it exits non-zero.
std::optional<std::string> real_escape(const std::vector<std::string>& args) {
  int out[2];
  if (::pipe2(out, O_CLOEXEC) != 0) return std::nullopt;
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_adddup2(&fa, out[1], 1);
  posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
  std::vector<std::string> argv_s = {kSystemdEscape};
  argv_s.insert(argv_s.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& a : argv_s) argv.push_back(a.data());
  argv.push_back(nullptr);
  pid_t pid;
  int spawned = posix_spawn(&pid, kSystemdEscape, &fa, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&fa);
  ::close(out[1]);
  std::string text;
  char buf[4096];
  for (ssize_t n; (n = ::read(out[0], buf, sizeof buf)) > 0;) text.append(buf, size_t(n));
  ::close(out[0]);
  if (spawned != 0) return std::nullopt;
  int st = 0;
  ::waitpid(pid, &st, 0);
  if (!WIFEXITED(st) || WEXITSTATUS(st) != 0) return std::nullopt;
  if (!text.empty() && text.back() == '\n') text.pop_back();
  return text;
}

bool have_real() { return ::access(kSystemdEscape, X_OK) == 0; }

std::optional<std::string> model(const Result<std::string>& r) {
  return r ? std::optional<std::string>(*r) : std::nullopt;
}

TEST(SystemdEscape, GoldenPathsAsSystemdEscapePrintsThem) {
  if (!have_real()) GTEST_SKIP() << "SKIPPED: no " << kSystemdEscape;
  for (std::string p : std::vector<std::string>{"/", "/etc/postfix", "/etc/postfix-out",
                                                "//etc//postfix/", "/etc/./postfix", "/.dot/x",
                                                "/a b", "/a%b", "/a\\b", "/a:b_c.d", "/\xc3\xa9",
                                                "/a\x01"
                                                "b",
                                                "/-", "/x/.y", "/a/.", "/./", "/etc/../x", "/..",
                                                std::string("/") + std::string(256, 'x')}) {
    auto real = real_escape({"--path", "--", p});
    EXPECT_EQ(model(systemd_escape_path(p)), real) << p;
  }
}

TEST(SystemdEscape, UnitNamesLongerThan255BytesAreRefusedAsSystemdEscapeRefusesThem) {
  if (!have_real()) GTEST_SKIP() << "SKIPPED: no " << kSystemdEscape;
  // "pfmulti@" + escaped + ".service": 16 bytes around the escaped path.
  for (size_t n : {238, 239, 240}) {
    std::string p = "/" + std::string(n, 'a');
    auto real = real_escape({"--path", "--template=pfmulti@.service", "--", p});
    EXPECT_EQ(model(systemd_instance_unit("pfmulti", p, ".service")), real) << n;
  }
}

RC_GTEST_PROP(SystemdEscape, model_equals_real_systemd_escape_path_on_every_generated_path, ()) {
  if (!have_real()) RC_DISCARD("SKIPPED: no systemd-escape");
  std::string p = *testing::arbitrary_systemd_path();
  RC_ASSERT(model(systemd_escape_path(p)) == real_escape({"--path", "--", p}));
  RC_ASSERT(model(systemd_instance_unit("pfmulti", p, ".service")) ==
            real_escape({"--path", "--template=pfmulti@.service", "--", p}));
}

}  // namespace
}  // namespace pfmulti
