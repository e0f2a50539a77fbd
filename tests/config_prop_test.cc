// Property tests for the main.cf reader and expansion (model/main_cf/main_cf.h,
// model/main_cf/config.h), with the custom generators of tests/arbitrary_main_cf.h. Each test
// states its law in its name; rapidcheck prints the seed and the shrunk counterexample when a law
// fails (re-run with RC_PARAMS="seed=N"). Shrunk failures become named regression tests in
// config_test.cc.
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <optional>
#include <string>
#include <vector>

#include "arbitrary_main_cf.h"
#include "model/main_cf/config.h"
#include "model/main_cf/main_cf.h"
#include "model/main_cf/param_defaults.h"

namespace pfmulti {
namespace {

// 1000 cases per law unless the caller set RC_PARAMS (rapidcheck reads it on first use).
const bool kParamsSet = [] {
  setenv("RC_PARAMS", "max_success=1000", 0);
  return true;
}();

Config config_of(const std::string& text) {
  return Config(read_main_cf(text, "main.cf"), compiled_defaults(), "/etc/postfix-prop");
}

// Every name a file defines, plus the parameters the differential suite asks about.
std::vector<std::string> names_of(const MainCf& cf) {
  std::vector<std::string> names = arb::target_names();
  for (const auto& [name, value] : cf.effective()) names.push_back(name);
  return names;
}

std::string outcome(const Result<std::string>& r) { return r ? "ok:" + *r : "error:" + r.error(); }

RC_GTEST_PROP(ConfigProp, list_split_ignores_comma_and_space_layout, ()) {
  arb::ListLayout layout = *arb::arbitrary_list_layout();
  RC_ASSERT(split_list(arb::render(layout)) == layout.elements);
  // The same through a main.cf definition (where a newline would end the line: use a tab).
  std::string value = arb::render(layout);
  std::replace(value.begin(), value.end(), '\n', '\t');
  Config c = config_of("multi_instance_directories = " + value + "\n");
  auto list = c.list("multi_instance_directories");
  RC_ASSERT(list.is_ok());
  RC_ASSERT(*list == layout.elements);
}

// MainCf::find answers from the index read_main_cf builds; it must name the same definition as
// a scan from the end (the last definition wins), for every defined name and a few others.
RC_GTEST_PROP(ConfigProp, indexed_find_agrees_with_a_scan_from_the_end, ()) {
  arb::MainCfCase c = *arb::arbitrary_main_cf();
  MainCf cf = read_main_cf(arb::render(c), "main.cf");
  MainCf unindexed = cf;
  unindexed.index.clear();
  for (const auto& name : names_of(cf)) {
    const Definition* scanned = nullptr;
    for (auto it = cf.definitions.rbegin(); it != cf.definitions.rend() && !scanned; ++it)
      if (it->name == name) scanned = &*it;
    RC_ASSERT(cf.find(name) == scanned);
    const Definition* fallback = unindexed.find(name);
    RC_ASSERT((fallback == nullptr) == (scanned == nullptr));
    if (fallback) RC_ASSERT(*fallback == *scanned);
  }
}

// append_collapsed (a block-at-a-time scan) gives what the plain definition gives: the words
// of the value (runs of bytes other than " \t\r\n") joined by one space, appended after what
// out held. Values mix separators, other white space (\v, \f) and long and short words, so
// that words and separator runs cross the 16-byte blocks.
RC_GTEST_PROP(ConfigProp, append_collapsed_joins_the_words_with_one_space, ()) {
  auto piece = rc::gen::oneOf(
      rc::gen::container<std::string>(rc::gen::element(' ', '\t', '\r', '\n')),
      rc::gen::container<std::string>(rc::gen::element('a', 'b', '\v', '\f', ',', '$', '\0')),
      rc::gen::map(rc::gen::inRange<size_t>(0, 40), [](size_t n) { return std::string(n, 'w'); }));
  std::string value;
  for (const auto& p : *rc::gen::container<std::vector<std::string>>(piece)) value += p;
  std::string prefix = *rc::gen::element<std::string>("", "name = ", "x");
  std::vector<std::string> words;
  std::string word;
  for (char c : value) {
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
      if (!word.empty()) words.push_back(word);
      word.clear();
    } else {
      word.push_back(c);
    }
  }
  if (!word.empty()) words.push_back(word);
  std::string expected = prefix;
  for (size_t i = 0; i < words.size(); ++i) expected += (i ? " " : "") + words[i];
  std::string out = prefix;
  append_collapsed(out, value);
  RC_ASSERT(out == expected);
  RC_ASSERT(collapse_white_space(value) == expected.substr(prefix.size()));
}

// expand_view (no copy) and expand agree, in either order and when asked twice.
RC_GTEST_PROP(ConfigProp, expand_view_agrees_with_expand, ()) {
  arb::MainCfCase c = *arb::arbitrary_main_cf();
  std::string text = arb::render(c);
  Config viewed = config_of(text);
  Config copied = config_of(text);
  for (const auto& name : names_of(viewed.file())) {
    auto v = viewed.expand_view(name);
    auto x = copied.expand(name);
    RC_ASSERT(v.is_ok() == x.is_ok());
    if (v) {
      RC_ASSERT(std::string(*v) == *x);
      auto again = viewed.expand_view(name);
      RC_ASSERT(again.is_ok());
      RC_ASSERT(std::string(*again) == *x);
    } else {
      RC_ASSERT(v.error() == x.error());
    }
  }
}

// Printing the effective definitions as "name = value" lines and reading them back gives the
// same effective values, and the same expansion outcome for every name.
RC_GTEST_PROP(ConfigProp, reread_of_printed_definitions_gives_same_effective_values, ()) {
  arb::MainCfCase c = *arb::arbitrary_main_cf();
  MainCf first = read_main_cf(arb::render(c), "main.cf");
  RC_PRE(!first.error.has_value());
  RC_TAG(first.effective().size() > 3 ? "more than 3 names" : "3 names or fewer");
  std::string printed;
  for (const auto& [name, value] : first.effective()) printed += name + " = " + value + "\n";
  MainCf second = read_main_cf(printed, "main.cf");
  RC_ASSERT(!second.error.has_value());
  RC_ASSERT(second.effective() == first.effective());
  Config a(first, compiled_defaults(), "/etc/postfix-prop");
  Config b(second, compiled_defaults(), "/etc/postfix-prop");
  for (const auto& name : names_of(first))
    RC_ASSERT(outcome(a.expand(name)) == outcome(b.expand(name)));
}

// Chains of definitions whose sizes multiply (spec/postfix-facts.md §4's exponential file and its
// relatives): expansion gives exactly the predicted text size while that is within
// kMaxExpansionBytes, and otherwise stops with the kMaxExpansionBytes error. Never more.
RC_GTEST_PROP(ConfigProp, expansion_never_exceeds_cap, ()) {
  const int lines = *rc::gen::inRange(1, 40);
  // Mostly doubling and more, now and then a line that stops the growth (fanout 0).
  const auto fanout = *rc::gen::container<std::vector<int>>(
      static_cast<size_t>(lines),
      rc::gen::weightedElement<int>({{1, 0}, {3, 1}, {6, 2}, {3, 3}, {2, 4}}));
  const auto literal =
      *rc::gen::container<std::vector<int>>(static_cast<size_t>(lines + 1), rc::gen::inRange(0, 4));
  // aI = <literal[I] x's> $aI+1 ... (fanout[I] times); the last line holds literal[lines] x's.
  std::string text = "v = $a0\n";
  double predicted = static_cast<double>(literal[static_cast<size_t>(lines)]);
  for (int i = lines - 1; i >= 0; --i) {
    std::string line = fmt::format(
        "a{} = {}", i, std::string(static_cast<size_t>(literal[static_cast<size_t>(i)]), 'x'));
    for (int k = 0; k < fanout[static_cast<size_t>(i)]; ++k) line += fmt::format("${{a{}}}", i + 1);
    text += line + "\n";
    predicted = literal[static_cast<size_t>(i)] + fanout[static_cast<size_t>(i)] * predicted;
  }
  text += fmt::format("a{} = {}\n", lines,
                      std::string(static_cast<size_t>(literal[static_cast<size_t>(lines)]), 'x'));
  RC_TAG(predicted <= static_cast<double>(kMaxExpansionBytes) ? "within the cap" : "over the cap");
  auto r = config_of(text).expand("v");
  if (predicted <= static_cast<double>(kMaxExpansionBytes)) {
    RC_ASSERT(r.is_ok());
    RC_ASSERT(static_cast<double>(r->size()) == predicted);
    RC_ASSERT(r->find_first_not_of('x') == std::string::npos);
  } else {
    RC_ASSERT(!r.is_ok());
    RC_ASSERT(r.error().find("kMaxExpansionBytes") != std::string::npos);
  }
  if (r) RC_ASSERT(r->size() <= kMaxExpansionBytes);
}

// Expansions are memoized inside a Config: the outcome for a name must not depend on which
// names were expanded before it.
RC_GTEST_PROP(ConfigProp, expansion_outcome_does_not_depend_on_expansion_order, ()) {
  arb::MainCfCase c = *arb::arbitrary_main_cf();
  std::string text = arb::render(c);
  MainCf cf = read_main_cf(text, "main.cf");
  RC_PRE(!cf.error.has_value());
  std::vector<std::string> names = names_of(cf);
  std::vector<std::string> reversed(names.rbegin(), names.rend());
  Config forward = config_of(text);
  Config backward = config_of(text);
  std::vector<std::string> f, b;
  for (const auto& n : names) f.push_back(outcome(forward.expand(n)));
  for (const auto& n : reversed) b.push_back(outcome(backward.expand(n)));
  std::reverse(b.begin(), b.end());
  RC_ASSERT(f == b);
}

// expand() takes shortcuts (a value without '$' is its own expansion; the memo): after any
// sequence of expansions on one Config, each name's outcome is what the plain definition gives
// (Config::plain_expand: every reference parsed anew), value and message alike.
RC_GTEST_PROP(ConfigProp, literal_shortcut_and_memo_give_the_plain_expansion, ()) {
  arb::MainCfCase c = *arb::arbitrary_main_cf();
  std::string text = arb::render(c);
  MainCf cf = read_main_cf(text, "main.cf");
  RC_PRE(!cf.error.has_value());
  std::vector<std::string> names = names_of(cf);
  names.push_back("config_directory");
  names.push_back("queue_directory");
  auto order = *rc::gen::container<std::vector<size_t>>(rc::gen::inRange<size_t>(0, names.size()));
  Config warm = config_of(text);
  for (size_t k : order) {
    Config plain = config_of(text);
    RC_ASSERT(outcome(warm.expand(names[k])) == outcome(plain.plain_expand(names[k])));
    auto view = warm.expand_view(names[k]);
    RC_ASSERT((view ? "ok:" + std::string(*view) : "error:" + view.error()) ==
              outcome(plain.plain_expand(names[k])));
  }
}

// startup_error() expands only the definitions that can fail, found from the file's side (a
// few) or the table's (many); it must give what the plain definition gives: the first
// parameter of the table, in its order, that main.cf defines (or config_directory) and whose
// expansion fails.
RC_GTEST_PROP(ConfigProp, startup_error_is_the_first_failing_table_parameter_in_table_order, ()) {
  arb::MainCfCase c = *arb::arbitrary_main_cf();
  std::string text = arb::render(c);
  MainCf cf = read_main_cf(text, "main.cf");
  RC_PRE(!cf.error.has_value());
  // Some of the table's own names too, so that several can fail and the order matters.
  std::string extra = *rc::gen::element<std::string>(
      "", "mail_owner = $p\nqueue_directory = ${\n", "setgid_group = $(q\n",
      "data_directory = $$\nmeta_directory = ${p\nmail_owner = $q$\n");
  // More definitions with a '$' than the table has names: the check walks the table instead.
  std::string padding;
  if (*rc::gen::arbitrary<bool>())
    for (int k = 0; k < 40; ++k) padding += fmt::format("pad_{} = $p{}\n", k, k % 3 ? "" : "$");
  std::string all = padding + extra + text;
  RC_PRE(!read_main_cf(all, "main.cf").error.has_value());
  Config fast = config_of(all);
  Config plain = config_of(all);
  RC_ASSERT(fast.startup_error() == plain.plain_startup_error());
  Config without_dir(read_main_cf(all, "main.cf"), compiled_defaults(), "");
  Config without_dir_plain(read_main_cf(all, "main.cf"), compiled_defaults(), "");
  RC_ASSERT(without_dir.startup_error() == without_dir_plain.plain_startup_error());
}

RC_GTEST_PROP(ConfigProp, collapse_white_space_is_idempotent_and_leaves_no_runs, ()) {
  std::string s = *rc::gen::container<std::string>(
      rc::gen::element<char>('a', 'b', ' ', '\t', '\r', '\n', '\v', '\f', ','));
  std::string once = collapse_white_space(s);
  RC_ASSERT(collapse_white_space(once) == once);
  RC_ASSERT(once.find("  ") == std::string::npos);
  RC_ASSERT(once.find_first_of("\t\r\n") == std::string::npos);
  // Not inside RC_ASSERT: its expression capture overloads ||, which then no longer short-circuits
  // (back() on the empty string: undefined behaviour, caught by the sanitizer stage).
  bool trimmed = once.empty() || (once.front() != ' ' && once.back() != ' ');
  RC_ASSERT(trimmed);
  // Words survive in order.
  std::string words_in;
  for (char ch : s) words_in += (ch == ' ' || ch == '\t' || ch == '\r' || ch == '\n') ? ' ' : ch;
  RC_ASSERT(collapse_white_space(words_in) == once);
}

RC_GTEST_PROP(ConfigProp, boolean_is_yes_or_no_in_any_case_and_nothing_else, ()) {
  std::string s = *rc::gen::weightedOneOf<std::string>(
      {{3, rc::gen::element<std::string>("yes", "no", "YES", "No", "yEs", "nO")},
       {2, rc::gen::container<std::string>(
               rc::gen::element<char>('y', 'Y', 'e', 'E', 's', 'S', 'n', 'N', 'o', 'O', ' '))}});
  std::string lower = s;
  for (char& ch : lower) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  auto b = parse_bool(s);
  if (lower == "yes") {
    RC_ASSERT(b == std::optional<bool>(true));
  } else if (lower == "no") {
    RC_ASSERT(b == std::optional<bool>(false));
  } else {
    RC_ASSERT(!b.has_value());
  }
}

}  // namespace
}  // namespace pfmulti
