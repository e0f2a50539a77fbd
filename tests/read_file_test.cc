// Tests of the one whole-file read loop (impl/runtime/read_file.h) and of the forms its callers
// give its outcome: RealFileSystem::read (absent versus unreadable) and read_whole_file.
#include "impl/runtime/read_file.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <fstream>

#include "impl/runtime/file_system.h"

namespace pfmulti {
namespace {

class ReadFile : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/pfmulti-read-file-test.XXXXXX";
    ASSERT_NE(::mkdtemp(tmpl), nullptr);
    root_ = tmpl;
  }
  void TearDown() override {
    ::unlink((root_ + "/f").c_str());
    ::rmdir(root_.c_str());
  }
  std::string root_;
};

TEST_F(ReadFile, ReadsARegularFileWhole) {
  std::string big(200000, 'x');  // more than one 64 KiB read
  big[12345] = '\0';
  std::ofstream(root_ + "/f", std::ios::binary) << big;
  FileBytes f = read_file(root_ + "/f");
  EXPECT_TRUE(f.ok());
  EXPECT_TRUE(f.opened);
  EXPECT_EQ(f.bytes, big);
  EXPECT_EQ(read_whole_file(root_ + "/f"), big);
  EXPECT_EQ(std::get<std::string>(RealFileSystem().read(root_ + "/f")), big);
}

TEST_F(ReadFile, ReadsAnEmptyFile) {
  std::ofstream(root_ + "/f", std::ios::binary) << "";
  FileBytes f = read_file(root_ + "/f");
  EXPECT_TRUE(f.ok());
  EXPECT_EQ(f.bytes, "");
}

TEST_F(ReadFile, ReadsAFileThatReportsNoSize) {
  FileBytes f = read_file("/proc/self/status");  // st_size 0, content all the same
  ASSERT_TRUE(f.ok()) << f.error;
  EXPECT_NE(f.bytes.find("Name:"), std::string::npos);
}

TEST_F(ReadFile, AnAbsentFileFailsAtOpen) {
  FileBytes f = read_file(root_ + "/absent");
  EXPECT_FALSE(f.ok());
  EXPECT_FALSE(f.opened);
  EXPECT_EQ(f.error, ENOENT);
  EXPECT_EQ(read_whole_file(root_ + "/absent"), std::nullopt);
  EXPECT_TRUE(std::holds_alternative<FileAbsent>(RealFileSystem().read(root_ + "/absent")));
  EXPECT_TRUE(std::holds_alternative<FileAbsent>(RealFileSystem().read(root_ + "/absent/below")));
}

TEST_F(ReadFile, ADirectoryOpensButCannotBeRead) {
  FileBytes f = read_file(root_);
  EXPECT_FALSE(f.ok());
  EXPECT_TRUE(f.opened);
  EXPECT_EQ(f.error, EISDIR);
  EXPECT_EQ(f.bytes, "");
  FileContent c = RealFileSystem().read(root_);
  ASSERT_TRUE(std::holds_alternative<FileUnreadable>(c));
  EXPECT_EQ(std::get<FileUnreadable>(c).reason, "Is a directory");
}

TEST_F(ReadFile, ReadFdAppendsToWhatIsThere) {
  int fds[2];
  ASSERT_EQ(::pipe(fds), 0);
  ASSERT_EQ(::write(fds[1], "abc", 3), 3);
  ::close(fds[1]);
  std::string out = "x";
  EXPECT_EQ(read_fd(fds[0], &out), 0);
  ::close(fds[0]);
  EXPECT_EQ(out, "xabc");
}

}  // namespace
}  // namespace pfmulti
