// Parameter expansion (spec/rules.md R10-R19), following the grammar of Postfix's mac_parse and
// mac_expand as observed with postconf 3.7:
//  - mac_parse splits text into literal runs and macro references: "$$" is a literal '$';
//    "${...}" / "$(...)" take text up to the matching bracket of the same kind; "$name" takes
//    [A-Za-z0-9_]*; an empty name or an unclosed bracket is an error;
//  - each literal run and each reference is one "macro call" at the current nesting level;
//    a reference's replacement text is parsed one level deeper; a call deeper than
//    kMacroNestingLimit is an error ("unreasonable macro call nesting");
//  - ${name?x} / ${name:x} test the *unexpanded* value for emptiness; only the chosen branch is
//    parsed; {braced} operands allow white space around them, bare text runs to the end;
//  - relational operands are expanded in a fresh context (nesting restarts at 0, as in postconf);
//    numeric comparison when both sides are non-empty digit strings (too large: error), else
//    byte-wise; a relational expression without ?/: yields "true" or "".
// Our additions: cycles are detected by name, across relational operands too; outputs are capped.
#include "model/main_cf/config.h"

#include <fmt/format.h>
#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <list>
#include <utility>

#if defined(__SSE2__)
#include <emmintrin.h>

#include "model/text/strings.h"
#endif

namespace pfmulti {
namespace {

constexpr std::string_view kMacWhiteSpace = " \t\r\n";

bool is_name_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

size_t skip_ws(std::string_view s, size_t i) {
  while (i < s.size() && kMacWhiteSpace.find(s[i]) != std::string_view::npos) ++i;
  return i;
}

bool all_digits(std::string_view s) {
  if (s.empty()) return false;
  return std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::string shorten(std::string_view s) {
  if (s.size() <= 60) return std::string(s);
  return fmt::format("{}...", s.substr(0, 60));
}

}  // namespace

// One top-level expansion: holds the name stack (for cycles), the error and the nesting depth.
class Expansion {
 public:
  // plain: no shortcut and no memo (every reference parsed anew): the definition the fast
  // paths are checked against (Config::plain_expand).
  explicit Expansion(const Config& cfg, bool plain = false) : cfg_(cfg), plain_(plain) {}

  bool failed() const { return !error_.empty(); }
  const std::string& error() const { return error_; }

  // Parses text with its top-level macro calls at `level`; appends to out. Returns the deepest
  // level at which a call happened (level - 1 if none).
  int parse(std::string_view text, int level, std::string& out) {
    int deepest = level - 1;
    // A run of literal text (with "$$" as '$') is one macro call at `level`. Within the nesting
    // limit it goes straight to out, piece by piece; beyond it, the run is collected because
    // the error quotes it.
    const bool direct = level <= kMacroNestingLimit;
    bool in_literal = false;
    std::string literal;
    auto add_literal = [&](std::string_view piece) {
      if (!in_literal) deepest = std::max(deepest, level);
      in_literal = true;
      if (direct) {
        append(out, piece);
      } else {
        literal.append(piece);
      }
    };
    auto flush_literal = [&] {
      if (!in_literal) return;
      in_literal = false;
      if (!direct) check_level(level, literal);  // fails: level > kMacroNestingLimit
    };
    size_t i = 0;
    while (i < text.size() && !failed()) {
      char c = text[i];
      if (c != '$') {
        // Literal text up to the next '$', in one piece.
        size_t j = text.find('$', i);
        if (j == std::string_view::npos) j = text.size();
        add_literal(text.substr(i, j - i));
        i = j;
        continue;
      }
      if (i + 1 < text.size() && text[i + 1] == '$') {
        add_literal("$");
        i += 2;
        continue;
      }
      flush_literal();
      if (failed()) break;
      ++i;
      std::string_view expr;
      if (i < text.size() && (text[i] == '{' || text[i] == '(')) {
        char open = text[i];
        char close = open == '{' ? '}' : ')';
        size_t j = i + 1;
        int depth = 1;
        while (depth > 0) {
          if (j >= text.size()) {
            fail(fmt::format("truncated macro reference: \"{}\"", shorten(text)));
            return deepest;
          }
          if (text[j] == open) ++depth;
          if (text[j] == close) --depth;
          ++j;
        }
        expr = text.substr(i + 1, j - i - 2);
        i = j;
      } else {
        size_t j = i;
        while (j < text.size() && is_name_char(text[j])) ++j;
        expr = text.substr(i, j - i);
        i = j;
      }
      if (expr.empty()) {
        fail(fmt::format("empty macro name: \"{}\"", shorten(text)));
        return deepest;
      }
      deepest = std::max(deepest, call(expr, level, out));
    }
    if (!failed()) flush_literal();
    return deepest;
  }

