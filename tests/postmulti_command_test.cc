// Table tests of postmulti's command-line parser (model/postmulti/postmulti_command.h): what
// each accepted command line means, every refusal with postmulti's exact message in
// postmulti.c's order (spec/rules.md R72, R73; tests/postmulti_options/ checks the refusals
// against real postmulti 3.7), and pfmulti's single pass (split_command_line): its letters and
// long options come out, postmulti's words are re-emitted as written.
#include "model/postmulti/postmulti_command.h"

#include <gtest/gtest.h>

namespace pfmulti {
namespace {

using Args = std::vector<std::string>;

PostmultiParse parse(Args args) {
  args.insert(args.begin(), "/usr/sbin/postmulti");
  return parse_postmulti_command(args);
}

std::string refusal_of(const Args& args) {
  PostmultiParse p = parse(args);
  return p.refusal ? p.refusal->message : "<accepted>";
}

TEST(PostmultiCommand, TheTableIsPostmultisGetoptString) {
  EXPECT_EQ(command_optstring(false), "ae:g:i:G:I:lpRvx");
  EXPECT_EQ(command_optstring(true), "ae:g:i:G:I:lpRvxnjc:h");  // pfmulti adds -n -j -c -h
}

TEST(PostmultiCommand, AcceptedCommandLines) {
  PostmultiParse p = parse({"-l"});
  ASSERT_TRUE(p.command);
  EXPECT_EQ(p.command->mode, PostmultiMode::kList);
  EXPECT_EQ(p.command->selection.type, SelectionType::kNone);

  p = parse({"-Rvg", "mta", "-x", "ls", "-l"});
  ASSERT_TRUE(p.command);
  EXPECT_EQ(p.command->mode, PostmultiMode::kGeneric);
  EXPECT_EQ(p.command->selection, (Selection{SelectionType::kGroup, "mta"}));
  EXPECT_TRUE(p.command->reverse);
  EXPECT_TRUE(p.command->verbose);
  EXPECT_EQ(p.command->operands, (Args{"ls", "-l"}));

  p = parse({"-R", "-R", "-p", "start"});  // -R toggles
  ASSERT_TRUE(p.command);
  EXPECT_FALSE(p.command->reverse);

  p = parse({"-g", "-l", "-p", "status"});  // -g's argument is "-l"
  ASSERT_TRUE(p.command);
  EXPECT_EQ(p.command->mode, PostmultiMode::kPostfix);
  EXPECT_EQ(p.command->selection.value, "-l");

  p = parse({"-I", "-", "-G", "mta", "-e", "create", "-i", "postfix-a", "data_directory=/x"});
  ASSERT_TRUE(p.command);
  EXPECT_EQ(p.command->mode, PostmultiMode::kEdit);
  EXPECT_EQ(p.command->edit, EditAction::kCreate);
  EXPECT_EQ(p.command->assign_name, "");  // "-": none
  EXPECT_EQ(p.command->assign_group, "mta");
  EXPECT_EQ(p.command->selection, (Selection{SelectionType::kName, "postfix-a"}));
  EXPECT_EQ(p.command->operands, (Args{"data_directory=/x"}));

  p = parse({"-l", "-l"});  // the same mode twice is one mode
  EXPECT_TRUE(p.command);
  p = parse({"-a", "-a", "-l"});  // and so is -a twice
  EXPECT_TRUE(p.command);
}

TEST(PostmultiCommand, RefusalsInPostmultisOrder) {
  const std::string usage =
      "Usage:postmulti -l [-v] [-a] [-g group] [-i instance] | postmulti -p [-v] [-a] [-g "
      "group] [-i instance] command... | postmulti -x [-v] [-a] [-i name] [-g group] command... "
      "| postmulti -e action [-v] [-a] [-i name] [-g group] [-I name] [-G group] [param=value "
      "...]";
  struct Case {
    Args args;
    std::string message;
    std::string_view rule;
  } cases[] = {
      {{"-Z"}, usage, "R72"},
      {{"-l", "-g"}, usage, "R72"},
      {{"-j", "-l"}, usage, "R72"},  // postmulti 3.7 has no -j
      {{"-e", "bogus"},
       "Invalid '-e' edit action 'bogus'. Specify 'create', 'destroy', "
       "'import', 'deport', 'enable', 'disable', 'assign' or 'init'",
       "R72"},
      {{"-I", "a", "-I", "b", "-e", "assign"}, "Specify at most one '-I' option", "R72"},
      {{"-G", "a", "-G", "b", "-e", "assign"}, "Specify at most one '-G' option", "R72"},
      // An option error comes before any combination error.
      {{"-a", "-g", "x", "-Z"}, usage, "R72"},
      {{"-a", "-g", "x", "-l"}, "Specity no more than one of '-a', '-g', '-i'", "R73"},
      {{"-a", "-a", "-i", "x", "-l", "-p"}, "Specity no more than one of '-a', '-g', '-i'", "R73"},
      {{}, "Specify exactly one of '-e', '-l', '-p', '-x'", "R73"},
      {{"-l", "-p", "-l"}, "Specify exactly one of '-e', '-l', '-p', '-x'", "R73"},
      {{"-e", "create", "-e", "init"}, "Specify exactly one of '-e', '-l', '-p', '-x'", "R73"},
      {{"--", "-l"}, "Specify exactly one of '-e', '-l', '-p', '-x'", "R73"},
      {{"-lv", "status"}, "Command not allowed with '-l'", "R73"},
      {{"-p"}, "Command required with '-p' or '-x' option", "R73"},
      {{"-g", "-l", "-x"}, "Command required with '-p' or '-x' option", "R73"},
      {{"-R", "-p", "status"}, "The '-p' and '-e' options preclude the use of '-R'", "R73"},
      {{"-R", "-e", "init"}, "The '-p' and '-e' options preclude the use of '-R'", "R73"},
      {{"-I", "postfix-a", "-l"},
       "Cannot assign instance name or group without '-e assign'",
       "R73"},
      {{"-G", "g", "-e", "enable", "-i", "x"},
       "Cannot assign instance name or group with '-e enable'",
       "R73"},
      {{"-e", "assign", "-i", "x"}, "Specify new instance name or group with '-e assign'", "R73"},
      {{"-e", "init", "a=b"}, "Parameter overrides not valid with '-e init'", "R73"},
  };
  for (const Case& c : cases) {
    std::string joined;
    for (const auto& a : c.args) joined += " " + a;
    PostmultiParse p = parse(c.args);
    ASSERT_TRUE(p.refusal) << "accepted:" << joined;
    EXPECT_FALSE(p.command) << joined;
    EXPECT_EQ(p.refusal->message, c.message) << joined;
    EXPECT_EQ(p.refusal->rule, c.rule) << joined;
  }
}

TEST(PostmultiCommand, TheModeAsFarAsTheScanGot) {
  EXPECT_EQ(parse({"-l", "status"}).mode, PostmultiMode::kList);
  EXPECT_EQ(parse({"-e", "bogus"}).mode, PostmultiMode::kNone);
  EXPECT_TRUE(parse({"-e", "bogus"}).edit_requested);
  EXPECT_TRUE(parse({"-e", "create", "-l"}).edit_requested);
  EXPECT_FALSE(parse({"-i", "-e", "-l"}).edit_requested);  // "-e" is -i's argument
  EXPECT_EQ(refusal_of({"-l"}), "<accepted>");
}

TEST(PostmultiCommand, PfmultisSinglePass) {
  CommandLine c =
      split_command_line({"-nvjl", "--profile", "postmulti", "-c/etc/x", "-a"}, "pfmulti");
  EXPECT_EQ(c.postmulti_args, (Args{"-vl", "-a"}));
  ASSERT_EQ(c.pfmulti_options.size(), 4u);
  EXPECT_EQ(c.pfmulti_options[0].option, 'n');
  EXPECT_EQ(c.pfmulti_options[1].option, 'j');
  EXPECT_EQ(c.pfmulti_options[2].long_name, "--profile");
  EXPECT_EQ(c.pfmulti_options[2].argument, "postmulti");
  EXPECT_EQ(c.pfmulti_options[3].argument, "/etc/x");
  ASSERT_TRUE(c.postmulti.command);
  EXPECT_EQ(c.postmulti.command->mode, PostmultiMode::kList);

  // The bug this parser fixed: -g takes "-l", so the mode is -p (pfmulti then refuses -j).
  c = split_command_line({"-j", "-g", "-l", "-p", "status"}, "pfmulti");
  EXPECT_EQ(c.postmulti_args, (Args{"-g", "-l", "-p", "status"}));
  EXPECT_EQ(c.postmulti.mode, PostmultiMode::kPostfix);

  // Option arguments and operands are never taken apart.
  c = split_command_line({"-gn", "-i", "-n", "-x", "ls", "-n", "--json"}, "pfmulti");
  EXPECT_TRUE(c.pfmulti_options.empty());
  EXPECT_EQ(c.postmulti_args, (Args{"-gn", "-i", "-n", "-x", "ls", "-n", "--json"}));

  c = split_command_line({"-p", "--", "start"}, "pfmulti");  // "--" is kept
  EXPECT_EQ(c.postmulti_args, (Args{"-p", "--", "start"}));

  c = split_command_line({"-l", "-q"}, "pfmulti");  // a '?' stops it: nothing is read further
  ASSERT_EQ(c.pfmulti_options.size(), 1u);
  EXPECT_EQ(c.pfmulti_options[0].bad, 'q');
  EXPECT_FALSE(c.postmulti.command);
  EXPECT_FALSE(c.postmulti.refusal);
}

}  // namespace
}  // namespace pfmulti
