// JSON parsing and printing (see json.h).
#include "model/text/json.h"

#include <fmt/format.h>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <cstring>

namespace pfmulti {

const Json* Json::find(std::string_view key) const {
  if (!is_object()) return nullptr;
  for (const auto& [k, v] : as_object())
    if (k == key) return &v;
  return nullptr;
}

Json& Json::set(std::string_view key, Json value) {
  if (is_null()) v_ = Object{};
  for (auto& [k, v] : as_object()) {
    if (k == key) {
      v = std::move(value);
      return *this;
    }
  }
  as_object().emplace_back(std::string(key), std::move(value));
  return *this;
}

Json& Json::push(Json value) {
  if (is_null()) v_ = Array{};
  as_array().push_back(std::move(value));
  return *this;
}

namespace {

constexpr std::string_view kBytesPrefix{"\0base64:", 8};

// Length of the valid UTF-8 sequence at s[i], or 0.
size_t utf8_length(std::string_view s, size_t i) {
  auto byte = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  unsigned char c = byte(i);
  size_t n;
  uint32_t cp;
  if (c < 0x80) return 1;
  if (c >= 0xC2 && c <= 0xDF) {
    n = 2;
    cp = c & 0x1F;
  } else if (c >= 0xE0 && c <= 0xEF) {
    n = 3;
    cp = c & 0x0F;
  } else if (c >= 0xF0 && c <= 0xF4) {
    n = 4;
    cp = c & 0x07;
  } else {
    return 0;
  }
  if (i + n > s.size()) return 0;
  for (size_t k = 1; k < n; ++k) {
    if ((byte(i + k) & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (byte(i + k) & 0x3F);
  }
  if ((n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 || cp > 0x10FFFF))) return 0;
  if (cp >= 0xD800 && cp <= 0xDFFF) return 0;
  return n;
}

void append_utf8(std::string& out, uint32_t cp) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

constexpr char kBase64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

std::string base64_encode(std::string_view in) {
  std::string out;
  out.reserve((in.size() + 2) / 3 * 4);
  size_t i = 0;
  for (; i + 2 < in.size(); i += 3) {
    uint32_t n = static_cast<uint32_t>(static_cast<unsigned char>(in[i])) << 16 |
                 static_cast<uint32_t>(static_cast<unsigned char>(in[i + 1])) << 8 |
                 static_cast<unsigned char>(in[i + 2]);
    for (int k = 18; k >= 0; k -= 6) out.push_back(kBase64[(n >> k) & 0x3F]);
  }
  size_t rest = in.size() - i;
  if (rest > 0) {
    uint32_t n = static_cast<uint32_t>(static_cast<unsigned char>(in[i])) << 16;
    if (rest == 2) n |= static_cast<uint32_t>(static_cast<unsigned char>(in[i + 1])) << 8;
    out.push_back(kBase64[(n >> 18) & 0x3F]);
    out.push_back(kBase64[(n >> 12) & 0x3F]);
    out.push_back(rest == 2 ? kBase64[(n >> 6) & 0x3F] : '=');
    out.push_back('=');
  }
  return out;
}

// Standard base64 (RFC 4648 section 4, padded, no line breaks) into out; false if malformed.
bool base64_decode(std::string_view in, std::string& out) {
  if (in.size() % 4 != 0) return false;
  std::string bytes;
  bytes.reserve(in.size() / 4 * 3);
  for (size_t i = 0; i < in.size(); i += 4) {
    uint32_t n = 0;
    int pad = 0;
    for (size_t k = 0; k < 4; ++k) {
      char c = in[i + k];
      const char* p = c ? std::strchr(kBase64, c) : nullptr;
      if (c == '=' && i + 4 == in.size() && k >= 2) {
        ++pad;
        n <<= 6;
        continue;
      }
      if (!p || pad) return false;
      n = n << 6 | static_cast<uint32_t>(p - kBase64);
    }
    bytes.push_back(static_cast<char>(n >> 16));
    if (pad < 2) bytes.push_back(static_cast<char>((n >> 8) & 0xFF));
    if (pad < 1) bytes.push_back(static_cast<char>(n & 0xFF));
  }
  out = std::move(bytes);
  return true;
}

bool valid_utf8(std::string_view s) {
  for (size_t i = 0; i < s.size();) {
    size_t n = utf8_length(s, i);
    if (n == 0) return false;
    i += n;
  }
  return true;
}

// For a number std::from_chars found out of range: true when it is too large (its decimal
// exponent, counted from its first non-zero digit, is positive), false when it is too small.
bool overflows(std::string_view text) {
  size_t i = text[0] == '-' ? 1 : 0;
  long magnitude = 0;
  bool seen = false;
  for (; i < text.size() && text[i] != 'e' && text[i] != 'E'; ++i) {
    if (text[i] == '.') continue;
    bool before_point = text.find('.') == std::string_view::npos || i < text.find('.');
    if (text[i] != '0') seen = true;
    if (before_point && seen) ++magnitude;
    if (!before_point && !seen) --magnitude;
  }
  long exponent = 0;
  if (i < text.size()) {
    size_t j = i + 1;
    bool negative = j < text.size() && text[j] == '-';
    if (j < text.size() && (text[j] == '-' || text[j] == '+')) ++j;
    for (; j < text.size() && exponent < 100000; ++j) exponent = exponent * 10 + (text[j] - '0');
    if (negative) exponent = -exponent;
  }
  return magnitude + exponent > 0;
}

class Parser {
 public:
  explicit Parser(std::string_view text) : s_(text) {}

  Result<Json> run() {
    Json v = value(0);
    if (error_.empty()) {
      ws();
      if (i_ != s_.size()) fail("trailing characters after the JSON value");
    }
    if (!error_.empty()) return Result<Json>::fail(error_);
    return Result<Json>::ok(std::move(v));
  }

 private:
  void fail(std::string_view what) {
    if (error_.empty()) error_ = fmt::format("JSON: offset {}: {}", i_, what);
  }
  void ws() {
    while (i_ < s_.size() && (s_[i_] == ' ' || s_[i_] == '\t' || s_[i_] == '\n' || s_[i_] == '\r'))
      ++i_;
  }
  bool literal(std::string_view word) {
    if (s_.substr(i_, word.size()) != word) return false;
    i_ += word.size();
    return true;
  }

  Json value(int depth) {
    if (depth > 200) {
      fail("nesting deeper than 200 levels");
      return {};
    }
    ws();
    if (i_ >= s_.size()) {
      fail("unexpected end of input");
      return {};
    }
    char c = s_[i_];
    if (c == '{') return object(depth);
    if (c == '[') return array(depth);
    if (c == '"') {
      std::string str;
      if (!string(str)) return {};
      return Json(std::move(str));
    }
    if (literal("true")) return Json(true);
    if (literal("false")) return Json(false);
    if (literal("null")) return Json();
    if (c == '-' || (c >= '0' && c <= '9')) return number();
    fail(fmt::format("unexpected character {}", json_quote(s_.substr(i_, 1))));
    return {};
  }

  Json object(int depth) {
    ++i_;
    Json out = Json::object();
    ws();
    if (i_ < s_.size() && s_[i_] == '}') {
      ++i_;
      return out;
    }
    while (error_.empty()) {
      ws();
      std::string key;
      if (i_ >= s_.size() || s_[i_] != '"') {
        fail("expected a member name");
        return {};
      }
      if (!string(key)) return {};
      ws();
      if (i_ >= s_.size() || s_[i_] != ':') {
        fail("expected ':'");
        return {};
      }
      ++i_;
      Json v = value(depth + 1);
      if (!error_.empty()) return {};
      if (out.find(key)) {
        fail(fmt::format("duplicate member {}", json_quote(key)));
        return {};
      }
      out.as_object().emplace_back(std::move(key), std::move(v));
      ws();
      if (i_ < s_.size() && s_[i_] == ',') {
        ++i_;
        continue;
      }
      if (i_ < s_.size() && s_[i_] == '}') {
        ++i_;
        return out;
      }
      fail("expected ',' or '}'");
    }
    return {};
  }

  Json array(int depth) {
    ++i_;
    Json out = Json::array();
    ws();
    if (i_ < s_.size() && s_[i_] == ']') {
      ++i_;
      return out;
    }
    while (error_.empty()) {
      Json v = value(depth + 1);
      if (!error_.empty()) return {};
      out.as_array().push_back(std::move(v));
      ws();
      if (i_ < s_.size() && s_[i_] == ',') {
        ++i_;
        continue;
      }
      if (i_ < s_.size() && s_[i_] == ']') {
        ++i_;
        return out;
      }
      fail("expected ',' or ']'");
    }
    return {};
  }

  bool hex4(uint32_t& out) {
    if (i_ + 4 > s_.size()) {
      fail("truncated \\u escape");
      return false;
    }
    out = 0;
    for (int k = 0; k < 4; ++k) {
      char c = s_[i_++];
      out <<= 4;
      if (c >= '0' && c <= '9') {
        out |= c - '0';
      } else if (c >= 'a' && c <= 'f') {
        out |= c - 'a' + 10;
      } else if (c >= 'A' && c <= 'F') {
        out |= c - 'A' + 10;
      } else {
        fail("bad \\u escape");
        return false;
      }
    }
    return true;
  }

  // A string that begins with U+0000 is the wire form of a byte string (json.h): it must be
  // "\u0000base64:" and standard base64; out becomes the bytes.
  bool wire_bytes(std::string& out) {
    if (out.empty() || out[0] != '\0') return true;
    std::string_view prefix = kBytesPrefix;
    if (out.compare(0, prefix.size(), prefix) != 0 ||
        !base64_decode(std::string_view(out).substr(prefix.size()), out)) {
      fail("a string that begins with \\u0000 must be \\u0000base64: and base64");
      return false;
    }
    return true;
  }

  bool string(std::string& out) {
    ++i_;
    while (true) {
      if (i_ >= s_.size()) {
        fail("unterminated string");
        return false;
      }
      char c = s_[i_];
      if (c == '"') {
        ++i_;
        return wire_bytes(out);
      }
      if (static_cast<unsigned char>(c) < 0x20) {
        fail("control character in string");
        return false;
      }
      if (c != '\\') {
        out.push_back(c);
        ++i_;
        continue;
      }
      if (++i_ >= s_.size()) {
        fail("unterminated escape");
        return false;
      }
      char e = s_[i_++];
      switch (e) {
        case '"':
          out.push_back('"');
          break;
        case '\\':
          out.push_back('\\');
          break;
        case '/':
          out.push_back('/');
          break;
        case 'b':
          out.push_back('\b');
          break;
        case 'f':
          out.push_back('\f');
          break;
        case 'n':
          out.push_back('\n');
          break;
        case 'r':
          out.push_back('\r');
          break;
        case 't':
          out.push_back('\t');
          break;
        case 'u': {
          uint32_t cp;
          if (!hex4(cp)) return false;
          if (cp >= 0xD800 && cp <= 0xDBFF) {
            uint32_t lo;
            if (s_.substr(i_, 2) != "\\u") {
              fail("lone surrogate");
              return false;
            }
            i_ += 2;
            if (!hex4(lo)) return false;
            if (lo < 0xDC00 || lo > 0xDFFF) {
              fail("bad surrogate pair");
              return false;
            }
            append_utf8(out, 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00));
          } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
            fail("lone surrogate");
            return false;
          } else {
            append_utf8(out, cp);
          }
          break;
        }
        default:
          fail("bad escape");
          return false;
      }
    }
  }