  // Expands name's value as a reference at `level` would (its text parsed at level + 1).
  // raw: name's raw value when the caller has looked it up already (one lookup fewer).
  int expand_name(std::string_view name, int level, std::string& out,
                  std::optional<std::optional<std::string_view>> raw = std::nullopt) {
    int deepest = level;
    if (auto text = resolve(name, level, deepest, raw)) append(out, *text);
    return deepest;
  }

  // The expansion of name as a reference at `level` (its text parsed at level + 1), without
  // copying it: the memo entry, the raw value itself when it has no '$' (a literal: most
  // values), or an empty string for an empty or undefined value; nullopt when expansion
  // failed. Valid until the memo changes. deepest: the deepest level reached.
  std::optional<std::string_view> resolve(
      std::string_view name, int level, int& deepest,
      std::optional<std::optional<std::string_view>> known_raw = {}) {
    int base = level + 1;
    deepest = level;
    std::optional<std::string_view> raw = known_raw ? *known_raw : cfg_.raw(name);
    if (!raw || raw->empty()) return std::string_view{};
    // A literal within the limits expands to itself: one literal run at `base`, no call, no
    // memo (what parse() would make of it, checked by the property
    // literal_shortcut_and_memo_give_the_plain_expansion). The raw value lives in the file,
    // the shared defaults or the shared config_directory_: its view outlives moves.
    if (!plain_ && base <= kMacroNestingLimit && raw->size() <= kMaxExpansionBytes &&
        raw->find('$') == std::string_view::npos) {
      deepest = base;
      return raw;
    }
    auto memo = plain_ ? cfg_.memo_.end() : cfg_.memo_.find(name);
    // A memo is used only where recomputing would succeed too; otherwise we recompute, so that
    // the outcome and its message never depend on what was expanded before (it fails again).
    if (memo != cfg_.memo_.end() &&
        !(memo->second.height >= 0 && base + memo->second.height > kMacroNestingLimit) &&
        total_depth_ + memo->second.total_height <= kMaxTotalNesting) {
      peak_total_ = std::max(peak_total_, total_depth_ + memo->second.total_height);
      deepest = base + memo->second.height;
      return std::string_view(memo->second.value);
    }
    if (auto it = std::find(stack_.begin(), stack_.end(), name); it != stack_.end()) {
      std::string cycle;
      for (; it != stack_.end(); ++it) cycle.append(*it).append(" -> ");
      fail(fmt::format("reference cycle: {}{}", cycle, name));
      return std::nullopt;
    }
    stack_.emplace_back(name);
    std::string value;
    value.reserve(raw->size());  // the usual size: no doubling of a large literal value
    int outer_peak = std::exchange(peak_total_, total_depth_);
    deepest = parse(*raw, base, value);
    int total_height = peak_total_ - total_depth_;
    peak_total_ = std::max(outer_peak, peak_total_);
    stack_.pop_back();
    if (failed()) return std::nullopt;
    if (plain_) {
      plain_values_.push_back(std::move(value));
      return std::string_view(plain_values_.back());
    }
    // An entry, once made, is never replaced (expand_view's views stay valid as long as the
    // Config): a recomputation that succeeds gives the same value, by the determinism law.
    auto [entry, inserted] = cfg_.memo_.try_emplace(
        std::string(name), Config::Memo{std::move(value), deepest - base, total_height});
    (void)inserted;
    return std::string_view(entry->second.value);
  }

  void fail(std::string message) {
    if (error_.empty()) error_ = std::move(message);
  }

 private:
  bool check_level(int level, std::string_view what) {
    if (level > kMacroNestingLimit) {
      fail(fmt::format("unreasonable macro call nesting: \"{}\"", shorten(what)));
      return false;
    }
    return true;
  }

