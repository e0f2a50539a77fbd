// Reading the facts of `pfmulti status` (see status_facts.h).
#include "impl/runtime/status_facts.h"

#include <dirent.h>
#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace pfmulti {
namespace {

std::optional<int64_t> parse_pid(const std::string& text) {
  int64_t pid = 0;
  bool digits = false;
  for (char c : text) {
    if (c == ' ' || c == '\n' || c == '\t') {
      if (digits) break;
      continue;
    }
    if (c < '0' || c > '9' || pid > (int64_t{1} << 40)) return std::nullopt;
    pid = pid * 10 + (c - '0');
    digits = true;
  }
  if (!digits || pid <= 0) return std::nullopt;
  return pid;
}

// "" when /proc/PID is a live process called master, else why not.
std::string master_alive(FileSystem& fs, const std::string& proc_root, int64_t pid) {
  auto stat = fs.read(fmt::format("{}/{}/stat", proc_root, pid));
  const auto* text = std::get_if<std::string>(&stat);
  if (!text) return fmt::format("stale pid file: process {} does not exist", pid);
  // "PID (COMM) STATE ...": COMM may hold spaces and parentheses, so take the last ')'.
  size_t open = text->find('('), close = text->rfind(')');
  if (open == std::string::npos || close == std::string::npos || close < open)
    return fmt::format("process {}: unreadable /proc stat", pid);
  std::string comm = text->substr(open + 1, close - open - 1);
  char state = close + 2 < text->size() ? (*text)[close + 2] : '?';
  if (state == 'Z') return fmt::format("stale pid file: process {} is a zombie", pid);
  if (comm != "master") return fmt::format("stale pid file: process {} is {}", pid, comm);
  return "";
}

}  // namespace

namespace {

// The files under the open directory fd (closed here), as count_queue_files counts them. Reads
// with getdents64(2) into one buffer, and opens subdirectories relative to their parent: no
// fstat per directory (opendir's), no walk of the whole path per subdirectory.
int64_t count_in(int fd, bool ready_only, int depth) {
  alignas(struct dirent64) char buf[16384];
  int64_t n = 0;
  for (;;) {
    ssize_t got = ::getdents64(fd, buf, sizeof buf);
    if (got <= 0) break;
    for (ssize_t off = 0; off < got;) {
      const auto* e = reinterpret_cast<const struct dirent64*>(buf + off);
      off += e->d_reclen;
      const char* name = e->d_name;
      if (name[0] == '.' && (name[1] == '\0' || (name[1] == '.' && name[2] == '\0'))) continue;
      bool is_dir = e->d_type == DT_DIR, is_file = e->d_type == DT_REG;
      struct stat st;
      bool need_stat = e->d_type == DT_UNKNOWN || (is_file && ready_only);
      if (need_stat) {
        if (::fstatat(fd, name, &st, AT_SYMLINK_NOFOLLOW) != 0) continue;  // gone meanwhile
        is_dir = S_ISDIR(st.st_mode);
        is_file = S_ISREG(st.st_mode);
      }
      if (is_file) {
        // A queue file is complete once its owner has rwx (Postfix's MAIL_QUEUE_STAT_READY): one
        // still being written by postdrop or cleanup is not a message yet, nor does postqueue
        // list it.
        if (!ready_only || (st.st_mode & S_IRWXU) == S_IRWXU) ++n;
      } else if (is_dir && depth > 0) {
        int sub = ::openat(fd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        if (sub >= 0) n += count_in(sub, ready_only, depth - 1);
      }
    }
  }
  ::close(fd);
  return n;
}

}  // namespace

std::optional<int64_t> count_queue_files(const std::string& dir, std::string& error,
                                         bool ready_only, int depth) {
  int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) {
    error = std::strerror(errno);
    return std::nullopt;
  }
  return count_in(fd, ready_only, depth);
}

InstanceFacts read_instance_facts(FileSystem& fs, const std::string& queue_directory,
                                  const std::string& proc_root) {
  InstanceFacts f;
  std::string pid_file = queue_directory + "/pid/master.pid";
  auto content = fs.read(pid_file);
  if (const auto* text = std::get_if<std::string>(&content)) {
    auto pid = parse_pid(*text);
    if (!pid) {
      f.master_note = fmt::format("no pid in {}", pid_file);
    } else if (std::string why = master_alive(fs, proc_root, *pid); !why.empty()) {
      f.master_note = why;
    } else {
      f.master_pid = pid;
    }
  } else if (std::holds_alternative<FileAbsent>(content)) {
    f.master_note = "no pid file";
  } else {
    f.master_note =
        fmt::format("cannot read {}: {}", pid_file, std::get<FileUnreadable>(content).reason);
  }
  for (size_t k = 0; k < kStatusQueues.size(); ++k) {
    std::string dir = fmt::format("{}/{}", queue_directory, kStatusQueues[k]);
    std::string error;
    f.queues[k] = count_queue_files(dir, error, kStatusQueues[k] != "corrupt");
    if (!f.queues[k]) f.notes.push_back(fmt::format("cannot read {}: {}", dir, error));
  }
  return f;
}

}  // namespace pfmulti
