// Fact gathering for the life-cycle planner (see lifecycle_facts.h).
#include "impl/runtime/lifecycle_facts.h"

#include <dirent.h>
#include <fcntl.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include <fmt/format.h>

#include "impl/runtime/read_file.h"

extern char** environ;

namespace pfmulti {
namespace {

PathKind kind_of(mode_t m) {
  if (S_ISREG(m)) return PathKind::kFile;
  if (S_ISDIR(m)) return PathKind::kDirectory;
  if (S_ISLNK(m)) return PathKind::kSymlink;
  if (S_ISSOCK(m)) return PathKind::kSocket;
  if (S_ISFIFO(m)) return PathKind::kFifo;
  return PathKind::kOther;
}

void learn_file(const std::string& path, LifecycleFacts& f) {
  f.read.insert(path);
  FileBytes got = read_file(path);
  if (got.ok()) {
    f.files[path] = std::move(got.bytes);
  } else if (got.opened || (got.error != ENOENT && got.error != ENOTDIR)) {
    f.files[path] = Unreadable{got.reason()};
  }  // else absent
}

// Depth-first listing below dir (relative names), lstat only.
void list_tree(const std::string& root, const std::string& rel, std::vector<TreeEntry>& out) {
  std::string dir = rel.empty() ? root : root + "/" + rel;
  DIR* d = ::opendir(dir.c_str());
  if (!d) {
    // Unlistable: an entry nobody will remove, so the directory stays and is reported.
    out.push_back(
        {rel.empty() ? std::string("(unreadable)") : rel + "/(unreadable)", PathKind::kOther});
    return;
  }
  while (struct dirent* e = ::readdir(d)) {
    std::string name = e->d_name;
    if (name == "." || name == "..") continue;
    if (out.size() >= kMaxTreeEntries) {
      out.push_back({"(too many entries)", PathKind::kOther});
      break;
    }
    std::string r = rel.empty() ? name : rel + "/" + name;
    struct stat st {};
    if (::lstat((root + "/" + r).c_str(), &st) < 0) continue;
    PathKind k = kind_of(st.st_mode);
    out.push_back({r, k});
    if (k == PathKind::kDirectory) list_tree(root, r, out);
  }
  ::closedir(d);
}

}  // namespace

bool run_status_probe(const std::vector<std::string>& argv) {
  if (argv.empty()) return false;
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  for (int fd = 0; fd < 3; ++fd)
    posix_spawn_file_actions_addopen(&fa, fd, "/dev/null", fd == 0 ? O_RDONLY : O_WRONLY, 0);
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  pid_t pid;
  int rc = ::posix_spawn(&pid, argv[0].c_str(), &fa, nullptr, args.data(), environ);
  posix_spawn_file_actions_destroy(&fa);
  if (rc != 0) return false;  // cannot run postfix: nothing can be running through it
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0)
    if (errno != EINTR) return false;
  return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

void gather_lifecycle_facts(const std::vector<LifecycleNeed>& needs, LifecycleFacts& f,
                            const StatusProbe& probe) {
  for (const auto& n : needs) {
    switch (n.kind) {
      case LifecycleNeed::Kind::kRead:
        learn_file(n.path, f);
        break;
      case LifecycleNeed::Kind::kStat: {
        struct stat st {};
        if (::stat(n.path.c_str(), &st) < 0)
          f.kinds[n.path] =
              errno == ENOENT || errno == ENOTDIR ? PathKind::kAbsent : PathKind::kOther;
        else
          f.kinds[n.path] = kind_of(st.st_mode);
        break;
      }
      case LifecycleNeed::Kind::kTree: {
        f.listed.insert(n.path);
        struct stat st {};
        if (::lstat(n.path.c_str(), &st) < 0 || !S_ISDIR(st.st_mode)) break;
        std::vector<TreeEntry> entries;
        list_tree(n.path, "", entries);
        f.trees[n.path] = std::move(entries);
        break;
      }
      case LifecycleNeed::Kind::kStatus:
        f.running[n.path] = probe(n.argv);
        break;
    }
  }
}

LifecyclePlan plan_lifecycle_on_system(const LifecycleInput& input, const StatusProbe& probe) {
  LifecycleFacts facts;
  for (int round = 0; round < 32; ++round) {
    LifecycleAnswer a = plan_lifecycle(input, facts);
    if (a.needs.empty()) return a.plan;
    gather_lifecycle_facts(a.needs, facts, probe);
  }
  LifecyclePlan p;
  p.error = "internal error: the life-cycle planner kept asking for facts";
  return p;
}

}  // namespace pfmulti