  void append(std::string& out, std::string_view text) {
    if (out.size() + text.size() > kMaxExpansionBytes) {
      fail(fmt::format("expansion exceeds {} bytes (kMaxExpansionBytes){}", kMaxExpansionBytes,
                       stack_.empty() ? std::string() : fmt::format(" in {}", stack_.back())));
      return;
    }
    out.append(text);
  }

  // Extracts a {payload} starting at s[i] == '{'; i moves past it and any white space after.
  std::optional<std::string_view> curly(std::string_view s, size_t& i) {
    size_t j = i + 1;
    int depth = 1;
    for (;; ++j) {
      if (j >= s.size()) {
        fail(fmt::format("unbalanced {{}} in attribute expression: \"{}\"", shorten(s.substr(i))));
        return std::nullopt;
      }
      if (s[j] == '{') ++depth;
      if (s[j] == '}' && --depth == 0) break;
    }
    std::string_view payload = s.substr(i + 1, j - i - 1);
    i = skip_ws(s, j + 1);
    return payload;
  }

  // Expands a relational operand in a fresh macro context (postconf calls mac_expand anew).
  std::string operand(std::string_view text) {
    std::string out;
    peak_total_ = std::max(peak_total_, ++total_depth_);
    if (total_depth_ > kMaxTotalNesting) {
      fail(fmt::format("expansion nested deeper than {} levels (kMaxTotalNesting)",
                       kMaxTotalNesting));
    } else {
      parse(text, 0, out);
    }
    --total_depth_;
    return out;
  }

  // One macro call: the text between ${ and } (or after $), at `level`.
  int call(std::string_view expr, int level, std::string& out) {
    if (!check_level(level, expr)) return level;
    peak_total_ = std::max(peak_total_, ++total_depth_);
    if (total_depth_ > kMaxTotalNesting) {
      fail(fmt::format("expansion nested deeper than {} levels (kMaxTotalNesting)",
                       kMaxTotalNesting));
      --total_depth_;
      return level;
    }
    int deepest = call_inner(expr, level, out);
    --total_depth_;
    return std::max(deepest, level);
  }

