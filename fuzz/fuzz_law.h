// Shared by the libFuzzer harnesses (fuzz/<target>.cc): a law is checked with law(); a violated
// law prints "TARGET: law ID violated: DETAIL" on stderr and abort()s, so libFuzzer saves the
// input and scripts/fuzz prints it with the command that replays it. show() renders bytes
// printably and bounded for those messages. Test-side code: not part of model/.
#pragma once

#include <fmt/format.h>

#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

namespace pfmulti::fuzz {

inline std::string show(std::string_view s, size_t limit = 160) {
  std::string out = "\"";
  for (size_t i = 0; i < s.size() && i < limit; ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c >= 0x20 && c < 0x7f) {
      out += static_cast<char>(c);
    } else {
      out += fmt::format("\\x{:02x}", c);
    }
  }
  out += s.size() > limit ? fmt::format("\"...({} bytes)", s.size()) : "\"";
  return out;
}

inline std::string show(const std::vector<std::string>& words) {
  std::string out = "[";
  for (size_t i = 0; i < words.size(); ++i) out += (i ? ", " : "") + show(words[i], 60);
  return out + "]";
}

[[noreturn]] inline void violated(std::string_view target, std::string_view law,
                                  std::string_view detail) {
  fmt::print(stderr, "{}: law {} violated: {}\n", target, law, detail);
  std::fflush(stderr);
  std::abort();
}

// The input split at NUL bytes (an argv, a list of fields); an empty input gives no words.
inline std::vector<std::string> split_at_nul(std::string_view bytes) {
  std::vector<std::string> out;
  if (bytes.empty()) return out;
  size_t start = 0;
  while (true) {
    size_t z = bytes.find('\0', start);
    out.emplace_back(bytes.substr(start, z == std::string_view::npos ? z : z - start));
    if (z == std::string_view::npos) break;
    start = z + 1;
  }
  return out;
}

}  // namespace pfmulti::fuzz
