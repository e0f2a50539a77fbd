// Built-in parameter defaults (see param_defaults.h). Checked against `postconf -d` of Debian's
// postfix 3.7.11 by the differential suite (tests/differential/, ctest differential.*).
#include "model/main_cf/param_defaults.h"

namespace pfmulti {

const std::string* Defaults::find(std::string_view name) const {
  auto it = values.find(name);
  return it == values.end() ? nullptr : &it->second;
}

const Defaults& compiled_defaults() {
  static const Defaults defaults{{
      {"config_directory", PFMULTI_DEFAULT_CONFIG_DIRECTORY},
      {"command_directory", PFMULTI_DEFAULT_COMMAND_DIRECTORY},
      {"daemon_directory", PFMULTI_DEFAULT_DAEMON_DIRECTORY},
      {"queue_directory", PFMULTI_DEFAULT_QUEUE_DIRECTORY},
      {"data_directory", PFMULTI_DEFAULT_DATA_DIRECTORY},
      {"meta_directory", PFMULTI_DEFAULT_META_DIRECTORY},
      {"shlib_directory", PFMULTI_DEFAULT_SHLIB_DIRECTORY},
      {"mail_owner", "postfix"},
      {"setgid_group", "postdrop"},
      {"sendmail_path", "/usr/sbin/sendmail"},
      {"mailq_path", "/usr/bin/mailq"},
      {"newaliases_path", "/usr/bin/newaliases"},
      {"manpage_directory", "/usr/share/man"},
      {"sample_directory", "/etc/postfix"},
      {"readme_directory", "/usr/share/doc/postfix"},
      {"html_directory", "/usr/share/doc/postfix/html"},
      {"import_environment",
       "MAIL_CONFIG MAIL_DEBUG MAIL_LOGTAG TZ XAUTHORITY DISPLAY LANG=C POSTLOG_SERVICE "
       "POSTLOG_HOSTNAME"},
      {"alternate_config_directories", ""},
      {"multi_instance_wrapper", ""},
      {"multi_instance_directories", ""},
      {"multi_instance_enable", "no"},
      {"multi_instance_name", ""},
      {"multi_instance_group", ""},
      {"syslog_name", "${multi_instance_name?{$multi_instance_name}:{postfix}}"},
      {"postmulti_start_commands", "start"},
      {"postmulti_stop_commands", "stop abort drain quick-stop"},
      {"postmulti_control_commands", "reload flush"},
  }};
  return defaults;
}

const std::string& Defaults::config_directory() const {
  if (const std::string* d = find("config_directory")) return *d;
  static const std::string compiled = PFMULTI_DEFAULT_CONFIG_DIRECTORY;
  return compiled;
}

const std::vector<std::string>& exported_parameter_names() {
  static const std::vector<std::string> names{
      "command_directory", "daemon_directory", "data_directory",   "meta_directory",
      "queue_directory",   "config_directory", "shlib_directory",  "mail_owner",
      "setgid_group",      "sendmail_path",    "mailq_path",       "newaliases_path",
      "manpage_directory", "sample_directory", "readme_directory", "html_directory"};
  return names;
}

Defaults defaults_with_environment(const Defaults& base, const Environment& env) {
  Defaults out = base;
  for (const auto& name : exported_parameter_names()) {
    if (auto it = env.find(name); it != env.end()) out.values[name] = it->second;
  }
  return out;
}

}  // namespace pfmulti
