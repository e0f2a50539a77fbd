// Property tests for instance claims (model/postmulti/claims.h; spec/rules.md R79).
// ClaimTable::add_all checks a list of claims without copying the table (it was a copy per
// instance, quadratic in the number of instances: docs/performance.md); the law here is that it
// behaves exactly like the obvious definition, "register the claims one by one on a copy, keep the
// copy only if none conflicts". Values and owners come from small alphabets so that conflicts,
// repeated values within one list and repeated lists are common. rapidcheck prints the seed on
// failure (re-run with RC_PARAMS="seed=N").
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <cstdlib>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "model/postmulti/claims.h"

namespace pfmulti {
namespace {

// 1000 cases per law unless the caller set RC_PARAMS (rapidcheck reads it on first use).
const bool kParamsSet = [] {
  setenv("RC_PARAMS", "max_success=1000", 0);
  return true;
}();

// The reference: postmulti's register_claim applied claim by claim on a trial copy.
class ReferenceTable {
 public:
  std::optional<std::string> add_all(const std::vector<Claim>& claims) {
    std::map<std::string, std::string> trial = owners_;
    for (const Claim& c : claims) {
      auto it = trial.find(c.value);
      if (it != trial.end() && it->second != c.owner())
        return "instance " + c.owner_dir + ", " + c.param + "=" + c.value +
               " conflicts with instance " + it->second + "=" + c.value;
      trial.emplace(c.value, c.owner());
    }
    owners_ = std::move(trial);
    return std::nullopt;
  }
  const std::map<std::string, std::string>& owners() const { return owners_; }

 private:
  std::map<std::string, std::string> owners_;
};

rc::Gen<Claim> arbitrary_claim() {
  return rc::gen::build<Claim>(
      rc::gen::set(&Claim::owner_dir, rc::gen::element<std::string>("/a", "/b", "/c")),
      rc::gen::set(&Claim::param,
                   rc::gen::element<std::string>("multi_instance_name", "config_directory",
                                                 "queue_directory")),
      rc::gen::set(&Claim::value, rc::gen::element<std::string>("/a", "/q", "/q/", "x", "/d")));
}

RC_GTEST_PROP(ClaimsProp, add_all_behaves_like_one_by_one_registration_on_a_copy, ()) {
  auto lists = *rc::gen::container<std::vector<std::vector<Claim>>>(
      rc::gen::container<std::vector<Claim>>(arbitrary_claim()));
  ClaimTable table;
  ReferenceTable reference;
  for (const auto& list : lists) {
    auto got = table.add_all(list);
    auto want = reference.add_all(list);
    RC_ASSERT(got == want);
    RC_ASSERT(table.size() == reference.owners().size());
    for (const auto& [value, owner] : reference.owners()) RC_ASSERT(table.owner_of(value) == owner);
  }
}

// Same for the instance claims the planners register (name, config, queue and data directory).
RC_GTEST_PROP(ClaimsProp, claims_consistent_agrees_with_reference_registration, ()) {
  auto dirs = rc::gen::element<std::string>("/a", "/b", "/q", "/d", "");
  auto instances = *rc::gen::container<std::vector<InstanceClaimInput>>(
      rc::gen::build<InstanceClaimInput>(rc::gen::set(&InstanceClaimInput::config_dir, dirs),
                                         rc::gen::set(&InstanceClaimInput::name, dirs),
                                         rc::gen::set(&InstanceClaimInput::queue_dir, dirs),
                                         rc::gen::set(&InstanceClaimInput::data_dir, dirs)));
  ReferenceTable reference;
  bool consistent = true;
  for (const auto& i : instances)
    if (reference.add_all(instance_claims(i.config_dir, i.name, i.queue_dir, i.data_dir))) {
      consistent = false;
      break;
    }
  RC_ASSERT(claims_consistent(instances) == consistent);
}

}  // namespace
}  // namespace pfmulti
