// The recording command_directory of `pfmulti conform` (impl/conform/conform_run.cc): one binary,
// hard linked into each case's bin/ directory under two names, that tells them apart by the path it
// was executed through (/proc/self/exe keeps the hard link's name):
//   bin/postfix   stands in for postfix(1) as a multi-instance manager runs it
//                 (postfix-wrapper(5) "$POSTFIX -c $dir COMMAND", postmulti(1) -p
//                 "postfix -- COMMAND" with MAIL_CONFIG=DIR). It appends one line to
//                 ../trace: "call", the executable's path, then every argv word, then
//                 "env" and every NAME=VALUE of its environment, each token percent-encoded
//                 (bytes outside [A-Za-z0-9/._,:=+@-] as %XX), separated by spaces. The
//                 instance is the -c argument (getopt "+c:Dv", as postfix(1) parses it), else
//                 $MAIL_CONFIG; ../outcomes ("DIR<TAB>exit N" or "DIR<TAB>signal N" lines, DIR
//                 with repeated and trailing slashes removed) scripts how that call ends (exit
//                 0 when not listed).
//   bin/postconf  runs the postconf that the case uses: bin/postconf.exec holds
//                 LD_LIBRARY_PATH on line 1 (empty: leave it alone), a cache directory on
//                 line 2 (empty: no cache) and the program and its leading arguments on the
//                 following lines (real postconf, or `pfmulti conf`); the arguments of this call
//                 are appended. With a cache, the answer (stdout and how it ended; stderr is not
//                 kept) is stored under a hash of everything postconf's answer depends on here:
//                 the arguments, MAIL_CONFIG, the current directory and the bytes (or the open
//                 error) of the main.cf it reads, with the case root written as @ROOT@. Real
//                 postconf sleeps 1 s before a fatal exit and can take seconds to crash, so the
//                 many cases (and shrinking steps) that share a damaged main.cf pay once.
// No shell, no library beyond libc: it must behave the same under every manager. So it links no
// pfmulti library (they bring fmt) but compiles in the two libc-only files it shares with them:
// impl/runtime/read_file.cc (the read loop) and model/text/strings.cc (path helpers).
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "impl/runtime/read_file.h"
#include "model/text/strings.h"

extern char** environ;

namespace {

std::string self_path() {
  char buf[4096];
  ssize_t n = ::readlink("/proc/self/exe", buf, sizeof buf - 1);
  if (n <= 0) return {};
  return std::string(buf, static_cast<size_t>(n));
}

// The directory of the (absolute, readlink'ed) executable, and that directory's parent.
std::string dir_of(const std::string& path) { return pfmulti::path_dirname(path); }

std::string read_file(const std::string& path, bool* ok) {
  pfmulti::FileBytes f = pfmulti::read_file(path);
  *ok = f.ok();
  return std::move(f.bytes);
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  size_t begin = 0;
  while (begin < text.size()) {
    size_t end = text.find('\n', begin);
    if (end == std::string::npos) end = text.size();
    out.push_back(text.substr(begin, end - begin));
    begin = end + 1;
  }
  return out;
}

std::string encode(const std::string& s) {
  static const char hex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    bool plain = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                 std::strchr("/._,:=+@-", c) != nullptr;
    if (plain && c != 0) {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(hex[c >> 4]);
      out.push_back(hex[c & 15]);
    }
  }
  if (out.empty()) out.push_back('%');  // an empty token: "%" alone (never produced otherwise)
  return out;
}

// The instance this postfix(1) call is for: -c DIR (getopt "+c:Dv"), else $MAIL_CONFIG.
std::string instance_of(int argc, char** argv) {
  std::string dir;
  const char* mc = std::getenv("MAIL_CONFIG");
  if (mc) dir = mc;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--") break;
    if (a.size() < 2 || a[0] != '-') break;
    for (size_t k = 1; k < a.size(); ++k) {
      if (a[k] == 'c') {
        if (k + 1 < a.size()) {
          dir = a.substr(k + 1);
        } else if (i + 1 < argc) {
          dir = argv[++i];
        }
        k = a.size();
      } else if (a[k] != 'D' && a[k] != 'v') {
        return pfmulti::squeeze_slashes(dir);  // postfix(1) would stop with a usage error
      }
    }
  }
  return pfmulti::squeeze_slashes(dir);
}

