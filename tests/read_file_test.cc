// Tests of the one whole-file read loop (impl/runtime/read_file.h) and of the forms its callers
// give its outcome: RealFileSystem::read (absent versus unreadable) and read_whole_file.
#include "impl/runtime/read_file.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
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
    for (const char* n : {"/f", "/fifo", "/zero", "/sock"}) ::unlink((root_ + n).c_str());
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

// R121 (issue 12 item 2): a main.cf that is a FIFO hung every command at open(2); one that is a
// link to /dev/zero was read until memory ran out. Neither may block or grow without bound.
TEST_F(ReadFile, AFifoIsRefusedWithoutBlocking) {
  ASSERT_EQ(::mkfifo((root_ + "/fifo").c_str(), 0600), 0);
  FileBytes f = read_file(root_ + "/fifo");  // before the fix: blocked here for ever
  EXPECT_FALSE(f.ok());
  EXPECT_EQ(f.error, kNotRegularFile);
  EXPECT_EQ(f.reason(), "not a regular file");
  FileContent c = RealFileSystem().read(root_ + "/fifo");
  ASSERT_TRUE(std::holds_alternative<FileUnreadable>(c));
  EXPECT_EQ(std::get<FileUnreadable>(c).reason, "not a regular file");
}

TEST_F(ReadFile, ALinkToAnEndlessDeviceIsRefused) {
  for (const char* dev : {"/dev/zero", "/dev/urandom"}) {
    ::unlink((root_ + "/zero").c_str());
    ASSERT_EQ(::symlink(dev, (root_ + "/zero").c_str()), 0);
    FileBytes f = read_file(root_ + "/zero");
    EXPECT_EQ(f.error, kNotRegularFile) << dev;
    EXPECT_EQ(f.bytes, "") << dev;
  }
}

TEST_F(ReadFile, ASocketIsRefused) {
  int s = ::socket(AF_UNIX, SOCK_STREAM, 0);
  ASSERT_GE(s, 0);
  sockaddr_un a{};
  a.sun_family = AF_UNIX;
  std::string path = root_ + "/sock";
  ASSERT_LT(path.size(), sizeof a.sun_path);
  std::memcpy(a.sun_path, path.c_str(), path.size() + 1);
  ASSERT_EQ(::bind(s, reinterpret_cast<sockaddr*>(&a), sizeof a), 0);
  FileBytes f = read_file(path);
  ::close(s);
  EXPECT_FALSE(f.ok());
  EXPECT_EQ(f.reason(), "No such device or address");  // open(2)'s ENXIO, as postconf says
}

TEST_F(ReadFile, AFileOverTheLimitIsRefusedNotTruncated) {
  int fd = ::open((root_ + "/f").c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  ASSERT_GE(fd, 0);
  ASSERT_EQ(::ftruncate(fd, static_cast<off_t>(kMaxFileBytes) + 1), 0);  // sparse: no disk used
  ::close(fd);
  FileBytes f = read_file(root_ + "/f");
  EXPECT_EQ(f.error, kFileTooLarge);
  EXPECT_EQ(f.bytes, "");
  EXPECT_EQ(f.reason(), "File too large (more than 67108864 bytes)");
  fd = ::open((root_ + "/f").c_str(), O_WRONLY | O_TRUNC);
  ASSERT_EQ(::ftruncate(fd, static_cast<off_t>(kMaxFileBytes)), 0);  // exactly the limit: read
  ::close(fd);
  EXPECT_TRUE(read_file(root_ + "/f").ok());
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
