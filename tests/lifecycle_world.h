// An in-memory world for life-cycle planner tests: files with contents, directories, special
// files, running instances. Answers the planner's needs (model/lifecycle/lifecycle_plan.h) as the
// real gatherer (impl/runtime/lifecycle_facts.h) does from the disk, and applies a plan's file
// steps, so a test can run a sequence of actions and look at the resulting tree.
#pragma once

#include <map>
#include <set>
#include <string>

#include "model/lifecycle/lifecycle_plan.h"

namespace pfmulti::testing {

struct World {
  std::map<std::string, std::string> files;  // path -> bytes
  std::set<std::string> dirs;                // absolute paths
  std::map<std::string, PathKind> specials;  // sockets, fifos, symlinks
  std::set<std::string> running;             // config directories whose postfix status says 0
  std::set<std::string> unreadable;          // files that exist but cannot be read

  void add_dir(std::string p) {
    while (p.size() > 1) {
      dirs.insert(p);
      p = p.substr(0, p.rfind('/'));
      if (p.empty()) p.push_back('/');  // (not p = "/": a false g++ 12 -Wrestrict at -O3)
    }
    dirs.insert("/");
  }
  void add_file(const std::string& p, std::string bytes) {
    add_dir(p.substr(0, p.rfind('/')));
    files[p] = std::move(bytes);
  }

  PathKind kind(const std::string& p) const {
    if (files.count(p) || unreadable.count(p)) return PathKind::kFile;
    if (dirs.count(p)) return PathKind::kDirectory;
    auto it = specials.find(p);
    return it == specials.end() ? PathKind::kAbsent : it->second;
  }

  void answer(const std::vector<LifecycleNeed>& needs, LifecycleFacts& f) const {
    for (const auto& n : needs) {
      switch (n.kind) {
        case LifecycleNeed::Kind::kRead:
          f.read.insert(n.path);
          if (unreadable.count(n.path))
            f.files[n.path] = Unreadable{"Permission denied"};
          else if (auto it = files.find(n.path); it != files.end())
            f.files[n.path] = it->second;
          else if (dirs.count(n.path))
            f.files[n.path] = Unreadable{"Is a directory"};
          break;
        case LifecycleNeed::Kind::kStat:
          f.kinds[n.path] = kind(n.path);
          break;
        case LifecycleNeed::Kind::kTree: {
          f.listed.insert(n.path);
          if (!dirs.count(n.path)) break;
          std::vector<TreeEntry> entries;
          std::string prefix = n.path + "/";
          for (const auto& d : dirs)
            if (d.rfind(prefix, 0) == 0)
              entries.push_back({d.substr(prefix.size()), PathKind::kDirectory});
          for (const auto& [p, b] : files)
            if (p.rfind(prefix, 0) == 0)
              entries.push_back({p.substr(prefix.size()), PathKind::kFile});
          for (const auto& [p, k] : specials)
            if (p.rfind(prefix, 0) == 0) entries.push_back({p.substr(prefix.size()), k});
          f.trees[n.path] = entries;
          break;
        }
        case LifecycleNeed::Kind::kStatus:
          f.running[n.path] = running.count(n.path) > 0;
          break;
      }
    }
  }

  // Plans argv against this world (asking until no needs are left).
  LifecyclePlan plan(std::vector<std::string> argv, std::string self = "/usr/sbin/pfmulti",
                     Defaults defaults = compiled_defaults(), EnvMap env = {}) const {
    LifecycleInput in;
    in.argv = std::move(argv);
    in.env = std::move(env);
    in.defaults = std::move(defaults);
    in.self_path = std::move(self);
    LifecycleFacts facts;
    for (int round = 0; round < 16; ++round) {
      LifecycleAnswer a = plan_lifecycle(in, facts);
      if (a.needs.empty()) return a.plan;
      answer(a.needs, facts);
    }
    LifecyclePlan p;
    p.error = "test world: the planner kept asking";
    return p;
  }

  // Applies the file steps of a plan (run steps are recorded, not run).
  std::vector<RunAction> apply(const LifecyclePlan& p) {
    std::vector<RunAction> runs;
    for (const auto& s : p.steps) {
      if (auto* w = std::get_if<WriteFileStep>(&s)) files[w->path] = w->after;
      if (auto* m = std::get_if<MakeDirectoryStep>(&s)) dirs.insert(m->path);
      if (auto* r = std::get_if<RemoveFileStep>(&s)) {
        files.erase(r->path);
        specials.erase(r->path);
      }
      if (auto* r = std::get_if<RemoveDirectoryStep>(&s)) dirs.erase(r->path);
      if (auto* r = std::get_if<RunStep>(&s)) runs.push_back(r->run);
    }
    return runs;
  }
};

}  // namespace pfmulti::testing
