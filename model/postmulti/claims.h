// Instance claims, as postmulti(1) registers them (postmulti.c register_claim): every claimed
// value (an instance name, or a config/queue/data directory, or a shared directory of the
// primary) has exactly one owner, "CONFIG_DIR, PARAMETER". A second claim on the same value by the
// same owner is accepted (so a directory listed twice is not a conflict); by anyone else it is a
// conflict. Values are compared as strings: "/etc/postfix/" and "/etc/postfix" differ.
// The one definition shared by the planner, `pfmulti lint` (model/lint/lint.cc, which reports
// every conflict and goes on), unit tests, property tests and fuzzers (spec/rules.md R79, R74).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <fmt/format.h>

#include "model/main_cf/main_cf.h"  // StringHash

namespace pfmulti {

struct Claim {
  std::string owner_dir;  // config_directory of the claiming instance
  std::string param;      // multi_instance_name, config_directory, queue_directory, ...
  std::string value;
  std::string owner() const { return owner_dir + ", " + param; }
  friend bool operator==(const Claim&, const Claim&) = default;
};

class ClaimTable {
 public:
  // The current owner of value, if any.
  std::optional<std::string> owner_of(std::string_view value) const {
    auto it = owners_.find(value);
    if (it == owners_.end()) return std::nullopt;
    return it->second.owner();
  }

  // The claim that owns value, if any: for callers that report a conflict in their own words.
  const Claim* owning_claim(std::string_view value) const {
    auto it = owners_.find(value);
    return it == owners_.end() ? nullptr : &it->second;
  }

  // Predicate: would this claim conflict with the table?
  bool conflicts(const Claim& c) const {
    auto owner = owner_of(c.value);
    return owner && *owner != c.owner();
  }

  // postmulti's fatal message for a conflicting claim.
  std::string conflict_message(const Claim& c) const {
    return conflict_message(c, owner_of(c.value).value_or(""));
  }

  // Registers c unless it conflicts; returns the conflict message otherwise.
  std::optional<std::string> add(const Claim& c) {
    if (conflicts(c)) return conflict_message(c);
    owners_.emplace(c.value, c);
    return std::nullopt;
  }

  // All-or-nothing: the first conflicting claim's message, else every claim is registered.
  // Claims within the list are checked against each other too (the first claim of a value in
  // the list owns it, as if they were added one by one). Costs O(k log n + k^2) for k claims:
  // nothing is copied, so registering N instances stays O(N log N).
  // The claims are moved into the table (a copy of each was most of registering an instance).
  std::optional<std::string> add_all(std::vector<Claim> claims) {
    for (size_t i = 0; i < claims.size(); ++i) {
      const Claim& c = claims[i];
      std::optional<std::string> owner = owner_of(c.value);
      for (size_t j = 0; !owner && j < i; ++j)
        if (claims[j].value == c.value) owner = claims[j].owner();
      if (owner && *owner != c.owner()) return conflict_message(c, *owner);
    }
    for (Claim& c : claims) {
      std::string key = c.value;
      owners_.try_emplace(std::move(key), std::move(c));  // the first claim of a value owns it
    }
    return std::nullopt;
  }

  size_t size() const { return owners_.size(); }

 private:
  static std::string conflict_message(const Claim& c, const std::string& owner) {
    return fmt::format("instance {}, {}={} conflicts with instance {}={}", c.owner_dir, c.param,
                       c.value, owner, c.value);
  }

  // value -> the claim that owns it (hashed: values are long paths with a common prefix, which
  // a tree compares a dozen times per lookup)
  std::unordered_map<std::string, Claim, StringHash, std::equal_to<>> owners_;
};

// The claims of one instance, in postmulti's order: name (when non-empty), config_directory,
// queue_directory, data_directory.
inline std::vector<Claim> instance_claims(const std::string& config_dir, const std::string& name,
                                          const std::string& queue_dir,
                                          const std::string& data_dir) {
  std::vector<Claim> out;
  if (!name.empty()) out.push_back({config_dir, "multi_instance_name", name});
  out.push_back({config_dir, "config_directory", config_dir});
  out.push_back({config_dir, "queue_directory", queue_dir});
  out.push_back({config_dir, "data_directory", data_dir});
  return out;
}

// Predicate for tests: a set of instances is claim-consistent when registering all of them in
// order raises no conflict.
struct InstanceClaimInput {
  std::string config_dir, name, queue_dir, data_dir;
};
inline bool claims_consistent(const std::vector<InstanceClaimInput>& instances) {
  ClaimTable t;
  for (const auto& i : instances)
    if (t.add_all(instance_claims(i.config_dir, i.name, i.queue_dir, i.data_dir))) return false;
  return true;
}

}  // namespace pfmulti
