// The configuration memo (see config_cache.h).
#include "model/config_cache.h"

#include <fmt/format.h>

namespace pfmulti {
namespace {

using Kind = ConfigCache::EntryKind;

// Whether a file is still in the state a cache entry recorded.
bool same_state(const FileState* state, Kind kind, const std::string& content) {
  if (!state) return kind == Kind::kAbsent;
  if (const auto* text = std::get_if<std::string>(state))
    return kind == Kind::kText && *text == content;
  return kind == Kind::kUnreadable && std::get<Unreadable>(*state).reason == content;
}

}  // namespace

ConfigCache::ConfigCache(const Defaults& defaults)
    : defaults_(std::make_shared<const Defaults>(defaults)) {}

const Result<Config>& ConfigCache::load(const FileMap& files, std::string_view config_dir,
                                        std::string_view cwd) {
  std::string key;
  key.reserve(cwd.size() + 1 + config_dir.size());
  key.append(cwd).push_back('\0');
  key.append(config_dir);
  std::string path = main_cf_path(config_dir);
  const FileState* state = find_file(files, path, cwd);
  auto it = entries_.find(key);
  if (it != entries_.end() && same_state(state, it->second.kind, it->second.content))
    return it->second.config;

  auto make = [&]() -> Entry {
    if (!state)
      return {Kind::kAbsent, "",
              Result<Config>::fail(fmt::format("open {}: No such file or directory", path))};
    if (const auto* bad = std::get_if<Unreadable>(state)) {
      return {Kind::kUnreadable, bad->reason,
              Result<Config>::fail(fmt::format("open {}: {}", path, bad->reason))};
    }
    const std::string& text = std::get<std::string>(*state);
    ++parses_;
    MainCf cf = read_main_cf(text, path);
    if (cf.error) return {Kind::kText, text, Result<Config>::fail(cf.error->str())};
    return {Kind::kText, text,
            Result<Config>::ok(Config(std::move(cf), defaults_, std::string(config_dir)))};
  };
  Entry entry = make();
  auto [pos, inserted] = entries_.insert_or_assign(std::move(key), std::move(entry));
  (void)inserted;
  return pos->second.config;
}

}  // namespace pfmulti
