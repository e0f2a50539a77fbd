// Replays every file of the given corpus directories (or files) through LLVMFuzzerTestOneInput,
// in sorted path order. Used when the tree is built without PFMULTI_FUZZ, so that each corpus is
// a regression test of its harness's laws. A harness reports a violated law by abort(); a crash
// (SIGABRT, SIGSEGV, SIGBUS, SIGFPE, SIGILL) names the input being replayed before the process
// dies with that signal. Exit status 1 when an argument is missing or no input was found.
#include <algorithm>
#include <csignal>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <system_error>
#include <vector>

#include <unistd.h>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

namespace {

// The input being replayed, for the crash handler (which may only use async-signal-safe calls).
char g_current[4096];

void write_all(const char* text) {
  size_t left = std::strlen(text);
  while (left > 0) {
    ssize_t n = ::write(STDERR_FILENO, text, left);
    if (n <= 0) return;
    text += n;
    left -= static_cast<size_t>(n);
  }
}

extern "C" void on_crash(int sig) {
  write_all("replay: crashed on input: ");
  write_all(g_current);
  write_all("\n");
  std::signal(sig, SIG_DFL);
  std::raise(sig);
}

bool replay(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    std::fprintf(stderr, "replay: cannot read %s\n", file.c_str());
    return false;
  }
  std::vector<char> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::snprintf(g_current, sizeof g_current, "%s", file.c_str());
  LLVMFuzzerTestOneInput(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size());
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  for (int sig : {SIGABRT, SIGSEGV, SIGBUS, SIGFPE, SIGILL}) std::signal(sig, on_crash);
  std::vector<std::filesystem::path> inputs;
  for (int i = 1; i < argc; ++i) {
    std::filesystem::path arg(argv[i]);
    std::error_code ec;
    if (std::filesystem::is_directory(arg, ec)) {
      for (const auto& entry : std::filesystem::recursive_directory_iterator(arg)) {
        if (entry.is_regular_file()) inputs.push_back(entry.path());
      }
    } else if (std::filesystem::is_regular_file(arg, ec)) {
      inputs.push_back(arg);
    } else {
      std::fprintf(stderr, "replay: no such file or directory: %s\n", argv[i]);
      return 1;
    }
  }
  std::sort(inputs.begin(), inputs.end());
  size_t count = 0;
  for (const auto& file : inputs) {
    if (!replay(file)) return 1;
    ++count;
  }
  std::printf("replayed %zu inputs\n", count);
  if (count == 0) {
    std::fprintf(stderr, "replay: no inputs found: corpus is empty\n");
    return 1;
  }
  return 0;
}
