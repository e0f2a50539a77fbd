// `pfmulti status` (issue 15 item 5; spec/postfix-facts.md §10): what the view says, given the
// facts. One row per instance postmulti iterates over (model/postmulti/postmulti_plan.h
// load_instances): name, group, enabled, config directory, whether its master runs (and its
// pid), the message counts of its queues, and flags for an instance that is enabled but not
// running or disabled but running. The facts (the pid file, /proc, the queue directories) are
// read by impl/runtime/status_facts.h; this file only judges and renders them: text (one line per
// instance), JSON (one object per instance, spec/status.schema.json) and the Prometheus text
// exposition format for node_exporter's textfile collector. Pure; nothing throws but bad_alloc.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/postmulti/instances.h"
#include "model/text/json.h"

namespace pfmulti {

// The queues counted, in this order (Postfix's queue directories under queue_directory; postqueue
// -j reports the first five, "corrupt" holds damaged queue files).
inline constexpr std::array<std::string_view, 6> kStatusQueues = {
    "maildrop", "incoming", "active", "deferred", "hold", "corrupt"};

// What impl/runtime/status_facts.h found for one instance.
struct InstanceFacts {
  std::optional<int64_t> master_pid;  // a live master named by the pid file
  std::string master_note;            // why not running, e.g. "no pid file", "stale pid 123"
  // Per kStatusQueues: the number of queue files, nullopt when the directory could not be read
  // (an absent maildrop before `postfix check` counts as unreadable, with its reason in notes).
  std::array<std::optional<int64_t>, kStatusQueues.size()> queues{};
  std::vector<std::string> notes;  // "cannot read /var/spool/postfix/hold: Permission denied"
};

struct StatusRow {
  std::string name, group;  // "" = none
  bool enabled = false;
  std::string config_directory, queue_directory;
  bool running = false;
  std::optional<int64_t> pid;
  std::string master_note;
  std::array<std::optional<int64_t>, kStatusQueues.size()> queues{};
  // "enabled-not-running", "disabled-running", "damaged", "unreadable-queue"
  std::vector<std::string> flags;
  // What is wrong, as one line naming the instance (its stderr line, issue 15 item 4); "" = none.
  std::string problem;
};

// The row for an instance; a damaged one (its main.cf could not be read) has no facts.
StatusRow status_row(const Instance& instance, const InstanceFacts* facts);

// "NAME GROUP ENABLED DIR master=running pid=N maildrop=N ... [flags]" ("-" for none).
std::string status_line(const StatusRow& row);
// One object per row (spec/status.schema.json).
Json status_to_json(const StatusRow& row);
// The whole exposition (HELP and TYPE lines, then the samples), "\n" terminated.
std::string status_prometheus(const std::vector<StatusRow>& rows);
// A label value escaped per the exposition format (\\, \", \n); bytes that are not valid UTF-8
// become U+FFFD, since the format is UTF-8.
std::string prometheus_label_value(std::string_view bytes);

}  // namespace pfmulti
