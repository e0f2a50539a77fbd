// The facts `pfmulti status` shows (model/status/status_view.h), read without starting any
// process: the master's pid from QUEUE_DIRECTORY/pid/master.pid (Postfix's master writes it
// there, spec/postfix-facts.md §10), whether that pid is a live process named "master"
// (/proc/PID/stat: not a zombie, comm "master"), and the number of complete queue files in each
// queue directory (hashed subdirectories counted through; every file in corrupt).
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "impl/runtime/file_system.h"
#include "model/status/status_view.h"

namespace pfmulti {

// fs reads the pid file and /proc (proc_root is "/proc"; tests pass another).
InstanceFacts read_instance_facts(FileSystem& fs, const std::string& queue_directory,
                                  const std::string& proc_root = "/proc");

// Regular files under dir, through subdirectories up to depth levels (Postfix hashes queues at
// most 16 levels deep, hash_queue_depth); with ready_only, only complete queue files (owner
// rwx, as Postfix marks them and as postqueue lists them). nullopt with errno's text in error
// when dir cannot be opened. getdents64's d_type saves a stat where it can, and subdirectories
// are opened relative to their parent (bench/status.sh: the target is 100 instances in under
// 50 ms; docs/performance.md has the figures).
std::optional<int64_t> count_queue_files(const std::string& dir, std::string& error,
                                         bool ready_only, int depth = 16);

}  // namespace pfmulti
