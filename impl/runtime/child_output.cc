// Recording and labelling a captured child's lines (see child_output.h).
#include "impl/runtime/child_output.h"

#include <unistd.h>

#include <cerrno>

namespace pfmulti {

void record_line(CapturedOutput& output, int stream, std::string_view line, size_t limit) {
  std::string& text = stream == 2 ? output.err : output.out;
  bool& truncated = stream == 2 ? output.err_truncated : output.out_truncated;
  if (truncated) return;
  if (text.size() + line.size() + 1 > limit) {
    truncated = true;
    return;
  }
  text.append(line).push_back('\n');
}

std::string labelled_line(std::string_view label, std::string_view line) {
  std::string text;
  text.reserve(label.size() + line.size() + 3);
  text.append(label.empty() ? std::string_view("-") : label).append(": ");
  text.append(line).push_back('\n');
  return text;
}

bool write_whole(int fd, std::string_view text) {
  while (!text.empty()) {
    ssize_t n = ::write(fd, text.data(), text.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    text.remove_prefix(static_cast<size_t>(n));
  }
  return true;
}

}  // namespace pfmulti