bool write_all(int fd, const std::string& data) {
  size_t done = 0;
  while (done < data.size()) {
    ssize_t n = ::write(fd, data.data() + done, data.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    done += static_cast<size_t>(n);
  }
  return true;
}

int run_postfix(const std::string& self, int argc, char** argv) {
  std::string root = dir_of(dir_of(self));
  // Appended piece by piece: `" " + encode(...)` (a string inserted into at its front) makes
  // g++ 12 at -O2/-O3 warn of an overlapping memcpy that cannot happen (-Wrestrict).
  std::string line = "call ";
  line += encode(self);
  auto add_token = [&line](const std::string& token) {
    line += ' ';
    line += encode(token);
  };
  for (int i = 0; i < argc; ++i) add_token(argv[i]);
  line += " env";
  for (char** e = environ; e && *e; ++e) add_token(*e);
  line += '\n';
  int fd = ::open((root + "/trace").c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0 || !write_all(fd, line)) {
    std::fprintf(stderr, "recording postfix: cannot append to %s/trace: %s\n", root.c_str(),
                 std::strerror(errno));
    return 70;
  }
  ::close(fd);

  bool ok = false;
  std::string instance = instance_of(argc, argv);
  for (const auto& l : lines_of(read_file(root + "/outcomes", &ok))) {
    size_t tab = l.find('\t');
    if (tab == std::string::npos || l.substr(0, tab) != instance) continue;
    std::string what = l.substr(tab + 1);
    if (what.rfind("signal ", 0) == 0) {
      int sig = std::atoi(what.c_str() + 7);
      ::signal(sig, SIG_DFL);
      ::kill(::getpid(), sig);
      ::pause();
    }
    if (what.rfind("exit ", 0) == 0) return std::atoi(what.c_str() + 5);
  }
  return 0;
}

std::string replace_all(std::string s, const std::string& from, const std::string& to) {
  if (from.empty()) return s;
  size_t pos = 0;
  while ((pos = s.find(from, pos)) != std::string::npos) {
    s.replace(pos, from.size(), to);
    pos += to.size();
  }
  return s;
}

// Two FNV-1a 64-bit hashes with different offsets, as 32 hex digits.
std::string hash_hex(const std::string& data) {
  uint64_t a = 1469598103934665603ULL, b = 7809847782465536322ULL;
  for (unsigned char c : data) {
    a = (a ^ c) * 1099511628211ULL;
    b = (b ^ c) * 1099511628211ULL;
  }
  char buf[40];
  std::snprintf(buf, sizeof buf, "%016llx%016llx", static_cast<unsigned long long>(a),
                static_cast<unsigned long long>(b));
  return buf;
}

// The configuration directory postconf reads: -c DIR (getopt clusters; b c C F o T take an
// argument), else MAIL_CONFIG, else "" (the compiled-in one).
std::string postconf_dir(int argc, char** argv) {
  const char* mc = std::getenv("MAIL_CONFIG");
  std::string dir = mc ? mc : "";
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--" || a.size() < 2 || a[0] != '-') break;
    for (size_t k = 1; k < a.size(); ++k) {
      if (std::strchr("bcCFoT", a[k]) == nullptr) continue;
      std::string value = k + 1 < a.size() ? a.substr(k + 1) : (i + 1 < argc ? argv[++i] : "");
      if (a[k] == 'c') dir = value;
      break;
    }
  }
  return dir;
}