  Json number() {
    size_t start = i_;
    if (s_[i_] == '-') ++i_;
    auto digits = [&] {
      size_t d = i_;
      while (i_ < s_.size() && s_[i_] >= '0' && s_[i_] <= '9') ++i_;
      return i_ - d;
    };
    size_t int_start = i_;
    if (digits() == 0) {
      fail("bad number");
      return {};
    }
    if (s_[int_start] == '0' && i_ - int_start > 1) {
      fail("leading zero in number");
      return {};
    }
    bool is_float = false;
    if (i_ < s_.size() && s_[i_] == '.') {
      ++i_;
      is_float = true;
      if (digits() == 0) {
        fail("bad fraction");
        return {};
      }
    }
    if (i_ < s_.size() && (s_[i_] == 'e' || s_[i_] == 'E')) {
      ++i_;
      is_float = true;
      if (i_ < s_.size() && (s_[i_] == '+' || s_[i_] == '-')) ++i_;
      if (digits() == 0) {
        fail("bad exponent");
        return {};
      }
    }
    std::string text(s_.substr(start, i_ - start));
    if (!is_float && text.size() < 19)
      return Json(static_cast<int64_t>(std::strtoll(text.c_str(), nullptr, 10)));
    // std::from_chars, not strtod: the C locale's decimal point must not change what a number
    // means (a pure model reads no locale).
    double d = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), d);
    if (ec == std::errc::result_out_of_range && !overflows(text)) {
      d = text[0] == '-' ? -0.0 : 0.0;  // 1e-400: below the smallest double, as strtod gives
      ec = std::errc();
      end = text.data() + text.size();
    } else if (ec == std::errc::result_out_of_range || (ec == std::errc() && !std::isfinite(d))) {
      fail("number out of range");  // 1e388: JSON has no infinity, and printing it gives null
      return {};
    }
    if (ec != std::errc() || end != text.data() + text.size()) {
      fail("bad number");
      return {};
    }
    return Json(d);
  }

  std::string_view s_;
  size_t i_ = 0;
  std::string error_;
};

