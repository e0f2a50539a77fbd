// Side-by-side runs of real postconf and `pfmulti conf` with a disk cache (see oracle.h).
// Cache file format (binary safe): "pfmulti-postconf-cache 1\n", then
// "EXIT SIGNAL OUTLEN ERRLEN\n", then OUTLEN bytes of stdout and ERRLEN bytes of stderr.
#include "differential/oracle.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fmt/format.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <optional>
#include <sstream>

namespace pfmulti::difftest {
namespace {

namespace fs = std::filesystem;

constexpr const char* kCacheMagic = "pfmulti-postconf-cache 1\n";

uint64_t fnv1a(const std::string& bytes, uint64_t basis) {
  uint64_t h = basis;
  for (unsigned char c : bytes) {
    h ^= c;
    h *= 0x100000001b3ULL;
  }
  return h;
}

std::string read_all(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

bool write_atomically(const std::string& path, const std::string& data) {
  std::string tmp = fmt::format("{}.tmp{}", path, ::getpid());
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) return false;
    out.write(data.data(), static_cast<std::streamsize>(data.size()));
    if (!out) return false;
  }
  return std::rename(tmp.c_str(), path.c_str()) == 0;
}

std::optional<Outcome> load_cached(const std::string& path) {
  std::string data = read_all(path);
  std::string magic(kCacheMagic);
  if (data.compare(0, magic.size(), magic) != 0) return std::nullopt;
  size_t eol = data.find('\n', magic.size());
  if (eol == std::string::npos) return std::nullopt;
  std::istringstream header(data.substr(magic.size(), eol - magic.size()));
  Outcome o;
  size_t out_len = 0, err_len = 0;
  if (!(header >> o.exit_code >> o.signal >> out_len >> err_len)) return std::nullopt;
  if (data.size() != eol + 1 + out_len + err_len) return std::nullopt;
  o.out = data.substr(eol + 1, out_len);
  o.err = data.substr(eol + 1 + out_len, err_len);
  return o;
}

void store_cached(const std::string& path, const Outcome& o) {
  std::string data = fmt::format("{}{} {} {} {}\n", kCacheMagic, o.exit_code, o.signal,
                                 o.out.size(), o.err.size());
  data += o.out;
  data += o.err;
  write_atomically(path, data);
}

}  // namespace

std::string hex_hash(const std::string& bytes) {
  return fmt::format("{:016x}{:016x}", fnv1a(bytes, 0xcbf29ce484222325ULL),
                     fnv1a(bytes, 0x84222325cbf29ce4ULL));
}

Oracle::Oracle(OracleOptions options) : opt_(std::move(options)) {
  std::error_code ec;
  fs::create_directories(opt_.work_dir, ec);
  fs::create_directories(opt_.cache_dir, ec);
  // The binary's size and the package path identify which postconf answered.
  std::string postconf = opt_.postfix_root + "/usr/sbin/postconf";
  postconf_identity_ = fmt::format("{} {}", postconf, fs::file_size(postconf, ec));
}

std::string Oracle::case_dir(const std::string& main_cf) const {
  return fmt::format("{}/c{}", opt_.work_dir, hex_hash(main_cf).substr(0, 16));
}

std::vector<std::string> Oracle::in_dir(const Query& q, std::vector<std::string> argv) const {
  if (!q.relative_dir) return argv;
  argv.insert(argv.begin(), {"/usr/bin/env", "-C", opt_.work_dir});  // argv only, no shell
  return argv;
}

std::string Oracle::dir_arg(const Query& q) const {
  std::string dir = case_dir(q.main_cf);
  return q.relative_dir ? dir.substr(dir.rfind('/') + 1) : dir;
}

std::string Oracle::cache_key(const Query& q) const {
  std::string key = fmt::format("{}\n{}\n{}\n{}\n{}\n", postconf_identity_, case_dir(q.main_cf),
                                q.flags, q.name, q.relative_dir ? "relative" : "absolute");
  key += q.main_cf;
  return hex_hash(key);
}

