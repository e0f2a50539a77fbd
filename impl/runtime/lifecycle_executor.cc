// The life-cycle executor: a plan carried out as a transaction (see lifecycle_executor.h).
#include "impl/runtime/lifecycle_executor.h"

#include <dirent.h>

#include <cerrno>
#include <cstring>

#include <fmt/format.h>

#include "impl/runtime/atomic_file.h"
#include "impl/runtime/executor.h"
#include "impl/runtime/signals.h"
#include "impl/runtime/transaction_signals.h"
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

// Empties a directory this run made (what a failed set-permissions put there: queue
// subdirectories, sockets, pid files), never following a symbolic link. 0 or an errno.
int empty_made_directory(FileOps& ops, const std::string& dir, int depth = 0) {
  if (depth > 16) return ELOOP;
  DIR* d = ::opendir(dir.c_str());
  if (!d) return errno;
  std::vector<std::string> names;
  while (struct dirent* e = ::readdir(d)) {
    std::string n = e->d_name;
    if (n != "." && n != "..") names.push_back(n);
  }
  ::closedir(d);
  for (const auto& n : names) {
    std::string p = dir + "/" + n;
    struct stat st {};
    if (ops.lstat(p, &st) < 0) continue;
    if (S_ISDIR(st.st_mode)) {
      if (int e = empty_made_directory(ops, p, depth + 1)) return e;
      if (ops.rmdir(p) < 0) return errno;
    } else if (ops.unlink(p) < 0) {
      return errno;
    }
  }
  return 0;
}

}  // namespace

