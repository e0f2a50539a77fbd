// Runs `postconf -d -h mail_version` and maps its answer to a row of the release table
// (see installed_release.h; R114).
#include "impl/runtime/installed_release.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

extern char** environ;

namespace pfmulti {

std::optional<PostfixRelease> installed_release(const std::string& command_directory,
                                                std::string* why) {
  std::string postconf = command_directory + "/postconf";
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) {
    *why = fmt::format("pipe: {}", std::strerror(errno));
    return std::nullopt;
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, fds[1], 1);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
  std::string a0 = postconf, a1 = "-d", a2 = "-h", a3 = "mail_version";
  char* argv[] = {a0.data(), a1.data(), a2.data(), a3.data(), nullptr};
  pid_t pid = -1;
  int rc = ::posix_spawn(&pid, postconf.c_str(), &actions, nullptr, argv, environ);
  posix_spawn_file_actions_destroy(&actions);
  ::close(fds[1]);
  std::string out;
  if (rc == 0) {
    char buf[256];
    for (;;) {
      ssize_t n = ::read(fds[0], buf, sizeof buf);
      if (n > 0 && out.size() < 4096) out.append(buf, static_cast<size_t>(n));
      if (n == 0 || (n < 0 && errno != EINTR)) break;
    }
  }
  ::close(fds[0]);
  if (rc != 0) {
    *why = fmt::format("{}: {}", postconf, std::strerror(rc));
    return std::nullopt;
  }
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  std::string version = out.substr(0, out.find_first_of(kPostfixWhiteSpace));
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0 || version.empty()) {
    *why = fmt::format("{} -d -h mail_version failed", postconf);
    return std::nullopt;
  }
  auto release = release_from_id(version);
  if (!release) *why = fmt::format("Postfix {} is not a release pfmulti knows", version);
  return release;
}

}  // namespace pfmulti
