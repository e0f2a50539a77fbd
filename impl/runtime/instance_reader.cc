// Instance configuration loading (see instance_reader.h).
#include "impl/runtime/instance_reader.h"

#include <fmt/format.h>

namespace pfmulti {

Result<LoadedConfig> load_instance_config(FileSystem& fs, const std::string& config_dir,
                                          const Defaults& defaults) {
  std::string path = config_dir;
  if (path.empty() || path.back() != '/') path += '/';
  path += "main.cf";
  FileContent content = fs.read(path);
  if (auto* absent = std::get_if<FileAbsent>(&content))
    return Result<LoadedConfig>::fail(fmt::format("open {}: {}", path, absent->reason));
  if (auto* bad = std::get_if<FileUnreadable>(&content))
    return Result<LoadedConfig>::fail(fmt::format("open {}: {}", path, bad->reason));
  MainCf cf = read_main_cf(std::get<std::string>(content), path);
  if (cf.error) return Result<LoadedConfig>::fail(cf.error->str());
  return Result<LoadedConfig>::ok(
      {std::make_shared<const Config>(std::move(cf), defaults, config_dir)});
}

}  // namespace pfmulti
