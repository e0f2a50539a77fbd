// Tests of what pfmulti reads before planning (impl/runtime/world_reader.h), over the fake file
// system: the primary's main.cf, every directory any profile's reading of
// multi_instance_directories can name (postmulti's expanded list, the shipped script's first-comma
// words), the environment's config_directory, the directories a glob word can match (R53), and
// which candidate directories exist.
#include "impl/runtime/world_reader.h"
#include "tests/support/fake_file_system.h"

#include <gtest/gtest.h>

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>

namespace pfmulti {
namespace {

bool contains(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

TEST(WorldReader, ReadsThePrimaryAndEveryListedInstance) {
  FakeFileSystem fs;
  fs.files["/etc/postfix/main.cf"] = std::string(
      "base = /etc\nmulti_instance_directories = ${base}/postfix-a,\n  /etc/postfix-b\n");
  fs.files["/etc/postfix-a/main.cf"] = std::string("queue_directory = /q/a\n");
  fs.files["/etc/postfix-b/main.cf"] = FileUnreadable{"Permission denied"};
  fs.directories = {"/etc/postfix", "/etc/postfix-a", "/q/a"};
  World w = read_world(fs, "/etc/postfix", compiled_defaults(), "/");
  EXPECT_EQ(std::get<std::string>(w.files.at("/etc/postfix-a/main.cf")),
            "queue_directory = /q/a\n");
  EXPECT_EQ(std::get<Unreadable>(w.files.at("/etc/postfix-b/main.cf")).reason, "Permission denied");
  EXPECT_TRUE(contains(w.instance_dirs, "/etc/postfix-a"));
  EXPECT_TRUE(contains(w.instance_dirs, "/etc/postfix-b"));
  EXPECT_TRUE(contains(w.directories, "/q/a")) << "a queue directory named by an instance";
  EXPECT_TRUE(contains(w.directories, "/etc/postfix-a"));
  EXPECT_FALSE(contains(w.directories, "/etc/postfix-b"));
}

TEST(WorldReader, AlsoReadsWhatTheShippedScriptWouldName) {
  FakeFileSystem fs;
  fs.files["/etc/postfix/main.cf"] =
      std::string("multi_instance_directories = /etc/a, /etc/b, /etc/c\n");
  World w = read_world(fs, "/etc/postfix", compiled_defaults(), "/");
  for (const char* d : {"/etc/a", "/etc/b", "/etc/c", "/etc/b,"})
    EXPECT_TRUE(contains(w.instance_dirs, d)) << d;
  EXPECT_TRUE(contains(fs.reads, "/etc/b,/main.cf"));
  EXPECT_FALSE(w.files.count("/etc/b,/main.cf")) << "absent files stay out of the map";
}

TEST(WorldReader, ReadsTheEnvironmentsConfigDirectoryToo) {
  FakeFileSystem fs;
  fs.files["/etc/postfix/main.cf"] = std::string("");
  fs.files["/srv/other/main.cf"] = std::string("multi_instance_enable = yes\n");
  World w = read_world(fs, "/etc/postfix", compiled_defaults(), "/", {"/srv/other"});
  EXPECT_TRUE(w.files.count("/srv/other/main.cf"));
}

TEST(WorldReader, UnreadablePrimaryIsRecordedAndNothingElseIsRead) {
  FakeFileSystem fs;
  fs.files["/etc/postfix/main.cf"] = FileUnreadable{"Is a directory"};
  World w = read_world(fs, "/etc/postfix", compiled_defaults(), "/");
  EXPECT_EQ(std::get<Unreadable>(w.files.at("/etc/postfix/main.cf")).reason, "Is a directory");
  EXPECT_EQ(fs.reads, std::vector<std::string>{"/etc/postfix/main.cf"});
}

TEST(WorldReader, RelativeEntriesAreReadFromTheCurrentDirectory) {
  FakeFileSystem fs;
  fs.files["/etc/postfix/main.cf"] = std::string("multi_instance_directories = rel\n");
  fs.files["/home/x/rel/main.cf"] = std::string("");
  World w = read_world(fs, "/etc/postfix", compiled_defaults(), "/home/x");
  EXPECT_TRUE(w.files.count("/home/x/rel/main.cf"));
  EXPECT_EQ(absolute_path("a//b/", "/c"), "/c/a/b/");
  EXPECT_EQ(absolute_path("/a//b", "/c"), "/a/b");
}

TEST(WorldReader, GlobWordReadsEveryDirectoryItMatches) {
  // dash expands `/etc/postfix-*` to the existing paths that match, sorted; a hidden name needs
  // a literal '.'; a plain file matches the pattern but is no instance directory.
  FakeFileSystem fs;
  fs.files["/etc/postfix/main.cf"] =
      std::string("multi_instance_directories = /etc/postfix-* /etc/.p*\n");
  fs.files["/etc/postfix-b/main.cf"] = std::string("multi_instance_enable = yes\n");
  fs.files["/etc/postfix-a/main.cf"] = std::string("multi_instance_enable = yes\n");
  fs.files["/etc/postfix-notes"] = std::string("a file\n");
  fs.files["/etc/.postfix-h/main.cf"] = std::string("");
  fs.directories = {"/",
                    "/etc",
                    "/etc/postfix",
                    "/etc/postfix-a",
                    "/etc/postfix-b",
                    "/etc/postfix-c",
                    "/etc/.postfix-h"};
  World w = read_world(fs, "/etc/postfix", compiled_defaults(), "/");
  EXPECT_EQ(glob_matches(fs, "/etc/postfix-*", "/"),
            (std::vector<std::string>{"/etc/postfix-a", "/etc/postfix-b", "/etc/postfix-c"}));
  EXPECT_EQ(glob_matches(fs, "/etc/.p*", "/"), (std::vector<std::string>{"/etc/.postfix-h"}));
  for (const char* d : {"/etc/postfix-a", "/etc/postfix-b", "/etc/postfix-c", "/etc/.postfix-h"}) {
    EXPECT_TRUE(contains(w.instance_dirs, d)) << d;
    EXPECT_TRUE(contains(w.directories, d)) << d;
  }
  EXPECT_TRUE(w.files.count("/etc/postfix-a/main.cf"));
  EXPECT_TRUE(w.files.count("/etc/postfix-b/main.cf"));
  EXPECT_FALSE(contains(w.instance_dirs, "/etc/postfix-notes"));
  EXPECT_FALSE(contains(glob_matches(fs, "/etc/*", "/"), "/etc/.postfix-h"));
}

TEST(WorldReader, GlobMatchesComponentByComponent) {
  FakeFileSystem fs;
  fs.directories = {"/",          "/srv",    "/srv/one",   "/srv/one/pf", "/srv/two", "/srv/two/pf",
                    "/srv/three", "/srv/.h", "/srv/.h/pf", "/home",       "/home/x",  "/home/x/i1"};
  // A literal component after a pattern keeps only paths that exist.
  EXPECT_EQ(glob_matches(fs, "/srv/*/pf", "/"),
            (std::vector<std::string>{"/srv/one/pf", "/srv/two/pf"}));
  EXPECT_EQ(glob_matches(fs, "/s?v/t[wx]o", "/"), (std::vector<std::string>{"/srv/two"}));
  EXPECT_EQ(glob_matches(fs, "/srv/[!o]*", "/"),
            (std::vector<std::string>{"/srv/three", "/srv/two"}));
  // Relative words are matched from cwd and stay relative; with no cwd they match nothing.
  EXPECT_EQ(glob_matches(fs, "i*", "/home/x"), (std::vector<std::string>{"i1"}));
  EXPECT_TRUE(glob_matches(fs, "i*", "").empty());
  EXPECT_TRUE(glob_matches(fs, "/srv/one", "/").empty()) << "no pattern, nothing to expand";
  EXPECT_TRUE(glob_matches(fs, "/nowhere/*", "/").empty());
}

TEST(WorldReader, GlobWordsOfTheEnvironmentsConfigDirectoryAreExpandedToo) {
  FakeFileSystem fs;
  fs.files["/etc/postfix/main.cf"] = std::string("");
  fs.files["/srv/pf1/main.cf"] = std::string("multi_instance_enable = yes\n");
  fs.directories = {"/", "/srv", "/srv/pf1"};
  World w = read_world(fs, "/etc/postfix", compiled_defaults(), "/", {"/srv/pf*"});
  EXPECT_TRUE(w.files.count("/srv/pf1/main.cf"));
  EXPECT_TRUE(contains(w.directories, "/srv/pf1"));
}

// absolute_path appends in pieces; it must give the plain definition (cwd + "/" + path when the
// path is relative and cwd known, then every run of slashes made one), here for every path and
// cwd of up to five bytes over "a", "/" and ".".
TEST(WorldReader, AbsolutePathIsTheJoinWithEveryRunOfSlashesMadeOne) {
  auto plain = [](const std::string& path, const std::string& cwd) {
    std::string full = (!path.empty() && path[0] != '/' && !cwd.empty()) ? cwd + "/" + path : path;
    std::string out;
    for (char c : full)
      if (!(c == '/' && !out.empty() && out.back() == '/')) out.push_back(c);
    return out;
  };
  std::vector<std::string> words{""};
  for (size_t len = 1, from = 0; len <= 5; ++len) {
    size_t to = words.size();
    for (size_t i = from; i < to; ++i)
      for (char c : {'a', '/', '.'}) words.push_back(words[i] + c);
    from = to;
  }
  for (const auto& path : words)
    for (const char* cwd : {"", "/", "/c", "/c/", "//c//", "c"})
      ASSERT_EQ(absolute_path(path, cwd), plain(path, cwd)) << path << " from " << cwd;
}

// The real file system, counting its directory checks; prove = false hides the fact that a
// successful open proves its parent a directory (reads_prove_parent_directory).
class CountingFileSystem final : public FileSystem {
 public:
  explicit CountingFileSystem(bool prove) : prove_(prove) {}
  FileContent read(const std::string& path) override { return real_.read(path); }
  bool is_directory(const std::string& path) override {
    ++checks;
    return real_.is_directory(path);
  }
  std::optional<std::vector<std::string>> list_directory(const std::string& path) override {
    return real_.list_directory(path);
  }
  bool reads_prove_parent_directory() const override { return prove_; }
  int checks = 0;

 private:
  RealFileSystem real_;
  bool prove_;
};

// The world reader skips the directory check of a directory whose main.cf it has just read:
// on a real tree the world is the same as with every directory checked, with fewer checks.
TEST(WorldReader, ADirectoryProvedByItsMainCfIsTheDirectoryAStatWouldFind) {
  char tmpl[] = "/tmp/pfmulti-world-reader-test.XXXXXX";
  ASSERT_NE(::mkdtemp(tmpl), nullptr);
  std::string root = tmpl;
  auto mkdir = [](const std::string& d) { ASSERT_EQ(::mkdir(d.c_str(), 0755), 0) << d; };
  mkdir(root + "/primary");
  mkdir(root + "/a");
  mkdir(root + "/b");  // no main.cf: checked by stat
  mkdir(root + "/c");  // main.cf is a directory: unreadable, checked by stat
  mkdir(root + "/c/main.cf");
  mkdir(root + "/q");  // a's queue directory
  std::ofstream(root + "/primary/main.cf")
      << "multi_instance_directories = " << root << "/a, " << root << "//a/ " << root << "/b "
      << root << "/c " << root << "/none a\nqueue_directory = " << root << "/q\n";
  std::ofstream(root + "/a/main.cf") << "queue_directory = " << root << "/q\n"
                                     << "data_directory = " << root << "/nothing\n";
  CountingFileSystem proving(true), checking(false);
  World fast = read_world(proving, root + "/primary", compiled_defaults(), root);
  World slow = read_world(checking, root + "/primary", compiled_defaults(), root);
  EXPECT_EQ(fast.files, slow.files);
  EXPECT_EQ(fast.instance_dirs, slow.instance_dirs);
  EXPECT_EQ(fast.directories, slow.directories);
  EXPECT_TRUE(contains(fast.directories, root + "/a"));
  EXPECT_TRUE(contains(fast.directories, root + "//a/"));
  EXPECT_TRUE(contains(fast.directories, root + "/c"));
  EXPECT_FALSE(contains(fast.directories, root + "/none"));
  // The primary, a and its relative spelling "a" are proved by their main.cf; "//a/" is not
  // the spelling read (its main.cf is the same file) and is checked.
  EXPECT_EQ(checking.checks - proving.checks, 3);
  for (const char* f : {"/primary/main.cf", "/a/main.cf"}) ::unlink((root + f).c_str());
  for (const char* d : {"/c/main.cf", "/c", "/b", "/a", "/q", "/primary"})
    ::rmdir((root + d).c_str());
  ::rmdir(root.c_str());
}

}  // namespace
}  // namespace pfmulti
