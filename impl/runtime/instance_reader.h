// Reads one instance's configuration from the file system into the model's Config:
// DIR/main.cf through the pure reader, with DIR as config_directory. An absent or unreadable
// main.cf, or a fatal syntax error, is an error naming the file.
#pragma once

#include <memory>
#include <string>

#include "impl/runtime/file_system.h"
#include "model/main_cf/config.h"

namespace pfmulti {

struct LoadedConfig {
  std::shared_ptr<const Config> config;
};

Result<LoadedConfig> load_instance_config(FileSystem& fs, const std::string& config_dir,
                                          const Defaults& defaults);

}  // namespace pfmulti