LifecycleOutcome execute_lifecycle(const LifecyclePlan& plan, FileOps& ops, ProcessRunner& runner,
                                   const LifecycleExecutorOptions& options) {
  LifecycleOutcome out;
  TransactionSignals signals;
  std::vector<Undo> undo;
  auto roll_back = [&] {
    out.rolled_back = true;
    for (auto it = undo.rbegin(); it != undo.rend(); ++it) {
      std::string err;
      switch (it->kind) {
        case Undo::Kind::kRestore:
          err = atomic_write(ops, {it->path, it->after, it->before, 0644});
          if (err.empty()) out.undone.push_back("restored " + it->path);
          break;
        case Undo::Kind::kUnlink:
          if (ops.unlink(it->path) < 0 || ops.fsync_directory(dir_of(it->path)) < 0)
            err = fmt::format("remove {}: {}", it->path, std::strerror(errno));
          else
            out.undone.push_back("removed " + it->path);
          break;
        case Undo::Kind::kRmdir: {
          int e = 0;
          if (ops.rmdir(it->path) < 0) {
            e = errno;
            if (e == ENOTEMPTY || e == EEXIST) {
              e = empty_made_directory(ops, it->path);
              if (e == 0 && ops.rmdir(it->path) < 0) e = errno;
            }
          }
          if (e)
            err = fmt::format("rmdir {}: {}", it->path, std::strerror(e));
          else
            out.undone.push_back("removed " + it->path);
          break;
        }
      }
      if (!err.empty()) out.rollback_errors.push_back(err);
    }
  };
  auto clear_journal = [&] {
    if (!plan.journal_clear || plan.journal_file.empty()) return;
    if (ops.unlink(plan.journal_file) < 0 && errno != ENOENT)
      out.warnings.push_back(fmt::format("{}: cannot remove the life-cycle journal: {}",
                                         plan.journal_file, std::strerror(errno)));
    else if (ops.fsync_directory(dir_of(plan.journal_file)) < 0)
      out.warnings.push_back(fmt::format("{}: fsync after removing the life-cycle journal: {}",
                                         dir_of(plan.journal_file), std::strerror(errno)));
  };
  // A failure or a signal before the commit: undo everything, say what was undone.
  auto abort_with = [&](std::string error) {
    out.error = std::move(error);
    roll_back();
    if (out.rollback_errors.empty() && !plan.resuming) clear_journal();
    if (out.rollback_errors.empty() && plan.resuming)
      out.error += fmt::format(
          "; the interrupted run this one was finishing is still unfinished "
          "(journal {})",
          plan.journal_file);
    out.exit_status = out.signal ? 128 + out.signal : 1;
    return out;
  };

  if (plan.journal_write) {
    std::string err = atomic_write(
        ops, {plan.journal_file, read_whole_file(plan.journal_file), *plan.journal_write, 0600});
    if (!err.empty()) {
      if (read_whole_file(plan.journal_file) == plan.journal_write && !plan.resuming)
        ops.unlink(plan.journal_file);  // in place, but its directory could not be synced
      out.error = "cannot write the life-cycle journal: " + err;
      out.rolled_back = true;  // nothing was done
      out.exit_status = 1;
      return out;
    }
  }

  for (size_t i = 0; i < plan.steps.size(); ++i) {
    const LifecycleStep& step = plan.steps[i];
    const bool committed = i > plan.commit_step;
    if (!committed && signals.caught()) {
      out.signal = signals.caught();
      return abort_with(fmt::format("interrupted by {}", signal_name(out.signal)));
    }
    if (options.on_step) options.on_step(step);
    std::string error;
    if (const auto* w = std::get_if<WriteFileStep>(&step)) {
      bool changed = false;
      std::string written = w->after;
      std::string err =
          atomic_write(ops, {w->path, w->before, w->after, w->mode}, &changed, &written);
      if (changed) out.changed_by_other = true;
      // A failure after the rename (the directory fsync) leaves the new file in place: it is
      // undone like a write that succeeded. Lines another writer appended meanwhile are kept by
      // the undo too (atomic_write merges appends).
      bool in_place = err.empty() || read_whole_file(w->path) == std::optional(w->after);
      if (in_place) {
        if (w->before)
          undo.push_back({Undo::Kind::kRestore, w->path, *w->before, written});
        else
          undo.push_back({Undo::Kind::kUnlink, w->path, {}, written});
      }
      error = err;
    } else if (const auto* m = std::get_if<MakeDirectoryStep>(&step)) {
      if (ops.mkdir(m->path, m->mode) < 0) {
        error = fmt::format("mkdir {}: {}", m->path, std::strerror(errno));
      } else {
        undo.push_back({Undo::Kind::kRmdir, m->path, {}, {}});
        if (ops.chmod(m->path, m->mode) < 0)
          error = fmt::format("chmod {}: {}", m->path, std::strerror(errno));
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
      eo.output = options.output;
      eo.on_output = options.on_output;
      Executor ex(runner, eo);
      ExecutionReport rep = ex.run(p);
      if (rep.exit_status != 0) {
        std::string how;
        if (rep.interrupt_signal) {
          how = fmt::format("interrupted by {}", signal_name(rep.interrupt_signal));
          if (!out.signal) out.signal = rep.interrupt_signal;
        } else if (!rep.outcomes.empty()) {
          const ActionOutcome& o = rep.outcomes.front();
          if (!o.error.empty())
            how = o.error;
          else if (o.status.signal)
            how = fmt::format("killed by signal {}", o.status.signal);
          else
            how = fmt::format("exit status {}", o.status.exit_code);
        }
        error = fmt::format("{} failed ({})", fmt::join(run->run.argv, " "), how);
      }
    }
    if (!error.empty()) {
      if (!committed) return abort_with(error);
      out.warnings.push_back(error);
    }
    ++out.steps_done;
  }
  // A signal during the last step before the commit came too late to stop it: the action is
  // done. A signal after the commit: the rest was finished first.
  if (int s = signals.caught()) {
    out.signal = s;
    out.warnings.push_back(
        fmt::format("{} arrived after the change was committed: it was "
                    "finished",
                    signal_name(s)));
  }
  clear_journal();
  if (out.signal) out.exit_status = 128 + out.signal;
  return out;
}

}  // namespace pfmulti
