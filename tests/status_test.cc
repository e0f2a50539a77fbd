// `pfmulti status` (spec/postfix-facts.md §10): the pure view (model/status/status_view.h: flags,
// the stderr line, JSON, the Prometheus exposition and its label escaping) and the fact reader
// (impl/runtime/status_facts.h: pid file, /proc, queue counts) on a temporary tree with a
// stand-in /proc. Real masters and real queued mail: tests/e2e/status.sh (ctest e2e.status).
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "impl/runtime/status_facts.h"
#include "model/status/status_view.h"

namespace pfmulti {
namespace {

Instance instance(std::string name, bool enabled) {
  Instance ip;
  ip.name = std::move(name);
  ip.group = "mta";
  ip.enabled = enabled;
  ip.config_dir = "/etc/" + ip.name;
  ip.queue_dir = "/var/spool/" + ip.name;
  return ip;
}

InstanceFacts facts(std::optional<int64_t> pid) {
  InstanceFacts f;
  f.master_pid = pid;
  if (!pid) f.master_note = "no pid file";
  for (size_t k = 0; k < f.queues.size(); ++k) f.queues[k] = static_cast<int64_t>(k);
  return f;
}

TEST(StatusView, FlagsEnabledNotRunningAndDisabledRunning) {
  InstanceFacts stopped = facts(std::nullopt), running = facts(42);
  StatusRow a = status_row(instance("postfix-a", true), &stopped);
  EXPECT_EQ(a.flags, std::vector<std::string>{"enabled-not-running"});
  EXPECT_EQ(a.problem,
            "instance postfix-a (/etc/postfix-a): enabled but not running (no pid file)");
  StatusRow b = status_row(instance("postfix-b", false), &running);
  EXPECT_EQ(b.flags, std::vector<std::string>{"disabled-running"});
  EXPECT_EQ(b.problem, "instance postfix-b (/etc/postfix-b): disabled but running (master pid 42)");
  StatusRow c = status_row(instance("postfix-c", true), &running);
  EXPECT_TRUE(c.flags.empty());
  EXPECT_EQ(c.problem, "");
  EXPECT_EQ(status_line(c),
            "postfix-c mta y /etc/postfix-c running pid=42 maildrop=0 incoming=1 active=2 "
            "deferred=3 hold=4 corrupt=5");
  Instance damaged = instance("postfix-d", true);
  damaged.damage = "main.cf: bad";
  StatusRow d = status_row(damaged, nullptr);
  EXPECT_EQ(d.flags, std::vector<std::string>{"damaged"});
  EXPECT_EQ(d.problem, "instance postfix-d (/etc/postfix-d): main.cf: bad");
}

TEST(StatusView, JsonIsTyped) {
  InstanceFacts running = facts(42);
  Json j = status_to_json(status_row(instance("postfix-a", true), &running));
  EXPECT_TRUE(j.find("enabled")->is_bool());
  EXPECT_EQ(j.find("master")->find("pid")->as_int(), 42);
  EXPECT_EQ(j.find("queues")->find("deferred")->as_int(), 3);
  EXPECT_TRUE(j.find("problem")->is_null());
  Instance primary = instance("", true);
  EXPECT_TRUE(status_to_json(status_row(primary, &running)).find("name")->is_null());
}

TEST(StatusView, PrometheusLabelValuesAreEscaped) {
  EXPECT_EQ(prometheus_label_value("a\\b\"c\nd"), "a\\\\b\\\"c\\nd");
  EXPECT_EQ(prometheus_label_value("caf\xc3\xa9"), "caf\xc3\xa9");
  EXPECT_EQ(prometheus_label_value("x\xffy"), "x\xEF\xBF\xBDy");
  EXPECT_EQ(prometheus_label_value("\xe2\x82"), "\xEF\xBF\xBD\xEF\xBF\xBD");
}

TEST(StatusView, PrometheusExposition) {
  InstanceFacts running = facts(42), stopped = facts(std::nullopt);
  std::vector<StatusRow> rows{status_row(instance("postfix-a", true), &running),
                              status_row(instance("x\"y", true), &stopped)};
  std::string text = status_prometheus(rows);
  EXPECT_NE(text.find("# TYPE postfix_instance_up gauge\n"), std::string::npos);
  EXPECT_NE(text.find("# HELP postfix_queue_messages "), std::string::npos);
  EXPECT_NE(text.find("postfix_instance_up{instance=\"postfix-a\",config_directory=\"/etc/"
                      "postfix-a\"} 1\n"),
            std::string::npos);
  EXPECT_NE(
      text.find("postfix_instance_up{instance=\"x\\\"y\",config_directory=\"/etc/x\\\"y\"} 0\n"),
      std::string::npos);
  EXPECT_NE(text.find("postfix_queue_messages{instance=\"postfix-a\",config_directory=\"/etc/"
                      "postfix-a\",queue=\"deferred\"} 3\n"),
            std::string::npos);
  EXPECT_NE(text.find("postfix_instance_state_mismatch{instance=\"x\\\"y\""), std::string::npos);
  // Every TYPE line comes before its samples, and every line ends with a newline.
  EXPECT_EQ(text.back(), '\n');
  EXPECT_LT(text.find("# TYPE postfix_queue_messages"), text.find("postfix_queue_messages{"));
}

class StatusFacts : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = std::filesystem::temp_directory_path() /
            ("pfmulti-status-test." + std::to_string(::getpid()));
    std::filesystem::remove_all(root_);
    for (auto q : kStatusQueues) std::filesystem::create_directories(root_ / "q" / q);
    std::filesystem::create_directories(root_ / "q" / "pid");
    std::filesystem::create_directories(root_ / "proc" / "1234");
  }
  void TearDown() override { std::filesystem::remove_all(root_); }
  void write(const std::filesystem::path& p, const std::string& text,
             std::filesystem::perms mode = std::filesystem::perms::owner_all) {
    std::filesystem::create_directories(p.parent_path());
    std::ofstream(p) << text;
    std::filesystem::permissions(p, mode);
  }
  InstanceFacts read() {
    RealFileSystem fs;
    return read_instance_facts(fs, (root_ / "q").string(), (root_ / "proc").string());
  }
  std::filesystem::path root_;
};

