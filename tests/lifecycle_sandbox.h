// A primary Postfix instance laid out in a scratch directory, for life-cycle tests that touch a
// real file system without root: etc/postfix (main.cf pointing every shared and private
// directory into the scratch tree, master.cf, the main.cf.proto/master.cf.proto prototypes),
// sbin, daemon, shlib, spool/postfix, lib/postfix; and what a CLI run under test gave (Ran).
#pragma once

#include <cstdio>
#include <string>

#include "model/lifecycle/lifecycle_plan.h"
#include "tree_snapshot.h"

namespace pfmulti::testing {

inline const char* kSandboxProto =
    "# Stock main.cf for new instances.\n"
    "#soft_bounce = no\n"
    "queue_directory = /var/spool/postfix\n"
    "command_directory = /usr/sbin\n"
    "daemon_directory = /usr/lib/postfix/sbin\n"
    "data_directory = /var/lib/postfix\n"
    "mail_owner = postfix\n"
    "inet_interfaces = all\n";

inline const char* kSandboxMasterProto =
    "smtp      inet  n       -       y       -       -       smtpd\n"
    "pickup    unix  n       -       y       60      1       pickup\n";

struct Sandbox {
  ScratchDir scratch;
  std::string root;     // scratch.path()
  std::string primary;  // root/etc/postfix

  explicit Sandbox(bool initialized = true) : root(scratch.path()), primary(root + "/etc/postfix") {
    for (const char* d : {"/sbin", "/daemon", "/shlib", "/spool/postfix", "/lib/postfix"})
      std::filesystem::create_directories(root + d);
    std::string main_cf =
        "# The primary instance (test sandbox).\n"
        "command_directory = " +
        root +
        "/sbin\n"
        "daemon_directory = " +
        root +
        "/daemon\n"
        "shlib_directory = " +
        root +
        "/shlib\n"
        "meta_directory = " +
        primary +
        "\n"
        "queue_directory = " +
        root +
        "/spool/postfix\n"
        "data_directory = " +
        root +
        "/lib/postfix\n"
        "\n# odd bytes and layouts stay as they are\n"
        "user_thing =\tvalue \x80\n"
        "  continued\n";
    if (initialized)
      main_cf += "multi_instance_wrapper = " + root +
                 "/sbin/pfmulti -p --\n"
                 "multi_instance_enable = yes\n";
    write_file(primary + "/main.cf", main_cf);
    write_file(primary + "/master.cf", kSandboxMasterProto);
    write_file(primary + "/main.cf.proto", kSandboxProto);
    write_file(primary + "/master.cf.proto", kSandboxMasterProto);
  }

  Defaults defaults() const {
    Defaults d = compiled_defaults();
    d.values["config_directory"] = primary;
    return d;
  }

  LifecycleInput input(std::vector<std::string> args) const {
    LifecycleInput in;
    in.argv = {"pfmulti"};
    in.argv.insert(in.argv.end(), args.begin(), args.end());
    in.defaults = defaults();
    in.self_path = root + "/sbin/pfmulti";
    return in;
  }
};

// What a CLI run under test gave: its exit status and what it wrote.
struct Ran {
  int status = 0;
  std::string out, err;
};

// The whole of a tmpfile() the CLI wrote to; closes it.
inline std::string slurp(std::FILE* f) {
  std::fflush(f);
  std::rewind(f);
  std::string s;
  char buf[4096];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) s.append(buf, n);
  std::fclose(f);
  return s;
}

}  // namespace pfmulti::testing
