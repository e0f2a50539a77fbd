// What happens to the lines a captured child prints (spec/rules.md R180, R181; docs/pfmulti.1
// OUTPUT): recorded into its --json result, bounded per stream with a truncation flag
// (CapturedOutput), or written on pfmulti's own stream of the same number behind a label naming
// the instance ("LABEL: LINE\n", one write(2) per line, so that lines of concurrent children
// never mix inside a line). The executor (executor.h) routes the runner's captured lines here.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace pfmulti {

// The most bytes of each stream kept in a --json result; what comes after is dropped (whole
// lines only) and the stream's truncated flag is set. The child is still read to its end.
inline constexpr size_t kRecordedOutputLimit = 64 * 1024;

// A child's captured output: each line with its newline (a last piece without one gets one).
struct CapturedOutput {
  std::string out, err;  // stream 1, stream 2
  bool out_truncated = false, err_truncated = false;
  friend bool operator==(const CapturedOutput&, const CapturedOutput&) = default;
};

// Appends line (without its newline) to stream's text in output, unless that would make it
// longer than limit: then nothing more of that stream is kept and its flag is set.
void record_line(CapturedOutput& output, int stream, std::string_view line,
                 size_t limit = kRecordedOutputLimit);

// "LABEL: LINE\n" ("-" for an empty label).
std::string labelled_line(std::string_view label, std::string_view line);

// Writes all of text to fd (retrying short writes and EINTR; a line up to PIPE_BUF bytes is one
// atomic write on a pipe). False when a write fails.
bool write_whole(int fd, std::string_view text);

}  // namespace pfmulti