TEST_F(StatusFacts, CountsQueueFilesThroughHashedDirectories) {
  write(root_ / "q/deferred/A/A1", "");
  write(root_ / "q/deferred/B/B1", "");
  write(root_ / "q/deferred/B/B2", "");
  write(root_ / "q/maildrop/M1", "");
  write(root_ / "q/hold/H1", "");
  // Being written (owner rw only): not a message yet, as postqueue has it; corrupt counts all.
  write(root_ / "q/incoming/I1", "",
        std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
  write(root_ / "q/corrupt/C1", "", std::filesystem::perms::owner_read);
  InstanceFacts f = read();
  EXPECT_EQ(f.queues[0], 1);  // maildrop
  EXPECT_EQ(f.queues[1], 0);  // incoming
  EXPECT_EQ(f.queues[3], 3);  // deferred
  EXPECT_EQ(f.queues[4], 1);  // hold
  EXPECT_EQ(f.queues[5], 1);  // corrupt
  EXPECT_TRUE(f.notes.empty());
  std::filesystem::remove_all(root_ / "q/corrupt");
  f = read();
  EXPECT_FALSE(f.queues[5].has_value());
  ASSERT_EQ(f.notes.size(), 1u);
  EXPECT_NE(f.notes[0].find("corrupt: No such file or directory"), std::string::npos);
}

TEST_F(StatusFacts, MasterFromPidFileAndProc) {
  EXPECT_EQ(read().master_note, "no pid file");
  write(root_ / "q/pid/master.pid", "       1234\n");  // Postfix pads the pid
  write(root_ / "proc/1234/stat", "1234 (master) S 1 1234 1234 0 -1\n");
  InstanceFacts f = read();
  EXPECT_EQ(f.master_pid, 1234);
  write(root_ / "proc/1234/stat", "1234 (master) Z 1 1234 1234 0 -1\n");
  EXPECT_EQ(read().master_note, "stale pid file: process 1234 is a zombie");
  write(root_ / "proc/1234/stat", "1234 (sshd (x)) S 1 1234 1234 0 -1\n");
  EXPECT_EQ(read().master_note, "stale pid file: process 1234 is sshd (x)");
  write(root_ / "q/pid/master.pid", "99999999\n");
  EXPECT_EQ(read().master_note, "stale pid file: process 99999999 does not exist");
  write(root_ / "q/pid/master.pid", "junk\n");
  EXPECT_FALSE(read().master_pid.has_value());
}

}  // namespace
}  // namespace pfmulti
