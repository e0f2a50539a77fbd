// The life-cycle executor (see lifecycle_executor.h).
#include "impl/runtime/lifecycle_executor.h"

#include <cerrno>
#include <cstring>

#include <fmt/format.h>

#include "impl/runtime/atomic_file.h"
#include "impl/runtime/executor.h"
#include "model/text/strings.h"

namespace pfmulti {
namespace {

// What must be undone if a later step fails.
struct Undo {
  enum class Kind { kRestore, kUnlink, kRmdir };
  Kind kind;
  std::string path;
  std::string before;  // kRestore: the old bytes
  std::string after;   // kRestore, kUnlink: what we wrote
};

// The directory to fsync after unlinking path: its parent ("/" for a path without a slash:
// plans name absolute paths).
std::string dir_of(const std::string& path) {
  return path.find('/') == std::string::npos ? std::string("/") : path_dirname(path);
}

}  // namespace

LifecycleOutcome execute_lifecycle(const LifecyclePlan& plan, FileOps& ops, ProcessRunner& runner,
                                   const LifecycleExecutorOptions& options) {
  LifecycleOutcome out;
  std::vector<Undo> undo;
  auto roll_back = [&] {
    out.rolled_back = true;
    for (auto it = undo.rbegin(); it != undo.rend(); ++it) {
      std::string err;
      switch (it->kind) {
        case Undo::Kind::kRestore:
          err = atomic_write(ops, {it->path, it->after, it->before, 0644});
          break;
        case Undo::Kind::kUnlink:
          if (ops.unlink(it->path) < 0 || ops.fsync_directory(dir_of(it->path)) < 0)
            err = fmt::format("remove {}: {}", it->path, std::strerror(errno));
          break;
        case Undo::Kind::kRmdir:
          if (ops.rmdir(it->path) < 0)
            err = fmt::format("rmdir {}: {}", it->path, std::strerror(errno));
          break;
      }
      if (!err.empty()) out.rollback_errors.push_back(err);
    }
  };

  for (const LifecycleStep& step : plan.steps) {
    if (options.on_step) options.on_step(step);
    if (const auto* w = std::get_if<WriteFileStep>(&step)) {
      std::string err = atomic_write(ops, {w->path, w->before, w->after, w->mode});
      // A failure after the rename (the directory fsync) leaves the new file in place: it is
      // undone like a write that succeeded.
      bool in_place = err.empty() || read_whole_file(w->path) == std::optional(w->after);
      if (in_place) {
        if (w->before)
          undo.push_back({Undo::Kind::kRestore, w->path, *w->before, w->after});
        else
          undo.push_back({Undo::Kind::kUnlink, w->path, {}, w->after});
      }
      if (!err.empty()) {
        out.error = err;
        roll_back();
        out.exit_status = 1;
        return out;
      }
    } else if (const auto* m = std::get_if<MakeDirectoryStep>(&step)) {
      if (ops.mkdir(m->path, m->mode) < 0) {
        out.error = fmt::format("mkdir {}: {}", m->path, std::strerror(errno));
        roll_back();
        out.exit_status = 1;
        return out;
      }
      undo.push_back({Undo::Kind::kRmdir, m->path, {}, {}});
      if (ops.chmod(m->path, m->mode) < 0) {
        out.error = fmt::format("chmod {}: {}", m->path, std::strerror(errno));
        roll_back();
        out.exit_status = 1;
        return out;
      }
    } else if (const auto* r = std::get_if<RemoveFileStep>(&step)) {
      if (ops.unlink(r->path) < 0 && errno != ENOENT)
        out.warnings.push_back(fmt::format("{}: {}: please verify contents and remove by hand",
                                           r->path, std::strerror(errno)));
    } else if (const auto* d = std::get_if<RemoveDirectoryStep>(&step)) {
      if (ops.rmdir(d->path) < 0 && errno != ENOENT)
        out.warnings.push_back(fmt::format("{}: {}: please verify contents and remove by hand",
                                           d->path, std::strerror(errno)));
    } else if (const auto* run = std::get_if<RunStep>(&step)) {
      Plan p;
      p.actions.push_back(run->run);
      p.exit = ExitRule::kAnyFailureIsOne;
      ExecutorOptions eo;
      eo.base_env = options.base_env;
      Executor ex(runner, eo);
      ExecutionReport rep = ex.run(p);
      if (rep.exit_status != 0) {
        std::string how;
        if (!rep.outcomes.empty()) {
          const ActionOutcome& o = rep.outcomes.front();
          if (!o.error.empty())
            how = o.error;
          else if (o.status.signal)
            how = fmt::format("killed by signal {}", o.status.signal);
          else
            how = fmt::format("exit status {}", o.status.exit_code);
        }
        out.error = fmt::format("{} failed ({})", fmt::join(run->run.argv, " "), how);
        out.exit_status = 1;
        return out;
      }
    }
    ++out.steps_done;
  }
  return out;
}

}  // namespace pfmulti
