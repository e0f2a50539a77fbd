// systemd's unit-name escaping of a path, as `systemd-escape --path` (systemd 252, Debian 12)
// does it (spec/postfix-facts.md §11.3; spec/rules.md R131): the path is checked (not empty,
// every component at most 255 bytes, shorter than PATH_MAX), simplified (repeated '/' and "."
// components dropped, trailing '/' dropped), refused when a ".." component remains; "/" becomes
// "-"; otherwise the leading '/' is dropped, each '/' becomes '-', a leading '.' and every byte
// that is not an ASCII letter, digit, ':', '_' or '.' becomes "\xNN" (lower-case hex). And the
// validity of a unit name (at most 255 bytes). Pure; never throws but std::bad_alloc.
#pragma once

#include <string>
#include <string_view>

#include "model/diagnostic.h"

namespace pfmulti {

// `systemd-escape --path PATH`; the error says why systemd-escape refuses it. A relative path
// is escaped as systemd-escape does (it only warns), but callers that need a unit for a
// directory pass absolute paths.
Result<std::string> systemd_escape_path(std::string_view path);

// `systemd-escape --path --template=PREFIX@SUFFIX PATH`: PREFIX@ESCAPED.SUFFIX, refused when
// the name would be longer than systemd's 255 bytes (UNIT_NAME_MAX).
Result<std::string> systemd_instance_unit(std::string_view prefix, std::string_view path,
                                          std::string_view suffix);

// What systemd accepts as an instance string inside a unit name: at least one byte, each an
// ASCII letter, digit or one of ":-_.\\".
bool systemd_instance_string_valid(std::string_view instance);

inline constexpr size_t kUnitNameMax = 255;

}  // namespace pfmulti
