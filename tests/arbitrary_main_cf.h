// Custom rapidcheck generators for main.cf text (spec/postfix-facts.md §4): definitions with varied
// white space around '=', continuation lines (with comment and blank lines inside them),
// comments, blank lines, CR and CRLF, white-space runs, odd bytes (NUL, non-UTF-8, control
// characters), references ($name ${name} $(name) ${ name } $$), conditionals (${n?t} ${n:f}
// ${n?{t}:{f}}, braced and bare), relational expressions ${{a} OP {b} ? {t} : {f}} with all six
// operators, numeric and lexical operands, deliberately malformed bits and reference cycles
// (names are drawn from a small pool, so values refer to each other).
//
// Values are kept as a small tree (Text = sequence of Expr) and rendered to bytes only at the
// end, so rapidcheck shrinks a failing file by dropping lines, expressions and characters,
// simplifying operators and flattening layout, never by mangling bytes at random.
// Used by tests/differential (against real postconf), tests/config_prop_test.cc and the editor's
// tests (tests/main_cf_edit_test.cc, tests/lifecycle_e2e/postconf_edit_diff.cc).
#pragma once

#include <rapidcheck.h>

#include <algorithm>
#include <cctype>
#include <ostream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace pfmulti::arb {

// The parameters the differential suite asks about: Postfix built-ins whose default is empty.
inline const std::vector<std::string>& target_names() {
  static const std::vector<std::string> names{"multi_instance_name", "multi_instance_group",
                                              "multi_instance_directories",
                                              "alternate_config_directories"};
  return names;
}

// User parameter names (no Postfix built-in has these names).
inline const std::vector<std::string>& user_names() {
  static const std::vector<std::string> names{"p", "q", "r", "user_x", "Mixed9_name"};
  return names;
}

struct Expr;
using Text = std::vector<Expr>;

struct Expr {
  enum class Kind { kLiteral, kDollar, kRef, kCond, kRel, kBroken };
  Kind kind = Kind::kLiteral;
  std::string text;  // literal bytes, referenced name, or malformed bytes
  int style = 0;     // rendering variant (brackets, white space, braces)
  std::string op;    // kCond: "?" ":" "?:"; kRel: the operator text
  int form = 0;      // kRel: 0 bare, 1 ?{t}:{f}, 2 ?{t}, 3 :{f}, 4 ?{t}:f
  std::vector<Text> parts;
};

struct Item {
  enum class Kind { kDefinition, kComment, kBlank, kIndented, kGarbage, kRawValue };
  Kind kind = Kind::kDefinition;
  std::string name;
  Text value;
  int layout = 0;           // white space around '=' and at the end, CRLF
  std::vector<int> breaks;  // continuation: split offsets into the rendered value
  int cont_style = 0;       // continuation indent, comment/blank line inside the continuation
  std::string raw;          // comment text, garbage bytes, indented line text, raw value bytes
};

struct MainCfCase {
  std::string target;  // the parameter the differential query asks for
  std::vector<Item> items;
  bool define_target = true;
  Item target_def;          // the target's definition (when define_target)
  int target_position = 0;  // where it goes among items (clamped)
  bool final_newline = true;
};

// ---------- rendering ----------

inline std::string render(const Text& text);

inline std::string render_expr(const Expr& e) {
  auto part = [&](size_t i) { return i < e.parts.size() ? render(e.parts[i]) : std::string(); };
  const bool paren = e.style & 1;
  const std::string open = paren ? "$(" : "${";
  const std::string close = paren ? ")" : "}";
  const std::string sp = (e.style & 2) ? " " : "";
  const bool braced = !(e.style & 4);
  auto branch = [&](const std::string& t) { return braced ? "{" + t + "}" : t; };
  switch (e.kind) {
    case Expr::Kind::kLiteral:
      return e.text;
    case Expr::Kind::kDollar:
      return "$$";
    case Expr::Kind::kRef:
      switch (e.style % 6) {
        case 0:
          return "$" + e.text;
        case 1:
          return "${" + e.text + "}";
        case 2:
          return "$(" + e.text + ")";
        case 3:
          return "${ " + e.text + " }";
        case 4:
          return "${" + e.text + " }";
        default:
          return "$( " + e.text + " )";
      }
    case Expr::Kind::kCond:
      if (e.op == "?:")
        return open + e.text + sp + "?" + sp + branch(part(0)) + sp + ":" + sp + branch(part(1)) +
               close;
      return open + e.text + sp + e.op + sp + branch(part(0)) + close;
    case Expr::Kind::kRel: {
      std::string s = open + sp + "{" + part(0) + "}" + sp + e.op + sp + "{" + part(1) + "}";
      switch (e.form) {
        case 1:
          s += sp + "?" + sp + "{" + part(2) + "}" + sp + ":" + sp + "{" + part(3) + "}";
          break;
        case 2:
          s += sp + "?" + sp + "{" + part(2) + "}";
          break;
        case 3:
          s += sp + ":" + sp + "{" + part(3) + "}";
          break;
        case 4:
          s += sp + "?" + sp + "{" + part(2) + "}" + sp + ":" + part(3);
          break;
        default:
          break;
      }
      return s + sp + close;
    }
    case Expr::Kind::kBroken:
      return e.text;
  }
  return {};
}

