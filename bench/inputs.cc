// Benchmark input generators (see inputs.h).
#include "bench/inputs.h"

#include <fmt/format.h>

namespace pfmulti::bench {
namespace {

std::string chain_name(int chain, int level) { return fmt::format("c{}_{}", chain, level); }

// The three reference syntaxes of mac_parse, in turn.
std::string reference(const std::string& name, int which) {
  static constexpr const char* kForms[] = {"${}", "${{{}}}", "$({})"};
  return fmt::format(fmt::runtime(kForms[which % 3]), name);
}

}  // namespace

std::string deep_references_main_cf(int chains, int depth) {
  std::string out =
      fmt::format("# {} parameters: {} chains of references {} deep (pfmulti benchmark)\n",
                  chains * depth, chains, depth);
  for (int k = 0; k < chains; ++k) {
    out += fmt::format("{} = v{}\n", chain_name(k, 0), k);
    for (int d = 1; d < depth; ++d)
      out += fmt::format("{} = {} w{}\n", chain_name(k, d), reference(chain_name(k, d - 1), d), d);
  }
  out += "mydestination =";
  for (int k = 0; k < chains; ++k) {
    out += k == 0 ? " " : ",\n    ";
    out += reference(chain_name(k, depth - 1), k);
  }
  out += "\n";
  return out;
}

std::vector<std::string> deep_references_names(int chains, int depth) {
  std::vector<std::string> names;
  names.reserve(static_cast<size_t>(chains * depth) + 1);
  for (int k = 0; k < chains; ++k)
    for (int d = 0; d < depth; ++d) names.push_back(chain_name(k, d));
  names.push_back("mydestination");
  return names;
}

std::string continuation_main_cf(size_t bytes) {
  std::string out = "mydestination = localhost\n";
  for (int i = 0; out.size() < bytes; ++i) {
    std::string line = fmt::format("    host{:06}.example.com,\n", i);
    if (out.size() + line.size() > bytes) {
      // Pad the last line so that the file is exactly `bytes` long.
      size_t room = bytes - out.size();
      line = room >= 2 ? fmt::format(" {}\n", std::string(room - 2, 'x')) : std::string(room, '\n');
    }
    out += line;
  }
  return out;
}

std::string exponential_main_cf(int lines) {
  std::string out = "mydestination = $a1\n";
  for (int n = 1; n < lines - 1; ++n) out += fmt::format("a{} = $a{}$a{}\n", n, n + 1, n + 1);
  out += fmt::format("a{} = x\n", lines - 1);
  return out;
}

std::string typical_main_cf(int lines) {
  std::string out;
  int written = 0;
  auto emit = [&](const std::string& s) {
    out += s;
    for (char c : s) written += c == '\n';
  };
  emit("# See /usr/share/postfix/main.cf.dist for a commented, more complete version\n\n");
  emit("smtpd_banner = $myhostname ESMTP $mail_name (Debian/GNU)\nbiff = no\n");
  emit("append_dot_mydomain = no\nreadme_directory = no\ncompatibility_level = 3.6\n\n");
  for (int i = 0; written < lines; ++i) {
    switch (i % 5) {
      case 0:
        emit(fmt::format("# parameter group {}\n", i));
        break;
      case 1:
        emit(fmt::format("param_{} = value {} with ${{myhostname}} and $mydomain\n", i, i));
        break;
      case 2:
        emit(fmt::format("list_{} = a{}, b{},\n    c{} d{}\n    e{}\n", i, i, i, i, i, i));
        break;
      case 3:
        emit(fmt::format("cond_{} = ${{param_{}?{{set}}:{{unset}}}}\n\n", i, i - 2));
        break;
      default:
        emit(fmt::format("maps_{} = hash:/etc/postfix/map{}, regexp:/etc/postfix/re{}\n", i, i, i));
        break;
    }
  }
  return out;
}

std::string secondary_directory(const TreeLayout& t, int i) {
  return fmt::format("{}/i{:04}", t.root, i);
}

std::string primary_main_cf(const TreeLayout& t) {
  std::string out = fmt::format(
      "# pfmulti benchmark: primary of {} secondary instances, half of them enabled\n"
      "smtpd_banner = $myhostname ESMTP $mail_name (Debian/GNU)\n"
      "biff = no\n"
      "append_dot_mydomain = no\n"
      "compatibility_level = 3.6\n"
      "myhostname = primary.example.com\n"
      "mydestination = $myhostname, localhost.$mydomain, localhost\n"
      "inet_interfaces = loopback-only\n"
      "maillog_file = /dev/stdout\n"
      "command_directory = {}\n"
      "daemon_directory = {}\n"
      "queue_directory = {}/spool/primary\n"
      "data_directory = {}/lib/primary\n"
      "multi_instance_wrapper = ${{command_directory}}/postmulti -p --\n"
      "multi_instance_enable = yes\n"
      "multi_instance_directories =",
      t.instances, t.command_directory, t.daemon_directory, t.root, t.root);
  for (int i = 1; i <= t.instances; ++i) {
    if (i == 2) out += ",";
    out += (i > 1 && (i - 1) % 8 == 0) ? "\n   " : "";
    out += fmt::format(" {}", secondary_directory(t, i));
  }
  out += "\n";
  return out;
}

std::string secondary_main_cf(const TreeLayout& t, int i) {
  return fmt::format(
      "# pfmulti benchmark: secondary instance {}\n"
      "smtpd_banner = $myhostname ESMTP $mail_name (Debian/GNU)\n"
      "biff = no\n"
      "compatibility_level = 3.6\n"
      "myhostname = i{:04}.example.com\n"
      "mydestination =\n"
      "myorigin = $myhostname\n"
      "maillog_file = /dev/stdout\n"
      "queue_directory = {}/spool/i{:04}\n"
      "data_directory = {}/lib/i{:04}\n"
      "master_service_disable = inet\n"
      "authorized_submit_users =\n"
      "multi_instance_name = postfix-i{:04}\n"
      "multi_instance_group = g{}\n"
      "multi_instance_enable = {}\n",
      i, i, t.root, i, t.root, i, i, i % 4, secondary_enabled(i) ? "yes" : "no");
}

}  // namespace pfmulti::bench
