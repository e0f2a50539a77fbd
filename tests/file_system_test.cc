// Tests of the file system layer (impl/runtime/file_system.h): directory listings, real and fake,
// as the world reader uses them for the shell's pathname expansion (spec/rules.md R53).
#include "impl/runtime/file_system.h"
#include "tests/support/fake_file_system.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>

namespace pfmulti {
namespace {

TEST(FileSystem, RealListingIsSortedWithoutDotEntries) {
  char tmpl[] = "/tmp/pfmulti-fs-test.XXXXXX";
  ASSERT_NE(::mkdtemp(tmpl), nullptr);
  std::string root = tmpl;
  for (const char* d : {"/b", "/a", "/.hidden"}) ASSERT_EQ(::mkdir((root + d).c_str(), 0755), 0);
  std::ofstream(root + "/c.txt") << "x";
  RealFileSystem fs;
  EXPECT_EQ(fs.list_directory(root), (std::vector<std::string>{".hidden", "a", "b", "c.txt"}));
  EXPECT_FALSE(fs.list_directory(root + "/c.txt")) << "a file is not a directory";
  EXPECT_FALSE(fs.list_directory(root + "/absent"));
  for (const char* d : {"/b", "/a", "/.hidden"}) ::rmdir((root + d).c_str());
  ::unlink((root + "/c.txt").c_str());
  ::rmdir(root.c_str());
}

TEST(FileSystem, FakeListsDirectChildrenOfKnownDirectories) {
  FakeFileSystem fs;
  fs.files["/etc/postfix-a/main.cf"] = std::string("");
  fs.files["/etc/notes"] = std::string("");
  fs.directories = {"/", "/etc", "/etc/postfix-b", "/var"};
  EXPECT_EQ(fs.list_directory("/etc"),
            (std::vector<std::string>{"notes", "postfix-a", "postfix-b"}));
  EXPECT_EQ(fs.list_directory("/"), (std::vector<std::string>{"etc", "var"}));
  EXPECT_FALSE(fs.list_directory("/etc/postfix-a")) << "not in directories: cannot be listed";
  EXPECT_EQ(fs.listings, (std::vector<std::string>{"/etc", "/", "/etc/postfix-a"}));
}

}  // namespace
}  // namespace pfmulti
