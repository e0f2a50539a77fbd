// The life-cycle journal's text form (see lifecycle_journal.h).
#include "model/lifecycle/lifecycle_journal.h"

#include <fmt/format.h>

#include <cctype>

namespace pfmulti {
namespace {

std::string encode(std::string_view s) {
  std::string out;
  for (char c : s) {
    auto u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u == '%' || u == 0x7f)
      out += fmt::format("%{:02X}", u);
    else
      out += c;
  }
  return out;
}

int hex(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::optional<std::string> decode(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '%') {
      out += s[i];
      continue;
    }
    if (i + 2 >= s.size()) return std::nullopt;
    int a = hex(s[i + 1]), b = hex(s[i + 2]);
    if (a < 0 || b < 0) return std::nullopt;
    out += static_cast<char>(a * 16 + b);
    i += 2;
  }
  return out;
}

}  // namespace

std::string journal_path(const std::string& primary_config_directory) {
  return primary_config_directory + "/" + std::string(kJournalName);
}

std::string atomic_journal_temp(const std::string& primary_config_directory) {
  return primary_config_directory + "/." + std::string(kJournalName) + ".pfmulti-new";
}

std::string journal_text(const LifecycleJournal& j) {
  std::string out = "pfmulti-journal 1\n";
  out += "action " + encode(j.action) + "\n";
  for (const auto& a : j.args) out += "arg " + encode(a) + "\n";
  out += "config_directory " + encode(j.config_dir) + "\n";
  out += "queue_directory " + encode(j.queue_dir) + "\n";
  out += "data_directory " + encode(j.data_dir) + "\n";
  return out;
}

std::optional<LifecycleJournal> parse_journal(std::string_view text) {
  LifecycleJournal j;
  bool header = false;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t nl = text.find('\n', pos);
    if (nl == std::string_view::npos) return std::nullopt;  // a journal always ends in a newline
    std::string_view line = text.substr(pos, nl - pos);
    pos = nl + 1;
    if (!header) {
      if (line != "pfmulti-journal 1") return std::nullopt;
      header = true;
      continue;
    }
    size_t sp = line.find(' ');
    std::string_view key = line.substr(0, sp);
    auto value = decode(sp == std::string_view::npos ? std::string_view() : line.substr(sp + 1));
    if (!value) return std::nullopt;
    if (key == "action")
      j.action = *value;
    else if (key == "arg")
      j.args.push_back(*value);
    else if (key == "config_directory")
      j.config_dir = *value;
    else if (key == "queue_directory")
      j.queue_dir = *value;
    else if (key == "data_directory")
      j.data_dir = *value;
    else
      return std::nullopt;
  }
  if (!header || j.action.empty()) return std::nullopt;
  return j;
}

std::string shell_quote(const std::string& a) {
  bool plain = !a.empty();
  for (char c : a) {
    auto u = static_cast<unsigned char>(c);
    if (!(std::isalnum(u) || std::string_view("/-_.=+:@%,").find(c) != std::string_view::npos))
      plain = false;
  }
  if (plain) return a;
  std::string q = "'";
  for (char c : a) {
    auto u = static_cast<unsigned char>(c);
    if (c == '\'')
      q += "'\\''";
    else if (u < 0x20 || u == 0x7f)
      q += fmt::format("'$'\\x{:02x}''", u);
    else
      q += c;
  }
  return q + "'";
}

std::string journal_command(const std::string& primary_config_directory,
                            const std::vector<std::string>& args) {
  std::string out = "pfmulti -c " + shell_quote(primary_config_directory);
  for (const auto& a : args) out += " " + shell_quote(a);
  return out;
}

}  // namespace pfmulti