  int call_inner(std::string_view expr, int level, std::string& out) {
    size_t i = skip_ws(expr, 0);
    char op = 0;
    std::optional<std::string> bool_value;   // relational result
    std::optional<std::string_view> name;    // named parameter
    std::optional<std::string_view> lookup;  // raw value for tests
    if (i < expr.size() && expr[i] == '{') {
      auto left = curly(expr, i);
      if (!left) return level;
      size_t op_len = 0;
      while (i + op_len < expr.size() &&
             std::string_view("<>!=?+-*/~&|%").find(expr[i + op_len]) != std::string_view::npos)
        ++op_len;
      std::string_view rel = expr.substr(i, op_len);
      static const std::string_view kOps[] = {"==", "!=", "<", "<=", ">=", ">"};
      if (std::find(std::begin(kOps), std::end(kOps), rel) == std::end(kOps)) {
        fail(
            fmt::format("\"==\" or \"!=\" or \"<\" or \"<=\" or \">=\" or \">\" expected at: "
                        "\"...{}}}>>>{}\"",
                        shorten(*left), shorten(expr.substr(i))));
        return level;
      }
      i = skip_ws(expr, i + op_len);
      if (i >= expr.size() || expr[i] != '{') {
        fail(fmt::format("\"{{expression}}\" expected at: \"...{{{}}} {}>>>{}\"", shorten(*left),
                         rel, shorten(expr.substr(std::min(i, expr.size())))));
        return level;
      }
      auto right = curly(expr, i);
      if (!right) return level;
      std::string l = operand(*left);
      if (failed()) return level;
      std::string r = operand(*right);
      if (failed()) return level;
      long delta = 0;
      if (all_digits(l) && all_digits(r)) {
        auto to_long = [&](const std::string& s, long& v) {
          errno = 0;
          char* end = nullptr;
          v = std::strtol(s.c_str(), &end, 10);
          if (errno == ERANGE || *end != 0) {
            fail(fmt::format("number out of range in relational expression: {}", shorten(s)));
            return false;
          }
          return true;
        };
        long lv = 0, rv = 0;
        if (!to_long(l, lv) || !to_long(r, rv)) return level;
        delta = lv - rv;
      } else {
        int c = l.compare(r);
        delta = c < 0 ? -1 : c > 0 ? 1 : 0;
      }
      bool truth = rel == "=="   ? delta == 0
                   : rel == "!=" ? delta != 0
                   : rel == "<"  ? delta < 0
                   : rel == "<=" ? delta <= 0
                   : rel == ">=" ? delta >= 0
                                 : delta > 0;
      bool_value = truth ? "true" : "";
      lookup = *bool_value;
      if (i < expr.size()) {
        op = expr[i];
        if (op != '?' && op != ':') {
          fail(fmt::format("\"?\" or \":\" expected at: \"...}}>>>{}\"", shorten(expr.substr(i))));
          return level;
        }
        ++i;
      }
    } else {
      size_t start = i;
      for (;; ++i) {
        size_t k = skip_ws(expr, i);
        if (k >= expr.size()) {
          name = expr.substr(start, i - start);
          i = expr.size();
          break;
        }
        if (expr[k] == '?' || expr[k] == ':') {
          name = expr.substr(start, i - start);
          op = expr[k];
          i = k + 1;
          break;
        }
        if (!is_name_char(expr[i])) {
          fail(fmt::format("attribute name syntax error at: \"...{}>>>{}\"",
                           shorten(expr.substr(0, i)), shorten(expr.substr(i))));
          return level;
        }
      }
      lookup = cfg_.raw(*name);
      if (!lookup) cfg_.undefined_.emplace_back(*name);
    }
    bool non_empty = lookup && !lookup->empty();
    int deepest = level;
    switch (op) {
      case '?': {
        std::string_view if_true;
        size_t k = skip_ws(expr, i);
        if (k < expr.size() && expr[k] == '{') {
          i = k;
          auto p = curly(expr, i);
          if (!p) return level;
          if_true = *p;
        } else {
          if_true = expr.substr(std::min(i, expr.size()));
          i = expr.size();
        }
        if (non_empty) deepest = std::max(deepest, parse(if_true, level + 1, out));
        if (failed() || i >= expr.size()) break;
        if (expr[i] != ':') {
          fail(fmt::format("\":\" expected at: \"...{}}}>>>{}\"", shorten(if_true),
                           shorten(expr.substr(i))));
          return level;
        }
        ++i;
        [[fallthrough]];
      }
      case ':': {
        std::string_view if_false;
        size_t k = skip_ws(expr, i);
        if (k < expr.size() && expr[k] == '{') {
          i = k;
          auto p = curly(expr, i);
          if (!p) return level;
          if_false = *p;
        } else {
          if_false = expr.substr(std::min(i, expr.size()));
          i = expr.size();
        }
        if (!non_empty) deepest = std::max(deepest, parse(if_false, level + 1, out));
        if (failed()) break;
        if (i < expr.size()) {
          fail(fmt::format("unexpected input at: \"...{}}}>>>{}\"", shorten(if_false),
                           shorten(expr.substr(i))));
          return level;
        }
        break;
      }
      default:
        if (!non_empty) break;
        if (bool_value) {
          deepest = std::max(deepest, parse(*bool_value, level + 1, out));
        } else {
          deepest = std::max(deepest, expand_name(*name, level, out, lookup));
        }
    }
    return deepest;
  }

