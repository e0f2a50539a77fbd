// The one JSON layer: a small JSON value, parser and printer, written here to avoid a dependency.
// Every JSON pfmulti prints is built as a Json and printed by to_json: scenarios and plans
// (spec/scenario.schema.json, spec/plan.schema.json), the --json lines of a run
// (impl/cli/report_json.h), conformance vectors. Pure; never throws.
// Strings are BYTE strings (main.cf files and argv need not be UTF-8). The wire format
// (spec/json-wire.md, spec/rules.md R96) is one any JSON library reads losslessly:
//   - a byte string that is valid UTF-8 and does not begin with NUL is a plain JSON string
//     (control characters, '"', '\' and DEL escaped, everything else as is);
//   - any other byte string is the JSON string "\u0000base64:" followed by the standard padded
//     base64 (RFC 4648 section 4) of its bytes. Keys and values alike; no ambiguity, since
//     every string that begins with U+0000 is written this way, and the parser refuses one that
//     begins with U+0000 but is not this form;
//   - parsing: every \u escape is a Unicode code point, written as UTF-8 (as any library does).
// Objects keep their members in insertion order (printing is deterministic).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "model/diagnostic.h"

namespace pfmulti {

class Json {
 public:
  using Array = std::vector<Json>;
  using Object = std::vector<std::pair<std::string, Json>>;

  Json() = default;  // null
  Json(std::nullptr_t) {}
  Json(bool b) : v_(b) {}
  Json(int i) : v_(static_cast<int64_t>(i)) {}
  Json(int64_t i) : v_(i) {}
  Json(double d) : v_(d) {}
  Json(const char* s) : v_(std::string(s)) {}
  Json(std::string s) : v_(std::move(s)) {}
  Json(std::string_view s) : v_(std::string(s)) {}
  Json(Array a) : v_(std::move(a)) {}
  Json(Object o) : v_(std::move(o)) {}

  static Json array() { return Json(Array{}); }
  static Json object() { return Json(Object{}); }

  bool is_null() const { return std::holds_alternative<std::monostate>(v_); }
  bool is_bool() const { return std::holds_alternative<bool>(v_); }
  bool is_int() const { return std::holds_alternative<int64_t>(v_); }
  bool is_number() const { return is_int() || std::holds_alternative<double>(v_); }
  bool is_string() const { return std::holds_alternative<std::string>(v_); }
  bool is_array() const { return std::holds_alternative<Array>(v_); }
  bool is_object() const { return std::holds_alternative<Object>(v_); }

  bool as_bool() const { return std::get<bool>(v_); }
  int64_t as_int() const { return std::get<int64_t>(v_); }
  double as_double() const {
    return is_int() ? static_cast<double>(as_int()) : std::get<double>(v_);
  }
  const std::string& as_string() const { return std::get<std::string>(v_); }
  const Array& as_array() const { return std::get<Array>(v_); }
  Array& as_array() { return std::get<Array>(v_); }
  const Object& as_object() const { return std::get<Object>(v_); }
  Object& as_object() { return std::get<Object>(v_); }

  // Object member lookup (nullptr if absent or not an object).
  const Json* find(std::string_view key) const;
  // Sets (or replaces) an object member; turns null into an object.
  Json& set(std::string_view key, Json value);
  // Appends to an array; turns null into an array.
  Json& push(Json value);

  friend bool operator==(const Json&, const Json&) = default;

 private:
  std::variant<std::monostate, bool, int64_t, double, std::string, Array, Object> v_;
};

// Parses one JSON text (surrounding white space allowed). Nesting is limited to 200 levels.
Result<Json> parse_json(std::string_view text) noexcept;

// Compact printing (indent < 0): one line, no newline at the end, ", " between elements and
// members, ": " after a key (the format of pfmulti's --json lines). Pretty printing (indent >= 0):
// one member or nested element per line with that indent, arrays of scalars on one line, "\n" at
// the end.
std::string to_json(const Json& value, int indent = 2) noexcept;
// Tight printing: one line like compact, but "," between elements and members (": " after a
// key stays): the format of postmulti 3.11's -lj lines (spec/rules.md R111).
inline constexpr int kJsonTight = -2;

// An array of strings; an object of string members, in the map's order (keys must be unique, as a
// map's are).
Json json_strings(const std::vector<std::string>& strings);
template <class Map>
Json json_string_map(const Map& map) {
  Json o = Json::object();
  for (const auto& [k, v] : map) o.as_object().emplace_back(std::string(k), Json(v));
  return o;
}

// Whether bytes are valid UTF-8 (RFC 3629: no overlong forms, surrogates or code points above
// U+10FFFF).
bool is_valid_utf8(std::string_view bytes) noexcept;

// A JSON string literal for bytes (with the quotes).
std::string json_quote(std::string_view bytes);

}  // namespace pfmulti
