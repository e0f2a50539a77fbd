// Conformance vectors (spec/vectors/*.in scenario, *.ref expected plan; spec/rules.md): every
// plan is re-derived with the model (make_plan) and compared with the expected one, and the
// JSON forms round-trip. The expected plans were written by reasoning from the sources and runs
// of the real programs (spec/vectors/make_vectors.py), not dumped from the model.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "model/plan/plan_json.h"
#include "model/plan/planner.h"

namespace pfmulti {
namespace {

const std::filesystem::path kDir = std::filesystem::path(PFMULTI_SOURCE_DIR) / "spec" / "vectors";

std::string slurp(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::vector<std::string> vector_names() {
  std::vector<std::string> names;
  for (const auto& e : std::filesystem::directory_iterator(kDir))
    if (e.path().extension() == ".in") names.push_back(e.path().stem().string());
  std::sort(names.begin(), names.end());
  return names;
}

class Conformance : public testing::TestWithParam<std::string> {};

TEST_P(Conformance, ModelDerivesTheExpectedPlan) {
  const std::string& name = GetParam();
  auto scenario = parse_scenario(slurp(kDir / (name + ".in")));
  ASSERT_TRUE(scenario.is_ok()) << name << ".in: " << scenario.error();
  auto expected = parse_plan(slurp(kDir / (name + ".ref")));
  ASSERT_TRUE(expected.is_ok()) << name << ".ref: " << expected.error();
  Plan actual = make_plan(*scenario);
  EXPECT_EQ(actual, *expected) << "vector " << name << "\nexpected:\n"
                               << to_json(plan_to_json(*expected)) << "model:\n"
                               << to_json(plan_to_json(actual));
  // The JSON forms round-trip.
  auto again = parse_plan(to_json(plan_to_json(actual)));
  ASSERT_TRUE(again.is_ok());
  EXPECT_EQ(*again, actual);
  auto scenario_again = parse_scenario(to_json(scenario_to_json(*scenario)));
  ASSERT_TRUE(scenario_again.is_ok());
  EXPECT_EQ(*scenario_again, *scenario);
}

INSTANTIATE_TEST_SUITE_P(Vectors, Conformance, testing::ValuesIn(vector_names()),
                         [](const testing::TestParamInfo<std::string>& info) {
                           std::string n = info.param;
                           std::replace(n.begin(), n.end(), '-', '_');
                           return n;
                         });

TEST(Vectors, ThereAreVectorsAndEachHasAReference) {
  auto names = vector_names();
  EXPECT_GE(names.size(), 90u);
  for (const auto& n : names) EXPECT_TRUE(std::filesystem::exists(kDir / (n + ".ref"))) << n;
}

}  // namespace
}  // namespace pfmulti
