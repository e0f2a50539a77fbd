// `pfmulti apply`'s document (issue 18 item 2; spec/apply.schema.json, docs/apply.md): the
// secondary instances a host should have, with their name, group, enabled state, directories
// and main.cf settings. Parsed from and printed as JSON through the one JSON layer
// (model/text/json.h, spec/json-wire.md); every refusal is one line naming the JSON path
// ("$.instances[2].name") and the bad value (spec/rules.md R160, R161). Pure; never throws.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "model/diagnostic.h"
#include "model/postmulti/instances.h"
#include "model/text/json.h"

namespace pfmulti {

struct DesiredInstance {
  std::string name;   // "" = a nameless instance (matched by its config_directory)
  std::string group;  // "" = none
  bool enabled = false;
  std::string config_directory;
  std::string queue_directory, data_directory;  // "" = derived on create, not compared otherwise
  std::vector<std::pair<std::string, std::string>> settings;  // main.cf NAME = VALUE, in order
  friend bool operator==(const DesiredInstance&, const DesiredInstance&) = default;
};

struct DesiredState {
  std::vector<DesiredInstance> instances;  // the secondaries; the primary is not listed
  friend bool operator==(const DesiredState&, const DesiredState&) = default;
};

// The format's version (the "version" member).
inline constexpr int kDesiredStateVersion = 1;

// The document as text (JSON) or as a parsed value; refuses unknown members, wrong types,
// names without the "postfix-" prefix, relative or duplicate directories, duplicate names and
// settings that are not ordinary main.cf parameters (the life-cycle parameters have fields).
Result<DesiredState> parse_desired_state(std::string_view text) noexcept;
Result<DesiredState> desired_state_from_json(const Json& doc) noexcept;
Json desired_state_to_json(const DesiredState& state);

// The host's secondaries as a document (`pfmulti apply --export`): no settings.
DesiredState desired_state_of(const std::vector<Instance>& instances);

// Parameters a document may not set under "settings": those the life-cycle actions own
// (names, group, enable, directories, the primary's lists and wrapper) and the shared ones.
bool is_reserved_setting(std::string_view name);

}  // namespace pfmulti
