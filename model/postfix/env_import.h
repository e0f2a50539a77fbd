// postfix(1)'s environment handling (spec/postfix-facts.md §1.4-1.5; spec/rules.md R45, R46):
//  - mail_parm_split: import_environment split on commas and white space, where {braced}
//    elements keep their separators and lose the braces and the white space inside them;
//  - clean_env: keep only the listed names that are set; NAME=VALUE entries set a value; later
//    entries win;
//  - the exports that follow (PATH, MAIL_CONFIG, the installation parameters).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "model/main_cf/config.h"
#include "model/plan/plan.h"

namespace pfmulti {

// The fixed PATH that postfix(1) exports (Postfix's ROOT_PATH on Linux, measured in the binary).
inline constexpr std::string_view kRootPath = "/bin:/usr/bin:/sbin:/usr/sbin";

// mail_parm_split(name, value): the elements, or an error "NAME: missing '}' in ...".
Result<std::vector<std::string>> mail_parm_split(std::string_view name, std::string_view value);

// argv_split(value, CHARS_SPACE): words separated by " \t\r\n" (multi_instance_wrapper, R49).
std::vector<std::string> split_space(std::string_view value);

// clean_env(preserve): the environment that is left.
EnvMap clean_env(const EnvMap& env, const std::vector<std::string>& preserve);

}  // namespace pfmulti