  const Config& cfg_;
  const bool plain_;
  // plain mode's results (stable addresses; a std::list: a std::deque allocates when it is
  // made, and an Expansion is made for every expand())
  std::list<std::string> plain_values_;
  std::vector<std::string_view> stack_;  // views into the caller's name or raw values
  std::string error_;
  int total_depth_ = 0;
  int peak_total_ = 0;  // deepest total_depth_ reached (memo entries record theirs)
};

Config::Config(MainCf file, Defaults defaults, std::string config_directory)
    : Config(std::move(file), std::make_shared<const Defaults>(std::move(defaults)),
             std::move(config_directory)) {}

Config::Config(MainCf file, std::shared_ptr<const Defaults> defaults, std::string config_directory)
    : file_(std::move(file)),
      defaults_(defaults ? std::move(defaults) : std::make_shared<const Defaults>()),
      config_directory_(std::make_shared<const std::string>(std::move(config_directory))) {}

std::optional<std::string_view> Config::raw(std::string_view name) const {
  if (const Definition* d = file_.find(name)) return d->value;
  if (name == "config_directory" && !config_directory_->empty()) return *config_directory_;
  if (const std::string* v = defaults_->find(name)) return *v;
  return std::nullopt;
}

Result<std::string> Config::expand(std::string_view name) const {
  auto view = expand_view(name);
  if (!view) return Result<std::string>::fail(view.error());
  return Result<std::string>::ok(std::string(*view));
}

Result<std::string_view> Config::expand_view(std::string_view name) const {
  Expansion x(*this);
  int deepest = 0;
  auto text = x.resolve(name, -1, deepest);
  if (x.failed() || !text)
    return Result<std::string_view>::fail(fmt::format("{}: {}", name, x.error()));
  return Result<std::string_view>::ok(*text);
}

Result<std::string> Config::plain_expand(std::string_view name) const {
  Expansion x(*this, /*plain=*/true);
  int deepest = 0;
  auto text = x.resolve(name, -1, deepest);
  if (x.failed() || !text) return Result<std::string>::fail(fmt::format("{}: {}", name, x.error()));
  return Result<std::string>::ok(std::string(*text));
}

std::optional<std::string> Config::startup_error() const {
  if (!startup_error_) startup_error_ = compute_startup_error();
  return *startup_error_;
}

// The parameters of defaults() that main.cf defines (and config_directory when -c gives it), in
// the table's order (a std::map's: byte-wise by name). Only a value with a '$' (or longer than
// the expansion cap) can fail to expand: a literal is its own expansion (resolve). When the
// file has few such definitions (most files have none or a few) they are the candidates,
// sorted into the table's order and each looked up in the table: a memchr per definition. A
// file with more of them than the table has names (10,000 generated parameters) walks the
// table instead, a lookup in the file per name, rather than sort them all.
std::optional<std::string> Config::compute_startup_error() const {
  auto may_fail = [](std::string_view value) {
    return value.size() > kMaxExpansionBytes || value.find('$') != std::string_view::npos;
  };
  const auto& table = defaults_->values;
  std::vector<std::string_view> names;
  bool walk_table = false;
  for (const auto& d : file_.definitions) {
    if (!may_fail(d.value)) continue;
    if (names.size() == table.size()) {
      walk_table = true;
      break;
    }
    names.emplace_back(d.name);  // an overridden one is checked below
  }
  if (walk_table) {
    for (const auto& [name, value] : table) {
      if (!defined_in_file(name) && !(name == "config_directory" && !config_directory_->empty()))
        continue;
      if (auto raw = this->raw(name); !raw || !may_fail(*raw)) continue;
      if (auto x = expand_view(name); !x) return x.error();
    }
    return std::nullopt;
  }
  if (!config_directory_->empty() && may_fail(*config_directory_))
    names.emplace_back("config_directory");
  if (names.empty()) return std::nullopt;
  std::sort(names.begin(), names.end());
  names.erase(std::unique(names.begin(), names.end()), names.end());
  for (std::string_view name : names) {
    if (!defaults_->find(name)) continue;
    if (auto raw = this->raw(name); !raw || !may_fail(*raw)) continue;  // the effective value
    if (auto x = expand_view(name); !x) return x.error();
  }
  return std::nullopt;
}

std::optional<std::string> Config::plain_startup_error() const {
  for (const auto& [name, value] : defaults_->values) {
    // config_directory is always in postconf's table: -c DIR puts it there before main.cf.
    if (!defined_in_file(name) && !(name == "config_directory" && !config_directory_->empty()))
      continue;
    if (auto x = plain_expand(name); !x) return x.error();
  }
  return std::nullopt;
}

Result<std::string> Config::expand_text(std::string_view text) const {
  Expansion x(*this);
  std::string out;
  x.parse(text, 0, out);
  if (x.failed()) return Result<std::string>::fail(x.error());
  return Result<std::string>::ok(std::move(out));
}

Result<std::vector<std::string>> Config::list(std::string_view name) const {
  auto v = expand(name);
  if (!v) return Result<std::vector<std::string>>::fail(v.error());
  return Result<std::vector<std::string>>::ok(split_list(*v));
}

Result<bool> Config::boolean(std::string_view name) const {
  auto v = expand(name);
  if (!v) return Result<bool>::fail(v.error());
  if (auto b = parse_bool(*v)) return Result<bool>::ok(*b);
  return Result<bool>::fail(fmt::format("bad boolean configuration: {} = {}", name, *v));
}

std::vector<std::string> split_list(std::string_view value) {
  return split_on(value, kCommaOrSpace);
}

std::optional<bool> parse_bool(std::string_view value) {
  auto iequals = [](std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
             auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? char(c - 'A' + 'a') : c; };
             return lower(x) == lower(y);
           });
  };
  if (iequals(value, "yes")) return true;
  if (iequals(value, "no")) return false;
  return std::nullopt;
}

