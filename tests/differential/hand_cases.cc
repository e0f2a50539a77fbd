// Hand-written differential cases (see hand_cases.h). Expected outputs are not written here:
// real postconf 3.7 answers each one, and pfmulti must agree with it.
#include "differential/hand_cases.h"

#include <fmt/format.h>

#include "model/main_cf/param_defaults.h"

namespace pfmulti::difftest {
namespace {

using namespace std::string_literals;

// n1 = $n2, n2 = $n3, ..., nK = end: the query's value $n1 nests K + 1 macro levels deep.
std::string chain(int k, const std::string& head = "multi_instance_name") {
  std::string s = head + " = $n1\n";
  for (int i = 1; i < k; ++i) s += fmt::format("n{} = $n{}\n", i, i + 1);
  s += fmt::format("n{} = end\n", k);
  return s;
}

// Like chain(), but each step goes through a ?-branch: ${nI?{$nI+1}}.
std::string conditional_chain(int k) {
  std::string s = "multi_instance_name = ${n1?{$n1x}}\nn1x = ${n2?{$n2x}}\nn1 = y\n";
  for (int i = 2; i < k; ++i)
    s += fmt::format("n{}x = ${{n{}?{{$n{}x}}}}\nn{} = y\n", i, i + 1, i + 1, i);
  s += fmt::format("n{}x = end\nn{} = y\n", k, k);
  return s;
}

// spec/postfix-facts.md §4's file with `total` lines: the query's value is $a1, aN = $aN+1$aN+1,
// the last = x. The query expands to 2^(total - 2) bytes (27 lines: 32 MiB).
std::string exponential(int total) {
  std::string s = "multi_instance_name = $a1\n";
  for (int i = 1; i < total - 1; ++i) s += fmt::format("a{} = $a{}$a{}\n", i, i + 1, i + 1);
  s += fmt::format("a{} = x\n", total - 1);
  return s;
}

// A chain through relational operands: each operand restarts postconf's nesting count.
std::string relational_chain(int k) {
  std::string s = "multi_instance_name = ${{$r1} == {x} ? {deep} : {shallow}}\n";
  for (int i = 1; i < k; ++i) s += fmt::format("r{} = ${{{{$r{}}} == {{x}}}}x\n", i, i + 1);
  s += fmt::format("r{} = x\n", k);
  return s;
}

// ${{${{...x...} != {}}} != {}}, n deep: postconf handles thousands (slowly: quadratic).
std::string nested_relational(int n) {
  std::string s = "multi_instance_name = <";
  for (int i = 0; i < n; ++i) s += "${{";
  s += "x";
  for (int i = 0; i < n; ++i) s += "} != {}}";
  return s + ">\n";
}

}  // namespace

std::vector<HandCase> hand_cases() {
  std::vector<HandCase> c;
  auto add = [&](std::string label, std::string main_cf,
                 std::string param = "multi_instance_name") {
    c.push_back({std::move(label), std::move(main_cf), std::move(param)});
  };
  const std::string mn = "multi_instance_name";

  // --- logical lines, comments, continuation ---
  add("plain definition", mn + " = a\n");
  add("comment line", "# a comment\n" + mn + " = a\n# another\n");
  add("indented comment line", "   # indented comment\n" + mn + " = a\n");
  add("comment between line and continuation", mn + " = a\n# c\n  b\n");
  add("indented comment inside continuation", mn + " = a\n   # c\n\tb\n");
  add("blank and white-space lines inside continuation", mn + " = a\n\n \t\n  b\n");
  add("continuation keeps its leading white space", mn + " = a\n\t\tb\n   c\n");
  add("continuation after empty value", mn + " =\n  b\n");
  add("continuation of the line before the query", "p = 1\n  2\n" + mn + " = $p\n");
  add("two definitions back to back", "p = 1\n" + mn + " = a $p\n");
  add("leading white-space logical line is dropped", " " + mn + " = a\n");
  add("leading white-space line and its continuation are dropped",
      "\t" + mn + " = a\n  more\n" + "p = 1\n");
  add("white-space line at start then a definition", "  \n" + mn + " = a\n");
  add("empty file", "");
  add("only comments", "# one\n# two\n");
  add("no trailing newline", mn + " = a b");
  add("file ends in a continuation", mn + " = a\n b");

  // --- white space and '=' ---
  add("no white space around =", mn + "=a\n");
  add("runs of white space around =", mn + "   =   a   \n");
  add("tabs around = and at the end", mn + "\t=\ta\t\n");
  add("white-space runs inside the value", mn + " = a  \t b\t\tc\n");
  add("= inside the value", mn + " = a=b = c\n");
  add("value starting with =", mn + " = =a\n");
  add("empty value", mn + " =\n");
  add("empty value with trailing blanks", mn + " =   \t\n");
  add("vertical tab and form feed are white space to the reader", mn + "\v=\fa\vb\f\n");
  add("missing = is fatal", mn + " = a\nbogus\n");
  add("name then text then = is fatal", "x y = z\n" + mn + " = a\n");
  add("missing name is fatal", "= x\n" + mn + " = a\n");
  add("lone = is fatal", mn + " = a\n=\n");
  add("syntax error after the query's definition", mn + " = a\n\nstill bogus\n");

  // --- CR ---
  add("CRLF line ends", mn + " = a\r\np = 1\r\n");
  add("CRLF with continuation", mn + " = a\r\n  b\r\n");
  add("CR inside the value", mn + " = a\rb\n");
  add("CR-only line ends make one line", "p = 1\r" + mn + " = a\r");
  add("CR-only line in a continuation", mn + " = a\n\r\n b\n");
  add("CR before =", mn + "\r= a\n");

  // --- NUL ---
  add("NUL ends the logical line", mn + " = a\0b\n"s);
  add("NUL in the first physical line drops the continuation", mn + " = a\0b\n c\n"s);
  add("NUL in a continuation line", mn + " = a\n b\0c\n d\n"s);
  add("NUL right after =", mn + " =\0b\n"s);
  add("NUL inside the name", "multi_\0instance_name = a\n"s);
  add("NUL at the start of a line", "\0junk\n"s + mn + " = a\n");
  add("NUL in an unrelated line", "p = 1\0\n"s + mn + " = $p\n");

  // --- non-UTF-8 and odd bytes ---
  add("latin-1 byte in the value", mn + " = caf\xe9\n");
  add("invalid UTF-8 in the value", mn + " = \xff\xfe\x80\n");
  add("control characters in the value", mn + " = a\x01\x7f"
                                              "b\n");
  add("UTF-8 BOM before the name", "\xef\xbb\xbf" + mn + " = a\n");
  add("non-ASCII parameter name", "p\xe9 = 1\n" + mn + " = x\n");
  add("odd byte right after $", mn + " = $\xe9\n");

  // --- very long lines ---
  add("200 KB value", mn + " = " + std::string(200000, 'v') + "\n");
  add("200 KB of white-space runs", mn + " = a" + std::string(200000, ' ') + "b\n");
  add("10000 continuation lines", [] {
    std::string s = "multi_instance_name = start\n";
    for (int i = 0; i < 10000; ++i) s += " x\n";
    return s;
  }());
  c.push_back(
      {"2 MiB literal value (cap)", mn + " = " + std::string(2 << 20, 'w') + "\n", mn, true, true});

  // --- '#' after text ---
  add("# after text is not a comment", mn + " = a # b\n");
  add("# right after =", mn + " =# b\n");
  add("# inside a continuation line", mn + " = a\n b # c\n");

  // --- overriding ---
  add("last definition wins", mn + " = first\n" + mn + " = second\n");
  add("override of a referenced parameter", "p = 1\n" + mn + " = $p\np = 2\n");
  add("override with an empty value", mn + " = a\n" + mn + " =\n");
  add("override by a continued definition", mn + " = a\n" + mn + " = b\n c\n");
  add("override keeps a broken earlier value out", mn + " = ${broken\n" + mn + " = ok\n");

  // --- references ---
  add("$name", mn + " = <$p>\np = 1\n");
  add("${name}", mn + " = <${p}>\np = 1\n");
  add("$(name)", mn + " = <$(p)>\np = 1\n");
  add("$$ is a literal $", mn + " = a$$b\n");
  add("$$name is not a reference", mn + " = $$p\np = 1\n");
  add("$$$name", mn + " = $$$p\np = 1\n");
  add("$$ inside a referenced value", mn + " = $p\np = cost $$5\n");
  add("name stops at a non-name character", mn + " = $p.x $p-y\np = 1\n");
  add("name with digits and underscore", mn + " = $p_1$2x\np_1 = a\n2x = b\n");
  add("${ name } with white space", mn + " = ${ p }\np = 1\n");
  add("${name } with trailing white space", mn + " = ${p }\np = 1\n");
  add("$( name ) with white space", mn + " = $( p )\np = 1\n");
  add("${na me} is a syntax error", mn + " = ${p q}\np = 1\n");
  add("${p.x} is a syntax error", mn + " = ${p.x}\np = 1\n");
  add("undefined name expands to empty", mn + " = <$nosuch>\n");
  add("undefined ${name}", mn + " = <${nosuch}>\n");
  add("reference to an empty parameter", mn + " = <$p>\np =\n");
  add("recursive expansion", mn + " = $p\np = $q$q\nq = x\n");
  add("reference to a Postfix default", mn + " = $mail_owner/$setgid_group\n");
  add("reference to a default that refers to another", mn + " = $data_directory\n");
  // Every default pfmulti carries must be postconf's (config_directory is -c DIR here).
  for (const auto& [name, value] : compiled_defaults().values)
    add("default of " + name, mn + " = <$" + name + ">\n");
  add("${ } is a blank, undefined name", mn + " = ${ }\n");
  add("$ at the end is an error", mn + " = a$\n");
  add("$ followed by space is an error", mn + " = a$ b\n");
  add("${} is an error", mn + " = a${}b\n");
  add("$() is an error", mn + " = a$()b\n");
  add("unclosed ${ is an error", mn + " = ${p\n");
  add("unclosed $( is an error", mn + " = $(p\np = 1\n");
  add("$( with braces inside", mn + " = $(p})\n");
  add("${ with parens inside", mn + " = ${p)}\n");
  add("nested braces in a reference name", mn + " = ${{p}}\np = 1\n");

  // --- ? and : ---
  for (const char* p : {"p = 1\n", "p =\n", ""}) {
    std::string def = p;
    std::string tag = def.empty() ? "undefined" : def == "p =\n" ? "empty" : "set";
    add("${p?x} p " + tag, mn + " = <${p?x}>\n" + def);
    add("${p?{x}} p " + tag, mn + " = <${p?{x}}>\n" + def);
    add("${p:x} p " + tag, mn + " = <${p:x}>\n" + def);
    add("${p:{x}} p " + tag, mn + " = <${p:{x}}>\n" + def);
    add("${p?{x}:{y}} p " + tag, mn + " = <${p?{x}:{y}}>\n" + def);
    add("${p?{x}:y} p " + tag, mn + " = <${p?{x}:y}>\n" + def);
    add("${p ? {x} : {y}} p " + tag, mn + " = <${p ? {x} : {y}}>\n" + def);
    add("$(p?x) p " + tag, mn + " = <$(p?x)>\n" + def);
  }
  add("${p?x:y} takes x:y as text", mn + " = ${p?x:y}\np = 1\n");
  add("${p:x?y} takes x?y as text", mn + " = ${p:x?y}\n");
  add("${p?{x}:{y}} with references in both", mn + " = ${p?{$q}:{$r}}\np = 1\nq = Q\nr = R\n");
  add("test uses the unexpanded value", mn + " = ${p?yes}\np = $empty\nempty =\n");
  add("branch text with white space kept", mn + " = ${p?a  b}\np = 1\n");
  add("white space before ?", mn + " = ${p ?x}\np = 1\n");
  add("garbage after {x}", mn + " = ${p?{x}junk}\np = 1\n");
  add("garbage after {x}:{y}", mn + " = ${p?{x}:{y}junk}\np = 1\n");
  add("three branches", mn + " = ${p?{a}:{b}:{c}}\np = 1\n");
  add("unbalanced {} in a branch", mn + " = ${p?{a}\np = 1\n");
  add("error in the branch not taken is ignored", mn + " = ${p?{$}:{ok}}\n");
  add("error in the branch taken", mn + " = ${p?{$}:{ok}}\np = 1\n");
  add("?: with an empty name", mn + " = ${?x}\n");
  add("nested conditionals", mn + " = ${p?{${q:{no q}}}:{no p}}\np = 1\n");

  // --- relational expressions ---
  for (const char* op : {"==", "!=", "<", "<=", ">", ">="}) {
    for (auto [a, b] : {std::pair{"1", "2"},
                        {"2", "1"},
                        {"2", "2"},
                        {"10", "9"},
                        {"01", "1"},
                        {"a", "b"},
                        {"b", "a"},
                        {"a", "a"},
                        {"10", "9x"},
                        {"", "0"}}) {
      add(fmt::format("{{{}}} {} {{{}}} ? : ", a, op, b),
          fmt::format("{} = ${{{{{}}} {} {{{}}} ? {{T}} : {{F}}}}\n", mn, a, op, b));
    }
    add(fmt::format("bare {{1}} {} {{2}} yields true or empty", op),
        fmt::format("{} = <${{{{1}} {} {{2}}}}>\n", mn, op));
  }
  add("${{1} == {2}} is empty", mn + " = <${{1} == {2}}>\n");
  add("${{2} == {2}} is true", mn + " = <${{2} == {2}}>\n");
  add("relational with only ?", mn + " = <${{a} == {a} ? {yes}}>\n");
  add("relational with only :", mn + " = <${{a} == {b} : {no}}>\n");
  add("relational with bare else", mn + " = <${{a} == {b} ? {yes} : no}>\n");
  add("relational without spaces", mn + " = ${{a}=={a}?{y}:{n}}\n");
  add("relational on references", mn + " = ${{$p} < {$q} ? {lt} : {ge}}\np = 5\nq = 12\n");
  add("relational on referenced text", mn + " = ${{$p} < {$q} ? {lt} : {ge}}\np = b\nq = ab\n");
  add("relational with nested relational operand",
      mn + " = ${{${{1} < {2}}} == {true} ? {nested} : {flat}}\n");
  add("relational ?{}:{} selects references",
      mn + " = ${{$p} == {x} ? {$q} : {$r}}\np = x\nq = Q\n");
  add("19-digit operands", mn + " = ${{9223372036854775807} > {1} ? {big} : {small}}\n");
  add("19-digit operand out of range", mn + " = ${{9223372036854775808} > {1} ? {a} : {b}}\n");
  add("20-digit operand is fatal", mn + " = ${{12345678901234567890} < {2}}\n");
  add("20-digit operand in the branch not taken",
      mn + " = ${p?{${{12345678901234567890} < {2}}}:{ok}}\n");
  add("negative numbers compare as text", mn + " = ${{-1} < {-2} ? {lt} : {ge}}\n");
  add("operator = is an error", mn + " = ${{a} = {b}}\n");
  add("operator <> is an error", mn + " = ${{a} <> {b}}\n");
  add("operator === is an error", mn + " = ${{a} === {b}}\n");
  add("missing operator", mn + " = ${{a} {b}}\n");
  add("missing right operand", mn + " = ${{a} ==}\n");
  add("right operand not braced", mn + " = ${{a} == b}\n");
  add("unbalanced left operand", mn + " = ${{a == {b}}\n");
  add("garbage after relational", mn + " = ${{a} == {b} x}\n");
  add("garbage after relational branches", mn + " = ${{a} == {a} ? {y} : {n} x}\n");
  add("relational with ?: and nothing after ?", mn + " = ${{a} == {a} ?}\n");
  add("relational operand error", mn + " = ${{$} == {a}}\n");

  // --- nesting limit ---
  for (int k : {98, 99, 100, 101, 102}) add(fmt::format("reference chain of {}", k), chain(k));
  for (int k : {48, 49, 50, 51, 52})
    add(fmt::format("conditional chain of {}", k), conditional_chain(k));
  for (int k : {10, 60, 120}) add(fmt::format("relational chain of {}", k), relational_chain(k));
  add("chain of 101 ending in an empty value", chain(101) + "n101 =\n");
  add("chain of 101 ending in an undefined name", chain(101) + "n101 = $nosuch\n");
  add("chain of 100 through ${}", [] {
    std::string s = "multi_instance_name = ${n1}\n";
    for (int i = 1; i < 100; ++i) s += fmt::format("n{} = ${{n{}}}\n", i, i + 1);
    return s + "n100 = end\n";
  }());
  add("value with many calls at the deepest level", chain(99) + "n99 = a$$b$n100 c\nn100 = d\n");
  add("400 nested relational expressions", nested_relational(400));
  c.push_back({"600 nested relational expressions (kMaxTotalNesting)", nested_relational(600), mn,
               true, true});

  // --- cycles ---
  add("self reference", mn + " = $" + mn + "\n");
  add("two-name cycle", mn + " = $p\np = $q\nq = $p\n");
  add("cycle through ${}", mn + " = ${p}\np = ${p}\n");
  add("cycle with branching", mn + " = $p\np = $q$q\nq = $p$p\n");
  add("cycle through a taken ?-branch", mn + " = ${p?{$p}}\np = 1$" + mn + "\n");
  add("cycle in the branch not taken", mn + " = ${nosuch?{$" + mn + "}:{fine}}\n");
  add("cycle in an unreferenced parameter", mn + " = ok\np = $q\nq = $p\n");
  add("self reference in a conditional test only", mn + " = ${" + mn + "?set}\n");
  add("relational self reference (postconf crashes)",
      mn + " = $p\np = ${{$p} == {x} ? {a} : {b}}\n");
  add("relational cycle through two names (postconf crashes)",
      mn + " = ${{$p} == {x}}\np = ${{$" + mn + "} == {y}}\n");

  // --- config_directory ---
  add("$config_directory", mn + " = $config_directory/x\n");
  add("${config_directory}", mn + " = ${config_directory}\n");
  add("config_directory overridden in main.cf",
      "config_directory = /else\n" + mn + " = $config_directory\n");
  add("config_directory defined as a reference",
      "config_directory = $p/sub\np = /base\n" + mn + " = $config_directory\n");
  add("config_directory in a relational",
      mn + " = ${{$config_directory} == {/} ? {root} : {not root}}\n");
  add("config_directory test", mn + " = ${config_directory?{has}:{none}}\n");
  // R122 a relative -c: postconf -c case1 reads case1/main.cf and $config_directory is "case1".
  auto relative = [&](std::string label, std::string main_cf, std::string param) {
    c.push_back({std::move(label), std::move(main_cf), std::move(param), false, false, true});
  };
  relative("relative -c: config_directory", mn + " = a\n", "config_directory");
  relative("relative -c: $config_directory", mn + " = $config_directory/x\n", mn);
  relative("relative -c: config_directory overridden",
           "config_directory = /else\n" + mn + " = $config_directory\n", mn);

  // --- other queried parameters and built-in definitions expanded at start-up ---
  add("multi_instance_group", "multi_instance_group = g$p\np = 1\n", "multi_instance_group");
  add("multi_instance_directories list", "multi_instance_directories = /a, /b\t/c ,\n",
      "multi_instance_directories");
  add("alternate_config_directories", "alternate_config_directories = $config_directory/alt\n",
      "alternate_config_directories");
  add("undefined target is empty", "p = 1\n", "multi_instance_group");
  add("broken built-in definition breaks every query",
      "multi_instance_group = ${broken\n" + mn + " = fine\n");
  add("broken built-in reached through a user parameter",
      "multi_instance_directories = $p\np = x$\n" + mn + " = fine\n");
  add("broken user parameter not referenced", "p = ${broken\n" + mn + " = fine\n");
  add("broken user parameter in a branch not taken",
      "p = ${broken\nmulti_instance_group = ${nosuch?{$p}}\n" + mn + " = fine\n");
  add("cycle in another built-in", "multi_instance_group = $p\np = $p\n" + mn + " = fine\n");
  add("config_directory definition broken", "config_directory = ${oops\n" + mn + " = ok\n");

  // --- exponential growth (spec/postfix-facts.md §4) ---
  add("exponential file, 12 lines (1 KiB)", exponential(12));
  add("exponential file, 21 lines (512 KiB)", exponential(21));
  c.push_back({"exponential file, 23 lines (2 MiB, cap)", exponential(23), mn, true, true});
  return c;
}

}  // namespace pfmulti::difftest