void Oracle::prepare_dir(const std::string& main_cf) {
  std::string dir = case_dir(main_cf);
  std::error_code ec;
  fs::create_directories(dir, ec);
  std::string path = dir + "/main.cf";
  if (!fs::exists(path) || read_all(path) != main_cf) write_atomically(path, main_cf);
  if (!fs::exists(dir + "/master.cf")) write_atomically(dir + "/master.cf", "");
  // Postfix's dict_load_fp() pauses while a file is younger than a few seconds; a fixed old
  // mtime keeps every run at full speed.
  struct timespec times[2] = {{1000000000, 0}, {1000000000, 0}};
  ::utimensat(AT_FDCWD, path.c_str(), times, 0);
}

std::vector<Answers> Oracle::ask(const std::vector<Query>& queries) {
  std::vector<Answers> answers(queries.size());
  std::vector<Command> commands;
  std::vector<size_t> postconf_for;  // command index -> query index (postconf runs)
  std::vector<size_t> pfmulti_for;   // command index -> query index (pfmulti runs)
  std::vector<std::string> key_of(queries.size());
  std::vector<bool> have_postconf(queries.size(), false);
  const std::string lib = "LD_LIBRARY_PATH=" + opt_.postfix_root + "/usr/lib/postfix";
  for (size_t i = 0; i < queries.size(); ++i) {
    const Query& q = queries[i];
    prepare_dir(q.main_cf);
    key_of[i] = cache_key(q);
    std::string dir = case_dir(q.main_cf);
    if (auto cached = load_cached(opt_.cache_dir + "/" + key_of[i] + ".res")) {
      answers[i].postconf = std::move(*cached);
      have_postconf[i] = true;
      ++hits_;
    }
  }
  // Queries are often repeated (same file and query): run postconf once per key.
  std::vector<std::string> scheduled;
  for (size_t i = 0; i < queries.size(); ++i) {
    const Query& q = queries[i];
    std::string dir = case_dir(q.main_cf);
    if (!have_postconf[i] &&
        std::find(scheduled.begin(), scheduled.end(), key_of[i]) == scheduled.end()) {
      scheduled.push_back(key_of[i]);
      commands.push_back(
          {in_dir(q, {opt_.postfix_root + "/usr/sbin/postconf", "-c", dir_arg(q), q.flags, q.name}),
           {lib, "LANG=C", "PATH=/usr/bin:/bin"}});
      postconf_for.push_back(i);
      ++misses_;
    }
  }
  size_t first_pfmulti = commands.size();
  for (size_t i = 0; i < queries.size(); ++i) {
    const Query& q = queries[i];
    std::vector<std::string> argv{opt_.pfmulti_bin, "conf"};
    if (!opt_.postfix_release.empty())
      argv.insert(argv.end(), {"--postfix-release", opt_.postfix_release});
    argv.insert(argv.end(), {"-c", dir_arg(q), q.flags, q.name});
    commands.push_back({in_dir(q, std::move(argv)), {"LANG=C", "PATH=/usr/bin:/bin"}});
    pfmulti_for.push_back(i);
    ++pfmulti_runs_;
  }
  std::vector<Outcome> results =
      run_all(commands, opt_.parallel, std::chrono::seconds(120), opt_.work_dir);
  for (size_t c = 0; c < first_pfmulti; ++c) {
    size_t i = postconf_for[c];
    if (!results[c].timed_out && !results[c].spawn_failed)
      store_cached(opt_.cache_dir + "/" + key_of[i] + ".res", results[c]);
    for (size_t j = 0; j < queries.size(); ++j)
      if (!have_postconf[j] && key_of[j] == key_of[i]) answers[j].postconf = results[c];
  }
  for (size_t c = first_pfmulti; c < commands.size(); ++c)
    answers[pfmulti_for[c - first_pfmulti]].pfmulti = std::move(results[c]);
  return answers;
}

void Oracle::clean_up() const {
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(opt_.work_dir, ec)) {
    if (entry.is_directory() && entry.path().filename().string().rfind('c', 0) == 0)
      fs::remove_all(entry.path(), ec);
  }
}

}  // namespace pfmulti::difftest
