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
  // The key and the path are built in buffers kept from call to call (no allocation per hit).
  std::string& key = key_buffer_;
  key.assign(cwd).push_back('\0');
  key.append(config_dir);
  std::string& path = path_buffer_;
  path.assign(config_dir).append("/main.cf");  // main_cf_path
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
  if (it != entries_.end()) {
    it->second = std::move(entry);
    return it->second.config;
  }
  return entries_.emplace(key, std::move(entry)).first->second.config;
}

}  // namespace pfmulti
