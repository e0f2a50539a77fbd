// `pfmulti status`: judging and rendering the facts (see status_view.h; spec/postfix-facts.md §10).
#include "model/status/status_view.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

namespace pfmulti {
namespace {

std::string or_dash(const std::string& s) { return s.empty() ? "-" : s; }

Json name_or_null(const std::string& s) { return s.empty() ? Json() : Json(s); }

}  // namespace

StatusRow status_row(const Instance& ip, const InstanceFacts* facts) {
  StatusRow r;
  r.name = ip.name;
  r.group = ip.group;
  r.enabled = ip.enabled;
  r.config_directory = ip.config_dir;
  r.queue_directory = ip.queue_dir;
  std::string who = fmt::format("instance {} ({})", or_dash(ip.name), ip.config_dir);
  if (ip.damage || !facts) {
    r.flags.push_back("damaged");
    r.problem = fmt::format("{}: {}", who, ip.damage.value_or("no facts"));
    return r;
  }
  std::vector<std::string> what;
  r.running = facts->master_pid.has_value();
  r.pid = facts->master_pid;
  r.master_note = facts->master_note;
  r.queues = facts->queues;
  if (r.enabled && !r.running) {
    r.flags.push_back("enabled-not-running");
    what.push_back(fmt::format("enabled but not running ({})",
                               facts->master_note.empty() ? "no master" : facts->master_note));
  }
  if (!r.enabled && r.running) {
    r.flags.push_back("disabled-running");
    what.push_back(fmt::format("disabled but running (master pid {})", *r.pid));
  }
  bool unreadable = false;
  for (const auto& q : r.queues) unreadable = unreadable || !q;
  if (unreadable) {
    r.flags.push_back("unreadable-queue");
    for (const auto& n : facts->notes) what.push_back(n);
  }
  if (!what.empty()) r.problem = fmt::format("{}: {}", who, fmt::join(what, "; "));
  return r;
}

std::string status_line(const StatusRow& r) {
  std::string out = fmt::format("{} {} {} {} ", or_dash(r.name), or_dash(r.group),
                                r.enabled ? "y" : "n", r.config_directory);
  bool damaged = !r.flags.empty() && r.flags.front() == "damaged";
  if (damaged) {
    out += "damaged";
  } else {
    out += r.running ? fmt::format("running pid={}", *r.pid) : std::string("stopped");
    for (size_t k = 0; k < kStatusQueues.size(); ++k)
      out += fmt::format(" {}={}", kStatusQueues[k],
                         r.queues[k] ? fmt::format("{}", *r.queues[k]) : std::string("?"));
  }
  for (const auto& f : r.flags)
    if (f != "damaged") out += " !" + f;
  return out;
}

Json status_to_json(const StatusRow& r) {
  Json j = Json::object();
  j.set("name", name_or_null(r.name));
  j.set("group", name_or_null(r.group));
  j.set("enabled", Json(r.enabled));
  j.set("config_directory", Json(r.config_directory));
  j.set("queue_directory", name_or_null(r.queue_directory));
  Json master = Json::object();
  master.set("running", Json(r.running));
  master.set("pid", r.pid ? Json(*r.pid) : Json());
  master.set("note", name_or_null(r.master_note));
  j.set("master", std::move(master));
  bool damaged = !r.flags.empty() && r.flags.front() == "damaged";
  if (damaged) {
    j.set("queues", Json());
  } else {
    Json queues = Json::object();
    for (size_t k = 0; k < kStatusQueues.size(); ++k)
      queues.set(kStatusQueues[k], r.queues[k] ? Json(*r.queues[k]) : Json());
    j.set("queues", std::move(queues));
  }
  j.set("flags", json_strings(r.flags));
  j.set("problem", name_or_null(r.problem));
  return j;
}

std::string prometheus_label_value(std::string_view bytes) {
  std::string out;
  for (size_t i = 0; i < bytes.size();) {
    unsigned char c = static_cast<unsigned char>(bytes[i]);
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '"') {
      out += "\\\"";
    } else if (c == '\n') {
      out += "\\n";
    } else if (c < 0x80) {
      out.push_back(static_cast<char>(c));
    } else {
      // A valid UTF-8 sequence is kept; anything else becomes U+FFFD.
      size_t n = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
      std::string_view seq = bytes.substr(i, n);
      if (n > 1 && seq.size() == n && is_valid_utf8(seq)) {
        out.append(seq);
        i += n;
        continue;
      }
      out += "\xEF\xBF\xBD";
    }
    ++i;
  }
  return out;
}

std::string status_prometheus(const std::vector<StatusRow>& rows) {
  auto labels = [](const StatusRow& r) {
    return fmt::format("instance=\"{}\",config_directory=\"{}\"",
                       prometheus_label_value(or_dash(r.name)),
                       prometheus_label_value(r.config_directory));
  };
  std::string out;
  out +=
      "# HELP postfix_instance_up Whether the instance's master process runs (pfmulti status).\n"
      "# TYPE postfix_instance_up gauge\n";
  for (const auto& r : rows)
    out += fmt::format("postfix_instance_up{{{}}} {}\n", labels(r), r.running ? 1 : 0);
  out +=
      "# HELP postfix_instance_enabled Whether multi_instance_enable is yes (pfmulti status).\n"
      "# TYPE postfix_instance_enabled gauge\n";
  for (const auto& r : rows)
    out += fmt::format("postfix_instance_enabled{{{}}} {}\n", labels(r), r.enabled ? 1 : 0);
  out +=
      "# HELP postfix_instance_state_mismatch 1 if enabled but not running, or disabled but "
      "running.\n"
      "# TYPE postfix_instance_state_mismatch gauge\n";
  for (const auto& r : rows)
    out += fmt::format("postfix_instance_state_mismatch{{{}}} {}\n", labels(r),
                       r.enabled != r.running ? 1 : 0);
  out +=
      "# HELP postfix_queue_messages Queue files in the instance's queue directory, by queue.\n"
      "# TYPE postfix_queue_messages gauge\n";
  for (const auto& r : rows) {
    for (size_t k = 0; k < kStatusQueues.size(); ++k) {
      if (!r.queues[k]) continue;
      out += fmt::format(
          "postfix_queue_messages{{instance=\"{}\",config_directory=\"{}\",queue=\"{}\"}} {}\n",
          prometheus_label_value(or_dash(r.name)), prometheus_label_value(r.config_directory),
          kStatusQueues[k], *r.queues[k]);
    }
  }
  return out;
}

}  // namespace pfmulti