void print(const Json& v, int indent, int level, std::string& out) {
  auto newline = [&](int lvl) {
    if (indent < 0) return;
    out.push_back('\n');
    out.append(static_cast<size_t>(indent * lvl), ' ');
  };
  if (v.is_null()) {
    out += "null";
  } else if (v.is_bool()) {
    out += v.as_bool() ? "true" : "false";
  } else if (v.is_int()) {
    out += fmt::format("{}", v.as_int());
  } else if (v.is_number()) {
    double d = v.as_double();
    if (!std::isfinite(d)) {
      out += "null";
    } else {
      // Shortest text that reads back as this double; one that looks like an integer gets ".0",
      // or it would read back as an integer (-0.0 as 0: the sign lost).
      std::string text = fmt::format("{}", d);
      if (text.find_first_of(".e") == std::string::npos) text += ".0";
      out += text;
    }
  } else if (v.is_string()) {
    out += json_quote(v.as_string());
  } else if (v.is_array()) {
    const auto& a = v.as_array();
    if (a.empty()) {
      out += "[]";
      return;
    }
    // Arrays of scalars stay on one line.
    bool flat = true;
    for (const auto& e : a) flat = flat && !e.is_array() && !e.is_object();
    out.push_back('[');
    for (size_t k = 0; k < a.size(); ++k) {
      if (k) out += indent == kJsonTight ? "," : flat || indent < 0 ? ", " : ",";
      if (!flat) newline(level + 1);
      print(a[k], indent, level + 1, out);
    }
    if (!flat) newline(level);
    out.push_back(']');
  } else {
    const auto& o = v.as_object();
    if (o.empty()) {
      out += "{}";
      return;
    }
    out.push_back('{');
    for (size_t k = 0; k < o.size(); ++k) {
      if (k) out += indent < 0 && indent != kJsonTight ? ", " : ",";
      newline(level + 1);
      out += json_quote(o[k].first);
      out += ": ";
      print(o[k].second, indent, level + 1, out);
    }
    newline(level);
    out.push_back('}');
  }
}

}  // namespace

