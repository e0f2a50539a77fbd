// Small text and path helpers shared by every layer, one definition each (docs/architecture.md,
// "One place for each fact"): word splitting on a set of separators, joining, and the path
// pieces that main.cf values and argv need. Pure; never throws.
//   split_on            the non-empty fields of text between any of the separator bytes;
//   kPostfixWhiteSpace  Postfix's ISSPACE set (space \t \n \v \f \r), as is_postfix_space();
//   kCommaOrSpace       Postfix's CHARS_COMMA_SP (", \t\r\n"), what lists split on (split_list);
//   path_basename       what follows the last '/', the whole path when there is none;
//   path_dirname        POSIX dirname(3): "." without a '/', "/" for "/x", trailing '/' ignored;
//   strip_trailing_slashes  "/a/b//" -> "/a/b"; "/" and "//" stay "/".
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace pfmulti {

inline constexpr std::string_view kPostfixWhiteSpace = " \t\n\v\f\r";
inline constexpr std::string_view kCommaOrSpace = ", \t\r\n";

std::vector<std::string> split_on(std::string_view text, std::string_view separators);
std::string join(const std::vector<std::string>& words, std::string_view separator = " ");
std::string path_basename(std::string_view path);
std::string path_dirname(std::string_view path);
std::string strip_trailing_slashes(std::string_view path);

// -- shared helpers --
// kPostfixSpace      Postfix's CHARS_SPACE (" \t\r\n"): what postfix(1) splits
//                    multi_instance_wrapper and import_environment words on (no \v, \f);
// squeeze_slashes    repeated '/' collapsed and trailing '/' dropped, as the kernel reads a
//                    path: "/etc//postfix-a/" -> "/etc/postfix-a", "//" -> "/"; nothing else
//                    ("." and ".." stay).
inline constexpr std::string_view kPostfixSpace = " \t\r\n";
std::string squeeze_slashes(std::string_view path);

// printable          spec/rules.md R126, THE quoting of user text in diagnostics: every byte
//                    that is not printable ASCII (0x20-0x7e: C0 controls such as ESC and BEL,
//                    DEL, bytes 0x80 and above) becomes '?', as Postfix's printable() does for
//                    its messages (postconf 3.7.11: "bad\033[31m" is shown as "bad?[31m").
std::string printable(std::string_view text);
// postfix_printable  what Postfix's msg_vprintf() does to every message before it is logged or
//                    printed (printable(text, '?') with UTF-8 on, as postmulti 3.7 runs): a byte
//                    that is not printable ASCII becomes '?', except a UTF-8 sequence (a lead
//                    byte 0xc2..0xfe followed by continuation bytes 0x80..0xbf), kept whole.
//                    So a quoted command-line value cannot break a fatal message's one line.
//                    (printable above is postconf's: measured, it keeps no UTF-8; this one is
//                    postmulti's. Both facts are measured: R126 and R72.)
std::string postfix_printable(std::string_view text);

}  // namespace pfmulti
