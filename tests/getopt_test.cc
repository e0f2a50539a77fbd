// Table tests of posix_getopt (model/text/getopt.h): getopt(3) in '+' mode as Postfix programs
// use it on Linux: no argument permutation (the first operand ends the options), "--", clusters,
// attached and detached option arguments, an argument that looks like an option, a missing
// argument at the end, an unknown option; and the long options pfmulti mixes in.
#include "model/text/getopt.h"

#include <gtest/gtest.h>

namespace pfmulti {
namespace {

using Args = std::vector<std::string>;

// "a b=ARG ?x" style summary of the parse, then "| optind".
std::string summary(const Args& args, std::span<const LongOption> longs = {}) {
  Args argv{"prog"};
  argv.insert(argv.end(), args.begin(), args.end());
  GetoptResult r = posix_getopt(argv, "ae:g:lpv", longs);
  std::string out;
  for (const ParsedOption& o : r.options) {
    if (!out.empty()) out += ' ';
    if (o.option == '?') {
      out += "?" + (o.long_name.empty() ? std::string(1, o.bad) : o.long_name);
      if (o.missing_argument) out += "(missing)";
      if (o.unexpected_argument) out += "(unexpected)";
      continue;
    }
    out += o.long_name.empty() ? std::string(1, o.option) : o.long_name;
    if (!o.argument.empty() || o.detached) out += "=" + o.argument;
  }
  out += " | " + std::to_string(r.optind);
  if (r.double_dash) out += " --";
  return out;
}

TEST(Getopt, Table) {
  struct Case {
    Args args;
    std::string want;
  } cases[] = {
      {{}, " | 1"},
      {{"-l"}, "l | 2"},
      {{"-lv"}, "l v | 2"},                  // a cluster
      {{"-gfoo", "-l"}, "g=foo l | 3"},      // attached argument
      {{"-g", "foo", "-l"}, "g=foo l | 4"},  // detached argument
      {{"-lgfoo"}, "l g=foo | 2"},           // argument ends the cluster
      {{"-g", "-l", "-p"}, "g=-l p | 4"},    // "-l" is -g's argument
      {{"-l", "cmd", "-p"}, "l | 2"},        // no permutation: "cmd" ends the options
      {{"-l", "--", "-p"}, "l | 3 --"},      // "--" ends them, and is consumed
      {{"-g", "--", "-p"}, "g=-- p | 4"},    // ... unless it is an argument
      {{"-", "-l"}, " | 1"},                 // "-" is an operand
      {{"-l", "-g"}, "l ?g(missing) | 3"},   // missing argument at the end
      {{"-lZv"}, "l ?Z | 2"},                // unknown option stops the parse
      {{"--json"}, "?- | 2"},                // no long options: an unknown '-'
      {{"-l:"}, "l ?: | 2"},                 // ':' is never an option
  };
  for (const Case& c : cases) {
    std::string joined;
    for (const auto& a : c.args) joined += " " + a;
    EXPECT_EQ(summary(c.args), c.want) << "args:" << joined;
  }
}

TEST(Getopt, LongOptions) {
  constexpr LongOption longs[] = {{"json", false}, {"profile", true}};
  EXPECT_EQ(summary({"--json", "-l"}, longs), "--json l | 3");
  EXPECT_EQ(summary({"--profile", "x", "-l"}, longs), "--profile=x l | 4");
  EXPECT_EQ(summary({"--profile=x"}, longs), "--profile=x | 2");
  EXPECT_EQ(summary({"--profile"}, longs), "?--profile(missing) | 2");
  EXPECT_EQ(summary({"--json=1"}, longs), "?--json(unexpected) | 2");
  EXPECT_EQ(summary({"--nope", "-l"}, longs), "?--nope | 2");
  EXPECT_EQ(summary({"-l", "cmd", "--json"}, longs), "l | 2");  // after an operand: an operand
}

TEST(Getopt, PositionsOfOptionsAndArguments) {
  GetoptResult r = posix_getopt({"p", "-lgx", "-g", "y"}, "g:l");
  ASSERT_EQ(r.options.size(), 3u);
  EXPECT_EQ(r.options[0].index, 1u);
  EXPECT_EQ(r.options[1].index, 1u);
  EXPECT_FALSE(r.options[1].detached);
  EXPECT_EQ(r.options[2].index, 2u);
  EXPECT_TRUE(r.options[2].detached);
}

TEST(Getopt, ProgramBasename) {
  EXPECT_EQ(program_basename({"/usr/sbin/postmulti"}, "x"), "postmulti");
  EXPECT_EQ(program_basename({"postmulti"}, "x"), "postmulti");
  EXPECT_EQ(program_basename({"/usr/sbin/"}, "x"), "/usr/sbin/");
  EXPECT_EQ(program_basename({}, "x"), "x");
}

}  // namespace
}  // namespace pfmulti