Result<Json> parse_json(std::string_view text) noexcept { return Parser(text).run(); }

std::string to_json(const Json& value, int indent) noexcept {
  std::string out;
  print(value, indent, 0, out);
  if (indent >= 0) out.push_back('\n');
  return out;
}

Json json_strings(const std::vector<std::string>& strings) {
  Json a = Json::array();
  for (const auto& s : strings) a.push(Json(s));
  return a;
}

bool is_valid_utf8(std::string_view bytes) noexcept { return valid_utf8(bytes); }

std::string json_quote(std::string_view s) {
  if ((!s.empty() && s[0] == '\0') || !valid_utf8(s))
    return "\"\\u0000base64:" + base64_encode(s) + "\"";  // the wire form of bytes (json.h)
  std::string out = "\"";
  size_t i = 0;
  while (i < s.size()) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    switch (c) {
      case '"':
        out += "\\\"";
        ++i;
        continue;
      case '\\':
        out += "\\\\";
        ++i;
        continue;
      case '\n':
        out += "\\n";
        ++i;
        continue;
      case '\t':
        out += "\\t";
        ++i;
        continue;
      case '\r':
        out += "\\r";
        ++i;
        continue;
      case '\b':
        out += "\\b";
        ++i;
        continue;
      case '\f':
        out += "\\f";
        ++i;
        continue;
      default:
        break;
    }
    if (c < 0x20 || c == 0x7F) {
      out += fmt::format("\\u{:04x}", c);
      ++i;
      continue;
    }
    size_t n = utf8_length(s, i);
    out.append(s.substr(i, n));
    i += n;
  }
  out.push_back('"');
  return out;
}

}  // namespace pfmulti