std::string collapse_white_space(std::string_view value) {
  std::string out;
  out.reserve(value.size());
  append_collapsed(out, value);
  return out;
}

namespace {

bool is_collapse_separator(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

// The end of the word that starts at p: the first separator at or after p, or end. Sixteen
// bytes at a time where SSE2 is there (every x86-64): words in large values are long runs.
const char* word_end(const char* p, const char* end) {
#if defined(__SSE2__)
  const __m128i space = _mm_set1_epi8(' '), tab = _mm_set1_epi8('\t'), cr = _mm_set1_epi8('\r'),
                nl = _mm_set1_epi8('\n');
  while (end - p >= 16) {
    __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
    __m128i hit = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, space), _mm_cmpeq_epi8(v, tab)),
                               _mm_or_si128(_mm_cmpeq_epi8(v, cr), _mm_cmpeq_epi8(v, nl)));
    unsigned mask = static_cast<unsigned>(_mm_movemask_epi8(hit));
    if (mask != 0) return p + __builtin_ctz(mask);
    p += 16;
  }
#endif
  while (p < end && !is_collapse_separator(*p)) ++p;
  return p;
}

// Whether collapsing would leave value as it is: no tab, CR or newline, no space at either end
// and no two spaces in a row. Most values are like that; they are copied in one piece.
bool already_collapsed(std::string_view value) {
  if (value.empty()) return true;
  if (value.front() == ' ' || value.back() == ' ') return false;
  const char* p = value.data();
  const char* const end = p + value.size();
  bool previous_space = false;
#if defined(__SSE2__)
  const __m128i space = _mm_set1_epi8(' '), tab = _mm_set1_epi8('\t'), cr = _mm_set1_epi8('\r'),
                nl = _mm_set1_epi8('\n');
  while (end - p >= 16) {
    __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
    __m128i other = _mm_or_si128(_mm_cmpeq_epi8(v, tab),
                                 _mm_or_si128(_mm_cmpeq_epi8(v, cr), _mm_cmpeq_epi8(v, nl)));
    if (_mm_movemask_epi8(other) != 0) return false;
    unsigned spaces = static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(v, space)));
    if ((spaces & (spaces >> 1)) != 0 || (previous_space && (spaces & 1u))) return false;
    previous_space = (spaces & 0x8000u) != 0;
    p += 16;
  }
#endif
  for (; p < end; ++p) {
    char c = *p;
    if (c == '\t' || c == '\r' || c == '\n') return false;
    bool is_space = c == ' ';
    if (is_space && previous_space) return false;
    previous_space = is_space;
  }
  return true;
}

}  // namespace

void append_collapsed(std::string& out, std::string_view value) {
  if (already_collapsed(value)) {
    out.append(value);
    return;
  }
  // Words separated by " \t\r\n" joined with one space, in one pass over the bytes into a
  // buffer sized for the worst case (value must not point into out): the end of each word is
  // found a block at a time (word_end) and the word is copied in one piece.
  size_t base = out.size();
  out.resize(base + value.size());
  char* const start = out.data() + base;
  char* w = start;
  const char* p = value.data();
  const char* const end = p + value.size();
  for (;;) {
    while (p < end && is_collapse_separator(*p)) ++p;
    if (p == end) break;
    const char* word = p;
    p = word_end(p, end);
    if (w != start) *w++ = ' ';
    size_t n = static_cast<size_t>(p - word);
    if (n < 16) {  // short words: a call to memcpy costs more than the bytes
      for (size_t k = 0; k < n; ++k) w[k] = word[k];
    } else {
      std::memcpy(w, word, n);
    }
    w += n;
  }
  out.resize(base + static_cast<size_t>(w - start));
}

}  // namespace pfmulti
