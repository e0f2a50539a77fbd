// Reading what the planner may need (see world_reader.h).
#include "impl/runtime/world_reader.h"

#include <algorithm>
#include <set>
#include <unordered_set>

#include "model/main_cf/config.h"
#include "model/main_cf/main_cf.h"
#include "model/text/shell_words.h"
#include "model/text/strings.h"

namespace pfmulti {
namespace {

// The parameters whose directories a manager or postfix(1) may check.
constexpr const char* kDirectoryParams[] = {
    "command_directory", "daemon_directory", "meta_directory",  "shlib_directory",
    "queue_directory",   "data_directory",   "config_directory"};

const Config* read_config(FileSystem& fs, World& world, const std::string& dir,
                          const std::string& cwd) {
  std::string path = absolute_path(main_cf_path(dir), cwd);
  if (!world.files.count(path)) {
    FileContent content = fs.read(path);
    if (auto* text = std::get_if<std::string>(&content)) {
      world.files[path] = std::move(*text);
    } else if (const auto* bad = std::get_if<FileUnreadable>(&content)) {
      world.files[path] = Unreadable{bad->reason};
    } else {
      return nullptr;
    }
  }
  const Result<Config>& cfg = world.config_cache->load(world.files, dir, cwd);
  return cfg ? &*cfg : nullptr;
}

}  // namespace

std::vector<std::string> glob_matches(FileSystem& fs, const std::string& word,
                                      const std::string& cwd) {
  if (!has_glob_chars(word)) return {};
  bool relative = word.front() != '/';
  if (relative && cwd.empty()) return {};  // glob_expand leaves such a word as it is
  // Component by component, as dash's expmeta: a literal component is appended, a pattern
  // component is matched against the names in the directory so far (glob_match: a leading '.'
  // must be matched literally).
  std::vector<std::string> paths{relative ? "" : "/"};
  size_t start = 0;
  while (start <= word.size()) {
    size_t slash = word.find('/', start);
    if (slash == std::string::npos) slash = word.size();
    std::string component = word.substr(start, slash - start);
    start = slash + 1;
    if (component.empty()) continue;
    std::vector<std::string> next;
    for (const auto& p : paths) {
      std::string sep = p.empty() || p.back() == '/' ? "" : "/";
      if (!has_glob_chars(component)) {
        next.push_back(p + sep + component);
        continue;
      }
      auto names = fs.list_directory(p.empty() ? cwd : absolute_path(p, cwd));
      if (!names) continue;
      for (const auto& n : *names)
        if (glob_match(component, n)) next.push_back(p + sep + n);
    }
    paths = std::move(next);
  }
  std::vector<std::string> out;
  for (auto& p : paths)
    if (fs.is_directory(absolute_path(p, cwd))) out.push_back(std::move(p));
  std::sort(out.begin(), out.end());
  return out;
}

std::string absolute_path(const std::string& path, const std::string& cwd) {
  std::string full = (!path.empty() && path[0] != '/' && !cwd.empty()) ? cwd + "/" + path : path;
  std::string out;
  for (char c : full) {
    if (c == '/' && !out.empty() && out.back() == '/') continue;
    out.push_back(c);
  }
  return out;
}

World read_world(FileSystem& fs, const std::string& primary_dir, const Defaults& defaults,
                 const std::string& cwd, const std::vector<std::string>& also) {
  World world;
  world.config_cache = std::make_shared<ConfigCache>(defaults);
  std::set<std::string> dirs_to_check{primary_dir};
  auto note_dirs = [&](const Config& cfg) {
    for (const char* name : kDirectoryParams)
      if (auto v = cfg.expand(name); v && !v->empty()) dirs_to_check.insert(*v);
  };
  std::vector<std::string> candidates;   // in the order first seen
  std::unordered_set<std::string> seen;  // the same names: a lookup, not a scan (linear in N)
  auto add = [&](const std::string& d) {
    if (d.empty() || d == primary_dir || !seen.insert(d).second) return;
    candidates.push_back(d);
  };
  for (const auto& d : also) add(d);

  const Config* primary = read_config(fs, world, primary_dir, cwd);
  if (primary) {
    note_dirs(*primary);
    if (auto listed = primary->list("multi_instance_directories"))
      for (const auto& d : *listed) add(d);
    if (auto raw = primary->raw("multi_instance_directories")) {
      for (const auto& d : split_list(*raw)) add(d);
      // The shipped postfix-wrapper: only the first comma becomes a space ("a, b, c" gives the
      // words "a", "b," and "c").
      std::string value(*raw);
      if (auto comma = value.find(','); comma != std::string::npos) value[comma] = ' ';
      for (const auto& d : split_on(value, kPostfixWhiteSpace)) add(d);
    }
  }
  // R53 the shell wrappers expand a word with *, ? or [ against the file system: the directories
  // it can match are candidates too (the model matches against what it knows of them).
  for (const auto& word : std::vector<std::string>(candidates))
    for (const auto& match : glob_matches(fs, word, cwd)) add(match);
  for (const auto& dir : candidates) {
    world.instance_dirs.push_back(dir);
    dirs_to_check.insert(dir);
    if (const Config* cfg = read_config(fs, world, dir, cwd)) note_dirs(*cfg);
  }
  for (const auto& d : dirs_to_check)
    if (fs.is_directory(absolute_path(d, cwd))) world.directories.push_back(d);
  return world;
}

}  // namespace pfmulti
