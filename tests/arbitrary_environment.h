// Generators of environments and of the environment changes of run actions (env set, unset
// removed), for the executor's environment overlay (tests/child_environment_prop_test.cc). Names
// and values come from small alphabets, both sides of the short-string size, so that an action
// sets what an earlier one removed, removes what is not there, and sets and removes one name.
#pragma once

#include <rapidcheck.h>

#include <string>
#include <vector>

#include "model/plan/plan.h"

namespace pfmulti {

inline rc::Gen<std::string> arbitrary_env_name() {
  return rc::gen::element<std::string>("MAIL_CONFIG", "PATH", "TZ", "LANG", "config_directory",
                                       "A_NAME_LONGER_THAN_SIXTEEN_BYTES");
}

inline rc::Gen<std::string> arbitrary_env_value() {
  return rc::gen::element<std::string>("", "/etc/postfix", "/etc/postfix-out",
                                       "a value longer than the short-string buffer of 16 bytes");
}

// Pairs, not a map generator: the alphabet holds only six names, so a map of a large size
// cannot be drawn; repeated names collapse (the first value stays).
inline rc::Gen<EnvMap> arbitrary_environment() {
  return rc::gen::map(rc::gen::container<std::vector<std::pair<std::string, std::string>>>(
                          rc::gen::pair(arbitrary_env_name(), arbitrary_env_value())),
                      [](const std::vector<std::pair<std::string, std::string>>& pairs) {
                        return EnvMap(pairs.begin(), pairs.end());
                      });
}

inline rc::Gen<RunAction> arbitrary_env_change() {
  return rc::gen::build<RunAction>(
      rc::gen::set(&RunAction::env, arbitrary_environment()),
      rc::gen::set(&RunAction::unset,
                   rc::gen::container<std::vector<std::string>>(arbitrary_env_name())));
}

}  // namespace pfmulti