inline std::string render(const Text& text) {
  std::string out;
  for (const Expr& e : text) out += render_expr(e);
  return out;
}

inline std::string render_item(const Item& it) {
  const std::string eol = (it.layout & 16) ? "\r\n" : "\n";
  switch (it.kind) {
    case Item::Kind::kComment:
      return std::string(it.layout & 1 ? "  " : "") + "#" + it.raw + eol;
    case Item::Kind::kBlank:
      return it.raw + eol;
    case Item::Kind::kIndented:
      return std::string(it.layout & 1 ? "\t" : " ") + it.raw + eol;
    case Item::Kind::kGarbage:
      return it.raw + eol;
    case Item::Kind::kRawValue:
      return it.name + " = " + it.raw + eol;
    case Item::Kind::kDefinition:
      break;
  }
  static const char* kBefore[] = {" ", "", "\t", "   "};
  static const char* kAfter[] = {" ", "", "\t ", "  "};
  static const char* kTrailing[] = {"", "", " ", "\t \t"};
  static const char* kIndent[] = {" ", "\t", "    ", " \t"};
  std::string value = render(it.value);
  std::vector<int> breaks = it.breaks;
  std::sort(breaks.begin(), breaks.end());
  breaks.erase(std::unique(breaks.begin(), breaks.end()), breaks.end());
  std::string body;
  size_t prev = 0;
  for (int b : breaks) {
    size_t at = std::min(static_cast<size_t>(std::max(b, 0)), value.size());
    if (at < prev) continue;
    body += value.substr(prev, at - prev);
    body += eol;
    if (it.cont_style & 4) body += "# inside a continuation" + eol;
    if (it.cont_style & 8) body += eol;
    body += kIndent[it.cont_style & 3];
    prev = at;
  }
  body += value.substr(prev);
  return it.name + kBefore[it.layout & 3] + "=" + kAfter[(it.layout >> 2) & 3] + body +
         kTrailing[(it.layout >> 5) & 3] + eol;
}

inline std::string render(const MainCfCase& c) {
  std::string out;
  size_t pos = std::min(static_cast<size_t>(std::max(c.target_position, 0)), c.items.size());
  for (size_t i = 0; i <= c.items.size(); ++i) {
    if (i == pos && c.define_target) out += render_item(c.target_def);
    if (i < c.items.size()) out += render_item(c.items[i]);
  }
  if (!c.final_newline && !out.empty() && out.back() == '\n') {
    out.pop_back();
    if (!out.empty() && out.back() == '\r') out.pop_back();
  }
  return out;
}

