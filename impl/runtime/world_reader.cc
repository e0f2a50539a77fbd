// Reading what the planner may need (see world_reader.h).
#include "impl/runtime/world_reader.h"

#include <algorithm>
#include <iterator>
#include <unordered_set>

#include "model/main_cf/config.h"
#include "model/main_cf/main_cf.h"
#include "model/text/shell_words.h"
#include "model/text/strings.h"

namespace pfmulti {
namespace {

using StringSet = std::unordered_set<std::string, StringHash, std::equal_to<>>;

// The parameters whose directories a manager or postfix(1) may check.
constexpr const char* kDirectoryParams[] = {
    "command_directory", "daemon_directory", "meta_directory",  "shlib_directory",
    "queue_directory",   "data_directory",   "config_directory"};

// Reads dir's main.cf into world.files (once per path) and parses it through the cache.
// proven: the directories a successful open of DIR/main.cf has shown to exist (on a real file
// system the open resolves DIR as a directory; FileSystem::reads_prove_parent_directory).
const Config* read_config(FileSystem& fs, World& world, const std::string& dir,
                          const std::string& cwd, StringSet& proven) {
  std::string path = absolute_path(main_cf_path(dir), cwd);
  auto it = world.files.lower_bound(path);
  if (it == world.files.end() || it->first != path) {
    FileContent content = fs.read(path);
    if (auto* text = std::get_if<std::string>(&content)) {
      // path ends in "/main.cf" (absolute_path keeps one slash before it); "" is no directory.
      if (fs.reads_prove_parent_directory() && path.size() > 8)
        proven.emplace(path, 0, path.size() - 8);
      world.files.emplace_hint(it, std::move(path), std::move(*text));
    } else if (const auto* bad = std::get_if<FileUnreadable>(&content)) {
      world.files.emplace_hint(it, std::move(path), Unreadable{bad->reason});
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
  bool join = !path.empty() && path[0] != '/' && !cwd.empty();
  std::string out;
  out.reserve((join ? cwd.size() + 1 : 0) + path.size());
  // Appends piece without a slash that would repeat the one before it: in one piece when it
  // has no "//" (most paths), else byte by byte.
  auto append = [&out](std::string_view piece) {
    if (!out.empty() && out.back() == '/') {
      size_t k = piece.find_first_not_of('/');
      piece.remove_prefix(k == std::string_view::npos ? piece.size() : k);
    }
    if (piece.find("//") == std::string_view::npos) {
      out.append(piece);
      return;
    }
    for (char c : piece) {
      if (c == '/' && !out.empty() && out.back() == '/') continue;
      out.push_back(c);
    }
  };
  if (join) {
    append(cwd);
    append("/");
  }
  append(path);
  return out;
}

World read_world(FileSystem& fs, const std::string& primary_dir, const Defaults& defaults,
                 const std::string& cwd, const std::vector<std::string>& also) {
  World world;
  world.config_cache = std::make_shared<ConfigCache>(defaults);
  // The directories to check, each once (sorted at the end: the order a std::set gave).
  StringSet dirs_to_check{primary_dir};
  StringSet proven;  // directories shown to exist by an open below them (read_config)
  auto check = [&](std::string_view d) {
    if (dirs_to_check.find(d) == dirs_to_check.end()) dirs_to_check.emplace(d);
  };
  // The last value of each parameter: the same value again (a shared directory, as every
  // instance has) is known to be in the set without a lookup.
  std::string last[std::size(kDirectoryParams)];
  auto note_dirs = [&](const Config& cfg) {
    for (size_t k = 0; k < std::size(kDirectoryParams); ++k) {
      auto v = cfg.expand_view(kDirectoryParams[k]);
      if (!v || v->empty() || *v == last[k]) continue;
      last[k].assign(*v);
      check(*v);
    }
  };
  std::vector<std::string> candidates;  // in the order first seen
  StringSet seen;                       // the same names: a lookup, not a scan (linear in N)
  auto add = [&](const std::string& d) {
    if (d.empty() || d == primary_dir || !seen.insert(d).second) return;
    candidates.push_back(d);
  };
  for (const auto& d : also) add(d);

  const Config* primary = read_config(fs, world, primary_dir, cwd, proven);
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
  for (size_t k = 0, n = candidates.size(); k < n; ++k)
    if (has_glob_chars(candidates[k]))
      for (const auto& match : glob_matches(fs, candidates[k], cwd)) add(match);
  world.instance_dirs.reserve(candidates.size());
  for (const auto& dir : candidates) {
    world.instance_dirs.push_back(dir);
    check(dir);
    if (const Config* cfg = read_config(fs, world, dir, cwd, proven)) note_dirs(*cfg);
  }
  std::vector<std::string> sorted;  // the names moved out of the set's nodes, not copied
  sorted.reserve(dirs_to_check.size());
  while (!dirs_to_check.empty())
    sorted.push_back(std::move(dirs_to_check.extract(dirs_to_check.begin()).value()));
  std::sort(sorted.begin(), sorted.end());
  for (auto& d : sorted) {
    std::string full = absolute_path(d, cwd);
    if (proven.count(full) || fs.is_directory(full)) world.directories.push_back(std::move(d));
  }
  return world;
}

}  // namespace pfmulti
