// rapidcheck generators for `pfmulti apply` (tests/apply_plan_test.cc; model/apply/): documents
// of desired secondaries drawn from small pools chosen to collide (names that are prefixes of
// each other, postfix-out and postfix-outbound; directories that are prefixes of each other),
// nameless instances, groups, enabled or not, main.cf settings with runs of white space and
// '$'; and hosts, made by applying a generated document to an in-memory primary (initialized or
// not) with tests/lifecycle_world.h, so that renames, regroups, enable flips, imports and
// deports all come up.
#pragma once

#include <rapidcheck.h>

#include <algorithm>
#include <string>
#include <vector>

#include "lifecycle_world.h"
#include "model/apply/apply_plan.h"

namespace pfmulti::test {

inline const std::vector<std::string>& apply_name_pool() {
  static const std::vector<std::string> v{"postfix-out", "postfix-outbound", "postfix-o",
                                          "postfix-in", "postfix-in-2"};
  return v;
}
inline const std::vector<std::string>& apply_dir_pool() {
  static const std::vector<std::string> v{"/etc/postfix-out", "/etc/postfix-outbound", "/etc/pfx/a",
                                          "/etc/pfx/ab", "/etc/postfix-in"};
  return v;
}

inline testing::World apply_base_world(bool initialized) {
  testing::World w;
  for (const char* d : {"/usr/sbin", "/usr/lib/postfix/sbin", "/usr/lib/postfix",
                        "/var/spool/postfix", "/var/lib/postfix"})
    w.add_dir(d);
  std::string primary = "# The primary instance.\nmyhostname = mx.example\n";
  if (initialized)
    primary +=
        "multi_instance_wrapper = ${command_directory}/pfmulti -p --\n"
        "multi_instance_enable = yes\n";
  const char* master = "smtp inet n - y - - smtpd\npickup unix n - y 60 1 pickup\n";
  w.add_file("/etc/postfix/main.cf", primary);
  w.add_file("/etc/postfix/master.cf", master);
  w.add_file("/etc/postfix/main.cf.proto",
             "# Stock main.cf\nqueue_directory = /var/spool/postfix\n"
             "command_directory = /usr/sbin\ndaemon_directory = /usr/lib/postfix/sbin\n"
             "data_directory = /var/lib/postfix\ninet_interfaces = all\n");
  w.add_file("/etc/postfix/master.cf.proto", master);
  return w;
}

inline rc::Gen<DesiredState> gen_desired() {
  return rc::gen::exec([] {
    DesiredState st;
    auto dirs = *rc::gen::suchThat(rc::gen::container<std::vector<size_t>>(
                                       rc::gen::inRange<size_t>(0, apply_dir_pool().size())),
                                   [](const std::vector<size_t>& v) { return v.size() <= 4; });
    std::sort(dirs.begin(), dirs.end());
    dirs.erase(std::unique(dirs.begin(), dirs.end()), dirs.end());
    std::vector<size_t> names(apply_name_pool().size());
    for (size_t i = 0; i < names.size(); ++i) names[i] = i;
    auto order =
        *rc::gen::container<std::vector<size_t>>(names.size(), rc::gen::inRange<size_t>(0, 1000));
    std::sort(names.begin(), names.end(), [&](size_t a, size_t b) {
      return order[a] < order[b] || (order[a] == order[b] && a < b);
    });
    size_t k = 0;
    for (size_t di : dirs) {
      DesiredInstance d;
      d.config_directory = apply_dir_pool()[di];
      if (*rc::gen::inRange(0, 8) != 0) d.name = apply_name_pool()[names[k++]];
      d.group = *rc::gen::element<std::string>("", "mta", "mta-2");
      d.enabled = *rc::gen::arbitrary<bool>();
      d.queue_directory = "/var/spool/q" + std::to_string(di);
      d.data_directory = "/var/lib/d" + std::to_string(di);
      if (*rc::gen::arbitrary<bool>())
        d.settings.emplace_back(
            "inet_interfaces", *rc::gen::element<std::string>("all", "loopback-only", "127.0.0.1"));
      if (*rc::gen::arbitrary<bool>())
        d.settings.emplace_back("smtpd_banner", *rc::gen::element<std::string>(
                                                    "$myhostname ESMTP", "hello   there", "x"));
      st.instances.push_back(std::move(d));
    }
    return st;
  });
}

// Plans against w, answering the planner's needs as the real gatherer would.
inline ApplyPlan plan_apply_on(const testing::World& w, const DesiredState& d, bool prune) {
  ApplyInput in;
  in.desired = d;
  in.prune = prune;
  in.self_path = "/usr/sbin/pfmulti";
  in.journal_args = {"apply", "/tmp/doc.json"};
  LifecycleFacts facts;
  for (int round = 0; round < 64; ++round) {
    ApplyAnswer a = plan_apply(in, facts);
    if (a.needs.empty()) return a.plan;
    w.answer(a.needs, facts);
  }
  ApplyPlan p;
  p.error = "test world: the apply planner kept asking";
  return p;
}

struct ApplyHost {
  testing::World world;
  DesiredState made_from;
};

// A host: an in-memory primary (initialized or not), with a generated document applied (with
// prune), so that it holds 0-4 secondaries.
inline rc::Gen<ApplyHost> gen_apply_host() {
  return rc::gen::exec([] {
    ApplyHost h{apply_base_world(*rc::gen::arbitrary<bool>()), *gen_desired()};
    ApplyPlan p = plan_apply_on(h.world, h.made_from, true);
    RC_ASSERT(!p.error);
    h.world.apply(p.transaction);
    return h;
  });
}

}  // namespace pfmulti::test