// C-style escaping of arbitrary bytes, for messages and regression tests.
inline std::string escape_bytes(std::string_view bytes) {
  static const char* kHex = "0123456789abcdef";
  std::string out;
  for (size_t i = 0; i < bytes.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(bytes[i]);
    switch (c) {
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '"':
        out += "\\\"";
        break;
      default:
        if (c < 0x20 || c >= 0x7f) {
          out += "\\x";
          out += kHex[c >> 4];
          out += kHex[c & 15];
          // A following hex digit would extend the escape: break the string literal.
          if (i + 1 < bytes.size() && std::isxdigit(static_cast<unsigned char>(bytes[i + 1])))
            out += "\" \"";
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  return out;
}

inline void showValue(const MainCfCase& c, std::ostream& os) {
  os << "target " << c.target << ", main.cf \"" << escape_bytes(render(c)) << "\"";
}

// ---------- generators ----------

namespace detail {

// Characters of ordinary literal text: mostly letters, digits and white space, sometimes
// punctuation that means something inside expressions, rarely odd bytes.
inline rc::Gen<char> literal_char() {
  return rc::gen::weightedElement<char>(
      {{30, 'a'}, {10, 'b'},   {10, 'x'},   {8, '0'},    {8, '1'},    {5, '9'},    {12, ' '},
       {4, '\t'}, {2, '\r'},   {3, ','},    {2, '.'},    {2, '-'},    {2, '_'},    {3, '/'},
       {2, '#'},  {2, '='},    {1, ':'},    {1, '?'},    {1, '{'},    {1, '}'},    {1, '\v'},
       {1, '\f'}, {1, '\x01'}, {1, '\x7f'}, {1, '\x80'}, {1, '\xe9'}, {1, '\xff'}, {1, '\0'}});
}

inline rc::Gen<std::string> literal_text(int max_len) {
  return rc::gen::mapcat(rc::gen::inRange(1, max_len + 1), [](int n) {
    return rc::gen::container<std::string>(static_cast<size_t>(n), literal_char());
  });
}

// Names a value may refer to: user parameters, the targets (cycles between them), the
// config_directory and a name nobody defines.
inline rc::Gen<std::string> ref_name() {
  return rc::gen::weightedOneOf<std::string>({
      {12, rc::gen::elementOf(user_names())},
      {4, rc::gen::element<std::string>("config_directory")},
      {3, rc::gen::elementOf(target_names())},
      {1, rc::gen::element<std::string>("nosuch_param")},
  });
}

inline rc::Gen<std::string> number_text() {
  return rc::gen::element<std::string>("1", "2", "0", "10", "9", "01", "007", "",
                                       "9223372036854775807", "9223372036854775808",
                                       "12345678901234567890", "-1", "1a", "a");
}

inline rc::Gen<std::string> relational_op() {
  return rc::gen::weightedElement<std::string>({{10, "=="},
                                                {10, "!="},
                                                {10, "<"},
                                                {10, "<="},
                                                {10, ">"},
                                                {10, ">="},
                                                {1, "="},
                                                {1, "<>"},
                                                {1, "=<"},
                                                {1, "==="},
                                                {1, "!"},
                                                {1, ""}});
}

inline rc::Gen<std::string> broken_bits() {
  return rc::gen::element<std::string>("$", "${", "$(", "${}", "$()", "${p", "$(p", "${p?{y}",
                                       "${p?{y}z}", "${p:{y}z}", "${{a}}", "${{a} == }",
                                       "${{a} == {b} z}", "${ p q }", "${-}", "${p-q}", "}", "{",
                                       "${{12345678901234567890} < {1}}", "${p?{a}:{b}:{c}}", "$$$",
                                       "${p?{a}}}", "${{a}=={b}?{c}}x}", "$ ", "${ }");
}

// Bytes of a value made without any grammar: expression syntax, white space and odd bytes.
inline rc::Gen<std::string> raw_value_bytes() {
  return rc::gen::container<std::string>(rc::gen::weightedElement<char>(
      {{6, '$'}, {4, '{'}, {4, '}'}, {2, '('}, {2, ')'},  {2, '?'},    {2, ':'},
       {2, '='}, {1, '<'}, {1, '>'}, {1, '!'}, {3, ' '},  {1, '\t'},   {1, '\r'},
       {6, 'p'}, {2, 'q'}, {2, '1'}, {1, '_'}, {1, '\0'}, {1, '\xff'}, {1, '#'}}));
}

}  // namespace detail

inline rc::Gen<Text> arbitrary_text(int depth);

inline rc::Gen<Expr> arbitrary_expr(int depth) {
  using K = Expr::Kind;
  auto literal = rc::gen::map(detail::literal_text(6), [](std::string s) {
    Expr e;
    e.text = std::move(s);
    return e;
  });
  auto dollar = rc::gen::just(Expr{K::kDollar, "", 0, "", 0, {}});
  auto ref = rc::gen::map(
      rc::gen::pair(detail::ref_name(), rc::gen::inRange(0, 6)),
      [](std::pair<std::string, int> p) { return Expr{K::kRef, p.first, p.second, "", 0, {}}; });
  auto broken = rc::gen::map(detail::broken_bits(), [](std::string s) {
    return Expr{K::kBroken, std::move(s), 0, "", 0, {}};
  });
  if (depth <= 0) {
    return rc::gen::weightedOneOf<Expr>({{6, literal}, {1, dollar}, {6, ref}});
  }
  auto sub = arbitrary_text(depth - 1);
  auto cond =
      rc::gen::map(rc::gen::tuple(detail::ref_name(), rc::gen::element<std::string>("?", ":", "?:"),
                                  rc::gen::inRange(0, 8), sub, sub),
                   [](std::tuple<std::string, std::string, int, Text, Text> t) {
                     auto& [name, op, style, a, b] = t;
                     Expr e{K::kCond, name, style, op, 0, {a}};
                     if (op == "?:") e.parts.push_back(b);
                     return e;
                   });
  auto operand = rc::gen::weightedOneOf<Text>({{3, rc::gen::map(detail::number_text(),
                                                                [](std::string s) {
                                                                  Expr e;
                                                                  e.text = std::move(s);
                                                                  return Text{e};
                                                                })},
                                               {2, sub}});
  auto rel = rc::gen::map(rc::gen::tuple(operand, detail::relational_op(), operand,
                                         rc::gen::inRange(0, 5), rc::gen::inRange(0, 4), sub, sub),
                          [](std::tuple<Text, std::string, Text, int, int, Text, Text> t) {
                            auto& [a, op, b, form, style, yes, no] = t;
                            return Expr{K::kRel, "", style & 3, op, form, {a, b, yes, no}};
                          });
  return rc::gen::weightedOneOf<Expr>(
      {{6, literal}, {1, dollar}, {6, ref}, {3, cond}, {3, rel}, {1, broken}});
}

inline rc::Gen<Text> arbitrary_text(int depth) {
  return rc::gen::lazy([depth] {
    return rc::gen::mapcat(rc::gen::inRange(0, 4), [depth](int n) {
      return rc::gen::container<Text>(static_cast<size_t>(n), arbitrary_expr(depth));
    });
  });
}

inline rc::Gen<Item> arbitrary_definition(rc::Gen<std::string> names) {
  return rc::gen::map(
      rc::gen::tuple(names, arbitrary_text(2), rc::gen::inRange(0, 128),
                     rc::gen::weightedOneOf<std::vector<int>>(
                         {{4, rc::gen::just(std::vector<int>{})},
                          {1, rc::gen::container<std::vector<int>>(2, rc::gen::inRange(0, 30))}}),
                     rc::gen::inRange(0, 16)),
      [](std::tuple<std::string, Text, int, std::vector<int>, int> t) {
        Item it;
        it.kind = Item::Kind::kDefinition;
        it.name = std::get<0>(t);
        it.value = std::get<1>(t);
        // Mostly "name = value" with LF; the other layouts now and then.
        int layout = std::get<2>(t);
        it.layout = (layout & 64) ? (layout & 63) : 0;
        it.breaks = std::get<3>(t);
        it.cont_style = std::get<4>(t);
        return it;
      });
}

// "name = BYTES" where the bytes follow no grammar (see detail::raw_value_bytes).
inline rc::Gen<Item> arbitrary_raw_definition(rc::Gen<std::string> names) {
  return rc::gen::map(rc::gen::pair(names, rc::gen::resize(24, detail::raw_value_bytes())),
                      [](std::pair<std::string, std::string> p) {
                        Item it;
                        it.kind = Item::Kind::kRawValue;
                        it.name = p.first;
                        it.raw = p.second;
                        return it;
                      });
}

inline rc::Gen<Item> arbitrary_item() {
  using K = Item::Kind;
  auto def_names = rc::gen::weightedOneOf<std::string>(
      {{8, rc::gen::elementOf(user_names())}, {3, rc::gen::elementOf(target_names())}});
  auto simple = [](K kind, rc::Gen<std::string> raw) {
    return rc::gen::map(rc::gen::pair(raw, rc::gen::inRange(0, 32)),
                        [kind](std::pair<std::string, int> p) {
                          Item it;
                          it.kind = kind;
                          it.raw = p.first;
                          it.layout = p.second & (1 | 16);
                          return it;
                        });
  };
  return rc::gen::weightedOneOf<Item>({
      {12, arbitrary_definition(def_names)},
      {2, simple(K::kComment, detail::literal_text(8))},
      {2, simple(K::kBlank, rc::gen::element<std::string>("", " ", "\t", "\r", " \t "))},
      {1, simple(K::kIndented, rc::gen::element<std::string>("p = indented", "more text",
                                                             "# not a comment here"))},
      {2, arbitrary_raw_definition(rc::gen::elementOf(user_names()))},
      {1,
       simple(K::kGarbage, rc::gen::element<std::string>("bogus", "x y = z", "= value", "=",
                                                         std::string("a\0b = c", 7), "\x80\x81"))},
  });
}

inline rc::Gen<MainCfCase> arbitrary_main_cf() {
  return rc::gen::mapcat(rc::gen::elementOf(target_names()), [](std::string target) {
    return rc::gen::map(
        rc::gen::tuple(
            rc::gen::resize(8, rc::gen::container<std::vector<Item>>(arbitrary_item())),
            rc::gen::weightedElement<bool>({{9, true}, {1, false}}),
            rc::gen::weightedOneOf<Item>({{6, arbitrary_definition(rc::gen::just(target))},
                                          {1, arbitrary_raw_definition(rc::gen::just(target))}}),
            rc::gen::inRange(0, 8), rc::gen::weightedElement<bool>({{9, true}, {1, false}})),
        [target](std::tuple<std::vector<Item>, bool, Item, int, bool> t) {
          MainCfCase c;
          c.target = target;
          c.items = std::get<0>(t);
          c.define_target = std::get<1>(t);
          c.target_def = std::get<2>(t);
          c.target_position = std::get<3>(t);
          c.final_newline = std::get<4>(t);
          return c;
        });
  });
}

// A list value as Postfix writes them: elements separated by commas and white space runs.
struct ListLayout {
  std::vector<std::string> elements;    // non-empty, no separators inside
  std::vector<std::string> separators;  // one before each element and one at the end
};

inline rc::Gen<ListLayout> arbitrary_list_layout() {
  auto element = rc::gen::nonEmpty(rc::gen::container<std::string>(rc::gen::weightedElement<char>(
      {{10, 'a'}, {5, 'z'}, {3, '/'}, {3, '0'}, {1, '-'}, {1, '.'}, {1, '\xe9'}, {1, '='}})));
  auto separator =
      rc::gen::container<std::string>(rc::gen::element<char>(',', ' ', '\t', '\r', '\n'));
  return rc::gen::mapcat(rc::gen::inRange(0, 6), [=](int n) {
    return rc::gen::map(
        rc::gen::pair(
            rc::gen::container<std::vector<std::string>>(static_cast<size_t>(n), element),
            rc::gen::container<std::vector<std::string>>(static_cast<size_t>(n + 1), separator)),
        [](std::pair<std::vector<std::string>, std::vector<std::string>> p) {
          ListLayout l{std::move(p.first), std::move(p.second)};
          // Separators between elements must separate: at least one character.
          for (size_t i = 1; i < l.elements.size(); ++i)
            if (l.separators[i].empty()) l.separators[i].push_back(',');
          return l;
        });
  });
}

inline std::string render(const ListLayout& l) {
  std::string out;
  for (size_t i = 0; i < l.elements.size(); ++i) out += l.separators[i] + l.elements[i];
  if (!l.separators.empty()) out += l.separators.back();
  return out;
}

// A value for a `postconf -e` style edit (no newline, no NUL): mostly plain bytes, with the ones
// main.cf gives meaning to ('$', braces, '#', '=', ',', white space, CR) and a non-UTF-8 byte.
// Shared by tests/main_cf_edit_test.cc and tests/lifecycle_e2e/postconf_edit_diff.cc.
inline rc::Gen<std::string> edit_value() {
  return rc::gen::container<std::string>(rc::gen::weightedElement<char>({{20, 'v'},
                                                                         {10, '/'},
                                                                         {5, ' '},
                                                                         {3, '\t'},
                                                                         {2, '$'},
                                                                         {2, '{'},
                                                                         {2, '}'},
                                                                         {2, '#'},
                                                                         {2, '='},
                                                                         {1, '\r'},
                                                                         {1, '\x80'},
                                                                         {1, ','},
                                                                         {3, '1'}}));
}

}  // namespace pfmulti::arb
