// The lossless main.cf editor: what `postconf -e`, `postconf -#` and `postconf -X` do to a main.cf
// file (postconf(1) EDITING; postmulti-script, which edits only through them), with every byte
// that does not have to change kept as it was. Pure: bytes in, bytes out.
//   set          every logical line that defines NAME becomes "NAME = VALUE" (as postconf -e does;
//                the line ending of the original first line is kept, CRLF stays CRLF); its
//                continuation lines go, but comment and blank lines that sit between them stay;
//                a name defined nowhere is appended, names in byte order (as postconf -e);
//   comment out  every physical line of each definition gets a leading '#' (postconf -#);
//   remove       the definition's first and continuation lines go (postconf -X), interior
//                comment and blank lines stay.
// Comments, blank lines, the layout of untouched definitions, unknown parameters, odd bytes (NUL,
// CR, non-UTF-8) are never changed. A file real Postfix cannot read (a fatal syntax error) is not
// edited at all: the editor returns the reader's error.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "model/diagnostic.h"

namespace pfmulti {

struct ParameterEdit {
  enum class Kind { kSet, kCommentOut, kRemove };
  Kind kind = Kind::kSet;
  std::string name;
  std::string value;  // kSet only; leading and trailing white space is dropped, as postconf does
  friend bool operator==(const ParameterEdit&, const ParameterEdit&) = default;
};

inline ParameterEdit set_param(std::string name, std::string value) {
  return {ParameterEdit::Kind::kSet, std::move(name), std::move(value)};
}
inline ParameterEdit comment_out_param(std::string name) {
  return {ParameterEdit::Kind::kCommentOut, std::move(name), {}};
}
inline ParameterEdit remove_param(std::string name) {
  return {ParameterEdit::Kind::kRemove, std::move(name), {}};
}

// Why an edit request itself is bad (empty name, white space, '=' or a leading '#' in a name, a
// newline or NUL in a value), or "" when it is fine.
std::string check_parameter_edit(const ParameterEdit& edit) noexcept;

// The edited file. Fails (nothing to write) on a bad request or a file with a fatal syntax error.
// `file` names the file in messages. When several edits name the same parameter, the last wins.
Result<std::string> edit_main_cf(std::string_view bytes, const std::vector<ParameterEdit>& edits,
                                 std::string_view file) noexcept;

// One physical line of a file, with its terminator ("\n", or "" for a last line without one).
struct PhysicalLine {
  std::string_view text;  // without the terminator
  std::string_view eol;
};
// The physical lines as main.cf's reader numbers them (line N is element N-1).
std::vector<PhysicalLine> physical_lines(std::string_view bytes);

}  // namespace pfmulti
