// The configuration memo (see config_cache.h).
#include "model/main_cf/config_cache.h"

#include "model/main_cf/instance_config.h"

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

  Entry entry{Kind::kAbsent, "", config_from_state(state, path, defaults_, config_dir)};
  if (const auto* text = state ? std::get_if<std::string>(state) : nullptr) {
    ++parses_;
    entry.kind = Kind::kText;
    entry.content = *text;
  } else if (state) {
    entry.kind = Kind::kUnreadable;
    entry.content = std::get<Unreadable>(*state).reason;
  }
  auto [pos, inserted] = entries_.insert_or_assign(std::move(key), std::move(entry));
  (void)inserted;
  return pos->second.config;
}

}  // namespace pfmulti
