// Writing the generator's files (impl/runtime/unit_writer.h; spec/rules.md R137): files and
// links land under their names with their bytes, the .wants directory is made, and a failure at
// any step leaves the old entry or the new one under the name, never a part, and no temporary.
#include "impl/runtime/unit_writer.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace pfmulti {
namespace {

namespace fs = std::filesystem;

class UnitWriter : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string tmpl = fs::temp_directory_path() / "pfmulti-unit-writer.XXXXXX";
    ASSERT_NE(::mkdtemp(tmpl.data()), nullptr);
    dir = tmpl;
  }
  void TearDown() override { fs::remove_all(dir); }
  std::string read(const std::string& rel) {
    std::ifstream in(dir + "/" + rel);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
  }
  std::vector<std::string> names() {
    std::vector<std::string> out;
    for (const auto& e : fs::recursive_directory_iterator(dir))
      out.push_back(e.path().lexically_relative(dir).string());
    std::sort(out.begin(), out.end());
    return out;
  }
  std::string dir;
  std::vector<GeneratedFile> files = {
      {"pfmulti@etc-postfix.service", "[Unit]\nDescription=new\n", false},
      {"pfmulti.target.wants/pfmulti@etc-postfix.service", "../pfmulti@etc-postfix.service", true},
  };
};

TEST_F(UnitWriter, WritesFilesAndLinksUnderTheirNames) {
  PosixFileOps ops;
  EXPECT_TRUE(write_generated_files(ops, dir, files).empty());
  EXPECT_EQ(read("pfmulti@etc-postfix.service"), "[Unit]\nDescription=new\n");
  EXPECT_EQ(fs::read_symlink(dir + "/pfmulti.target.wants/pfmulti@etc-postfix.service").string(),
            "../pfmulti@etc-postfix.service");
  EXPECT_EQ(read("pfmulti.target.wants/pfmulti@etc-postfix.service"), "[Unit]\nDescription=new\n");
  EXPECT_EQ(names(), (std::vector<std::string>{"pfmulti.target.wants",
                                               "pfmulti.target.wants/pfmulti@etc-postfix.service",
                                               "pfmulti@etc-postfix.service"}));
}

TEST_F(UnitWriter, AFailureAtAnyStepLeavesTheOldEntryOrTheNewOne) {
  for (int step = 1; step < 40; ++step) {
    fs::remove_all(dir);
    fs::create_directories(dir);
    { std::ofstream(dir + "/pfmulti@etc-postfix.service") << "old\n"; }
    PosixFileOps real;
    FaultyFileOps ops(real);
    ops.fail_at = step;
    auto errors = write_generated_files(ops, dir, files);
    std::string unit = read("pfmulti@etc-postfix.service");
    EXPECT_TRUE(unit == "old\n" || unit == "[Unit]\nDescription=new\n") << step << ": " << unit;
    for (const auto& n : names()) EXPECT_EQ(n.find(".pfmulti-new"), std::string::npos) << step;
    // No error reported: everything is in place (a failed unlink of an absent leftover is no
    // error).
    if (errors.empty()) {
      EXPECT_EQ(unit, "[Unit]\nDescription=new\n") << step;
      EXPECT_TRUE(fs::is_symlink(dir + "/pfmulti.target.wants/pfmulti@etc-postfix.service"))
          << step;
    }
    if (int(ops.steps.size()) < step) break;  // no call failed: the last step was reached
  }
}

}  // namespace
}  // namespace pfmulti