[[noreturn]] void replay(const std::string& entry, const std::string& root) {
  size_t nl = entry.find('\n');
  std::string head = entry.substr(0, nl);
  std::string out = replace_all(entry.substr(nl + 1), "@ROOT@", root);
  write_all(1, out);
  if (head.rfind("signal ", 0) == 0) {
    int sig = std::atoi(head.c_str() + 7);
    ::signal(sig, SIG_DFL);
    ::kill(::getpid(), sig);
    ::pause();
  }
  ::_exit(std::atoi(head.c_str() + 5));
}

int run_postconf(const std::string& self, int argc, char** argv) {
  bool ok = false;
  std::vector<std::string> lines = lines_of(read_file(dir_of(self) + "/postconf.exec", &ok));
  if (!ok || lines.size() < 3) {
    std::fprintf(stderr, "recording postfix: no usable %s/postconf.exec\n", dir_of(self).c_str());
    return 70;
  }
  if (!lines[0].empty()) ::setenv("LD_LIBRARY_PATH", lines[0].c_str(), 1);
  std::vector<char*> args;
  for (size_t i = 2; i < lines.size(); ++i) args.push_back(lines[i].data());
  for (int i = 1; i < argc; ++i) args.push_back(argv[i]);
  args.push_back(nullptr);
  const std::string& cache = lines[1];
  if (cache.empty()) {
    ::execv(args[0], args.data());
    std::fprintf(stderr, "recording postfix: execv %s: %s\n", args[0], std::strerror(errno));
    return 70;
  }

  // The cache key.
  std::string root = dir_of(dir_of(self));
  std::string key = "args";
  for (int i = 1; i < argc; ++i) key += std::string(1, '\0') + argv[i];
  const char* mc = std::getenv("MAIL_CONFIG");
  key += std::string("\0mail_config\0", 13) + (mc ? mc : "(unset)");
  char cwd[4096];
  key += std::string("\0cwd\0", 5) + (::getcwd(cwd, sizeof cwd) ? cwd : "?");
  std::string dir = postconf_dir(argc, argv);
  pfmulti::FileBytes main_cf =
      pfmulti::read_file((dir.empty() ? std::string("/etc/postfix") : dir) + "/main.cf");
  std::string content = main_cf.ok() ? std::move(main_cf.bytes)
                                     : (main_cf.opened ? "read error " : "open error ") +
                                           std::to_string(main_cf.error);
  key += std::string("\0main.cf\0", 9) + content;
  std::string path = cache + "/" + hash_hex(replace_all(key, root, "@ROOT@"));
  std::string entry = read_file(path, &ok);
  if (ok && entry.find('\n') != std::string::npos) replay(entry, root);

  // A miss: run it, keep stdout, store the answer.
  int pipefd[2];
  if (::pipe(pipefd) != 0) return 70;
  pid_t pid = ::fork();
  if (pid < 0) return 70;
  if (pid == 0) {
    ::dup2(pipefd[1], 1);
    ::close(pipefd[0]);
    ::close(pipefd[1]);
    ::execv(args[0], args.data());
    std::fprintf(stderr, "recording postfix: execv %s: %s\n", args[0], std::strerror(errno));
    ::_exit(70);
  }
  ::close(pipefd[1]);
  std::string out;
  pfmulti::read_fd(pipefd[0], &out);
  ::close(pipefd[0]);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  std::string head = WIFSIGNALED(status) ? "signal " + std::to_string(WTERMSIG(status))
                                         : "exit " + std::to_string(WEXITSTATUS(status));
  entry = head + "\n" + replace_all(out, root, "@ROOT@");
  std::string tmp = path + ".tmp." + std::to_string(::getpid());
  int wfd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (wfd >= 0) {
    bool written = write_all(wfd, entry);
    ::close(wfd);
    if (!written || ::rename(tmp.c_str(), path.c_str()) != 0) ::unlink(tmp.c_str());
  }
  replay(entry, root);
}

}  // namespace

int main(int argc, char** argv) {
  std::string self = self_path();
  std::string base = pfmulti::path_basename(self);
  if (base == "postconf") return run_postconf(self, argc, argv);
  return run_postfix(self, argc, argv);
}
