// Tests of pfmulti's own option scanning (impl/cli/cli_options.h): pfmulti's options come out of
// the command line exactly where postmulti's getopt ("+ae:g:i:G:I:lpRvx") would see them, and
// nothing of postmulti's is touched.
#include "impl/cli/cli_options.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "impl/cli/cli.h"
#include "model/postmulti/postmulti_command.h"

namespace pfmulti {
namespace {

using Args = std::vector<std::string>;

CliOptions scan(const Args& args) {
  auto r = scan_iterator_options(args);
  EXPECT_TRUE(r.is_ok()) << r.error();
  return r.is_ok() ? r.value() : CliOptions{};
}

std::string error_of(const Args& args) {
  auto r = scan_iterator_options(args);
  return r.is_ok() ? "<ok>" : r.error();
}

TEST(CliOptions, PostmultiArgumentsPassThroughUntouched) {
  Args args = {"-a", "-v", "-p", "--", "start", "-n", "--json"};
  CliOptions o = scan(args);
  EXPECT_EQ(o.rest, args);
  EXPECT_FALSE(o.dry_run);
  EXPECT_FALSE(o.json);
  EXPECT_TRUE(o.verbose);
}

TEST(CliOptions, OwnFlagsAreTakenOutOfClusters) {
  CliOptions o = scan({"-nvp", "start"});
  EXPECT_TRUE(o.dry_run);
  EXPECT_EQ(o.rest, (Args{"-vp", "start"}));
  o = scan({"-jl"});
  EXPECT_TRUE(o.list_json);
  EXPECT_EQ(o.rest, (Args{"-l"}));
  o = scan({"-n", "-l"});
  EXPECT_EQ(o.rest, (Args{"-l"}));
}

TEST(CliOptions, AnOptionArgumentIsNeverScanned) {
  CliOptions o = scan({"-gn", "-l"});  // group "n"
  EXPECT_FALSE(o.dry_run);
  EXPECT_EQ(o.rest, (Args{"-gn", "-l"}));
  o = scan({"-i", "-n", "-l"});  // instance "-n"
  EXPECT_FALSE(o.dry_run);
  EXPECT_EQ(o.rest, (Args{"-i", "-n", "-l"}));
}

TEST(CliOptions, TheFirstOperandEndsTheOptions) {
  CliOptions o = scan({"-x", "ls", "-n", "--json"});
  EXPECT_FALSE(o.dry_run);
  EXPECT_FALSE(o.json);
  EXPECT_EQ(o.rest, (Args{"-x", "ls", "-n", "--json"}));
}

TEST(CliOptions, LongOptionsWithSeparateOrAttachedValues) {
  CliOptions o = scan({"--profile", "postmulti-strict", "--timeout=2.5", "--kill-grace", "1",
                       "--json", "--dry-run", "-p", "stop"});
  EXPECT_EQ(o.profile, ProfileName::kPostmultiStrict);
  EXPECT_EQ(o.timeout_seconds, 2.5);
  EXPECT_EQ(o.kill_grace_seconds, 1);
  EXPECT_TRUE(o.json);
  EXPECT_TRUE(o.dry_run);
  EXPECT_EQ(o.rest, (Args{"-p", "stop"}));
}

TEST(CliOptions, DashCTakesAttachedOrSeparateDirectory) {
  EXPECT_EQ(scan({"-c", "/etc/x", "-l"}).config_dir, "/etc/x");
  EXPECT_EQ(scan({"-c/etc/x", "-l"}).config_dir, "/etc/x");
  EXPECT_EQ(scan({"-vc/etc/x", "-l"}).rest, (Args{"-v", "-l"}));
}

TEST(CliOptions, BadInputsNameTheCulprit) {
  EXPECT_EQ(error_of({"-Z"}), "invalid option -- 'Z' (see pfmulti --help)");
  EXPECT_EQ(error_of({"-lq"}), "invalid option -- 'q' (see pfmulti --help)");
  EXPECT_EQ(error_of({"-l", "-g"}), "option requires an argument -- 'g'");
  EXPECT_EQ(error_of({"-c"}), "option -c requires a directory argument");
  EXPECT_EQ(error_of({"--nope"}), "unknown option --nope");
  EXPECT_EQ(error_of({"--json=1"}), "unknown option --json");
  EXPECT_EQ(error_of({"--timeout"}), "option --timeout requires an argument");
  EXPECT_EQ(error_of({"--timeout", "0"}), "--timeout: \"0\" is not a positive number of seconds");
  EXPECT_EQ(error_of({"--timeout", "1s"}), "--timeout: \"1s\" is not a positive number of seconds");
  EXPECT_EQ(error_of({"--timeout", "nan"}),
            "--timeout: \"nan\" is not a positive number of seconds");
  EXPECT_EQ(error_of({"--profile", "x"}),
            "unknown profile \"x\" (known: seed, postfix-wrapper, postmulti, postmulti-strict, "
            "postfix-wrapper-strict)");
  EXPECT_EQ(error_of({"--postfix-release", "3.12"}),
            "unknown Postfix release \"3.12\" (known: 3.7, 3.8, 3.9, 3.10, 3.11)");
}

TEST(CliOptions, PostfixReleaseTakesAReleaseWithOrWithoutPatchLevel) {
  auto r = scan_wrapper_options({"--postfix-release", "3.10.13", "start"});
  ASSERT_TRUE(r.is_ok());
  EXPECT_EQ(r.value().release, PostfixRelease::k3_10);
  auto i = scan_iterator_options({"--postfix-release=3.11", "-l"});
  ASSERT_TRUE(i.is_ok()) << i.error();
  EXPECT_EQ(i.value().release, PostfixRelease::k3_11);
}

TEST(CliOptions, WrapperModeTakesOnlyLeadingLongOptions) {
  auto r = scan_wrapper_options({"--dry-run", "--profile", "seed", "start", "--json"});
  ASSERT_TRUE(r.is_ok());
  EXPECT_TRUE(r->dry_run);
  EXPECT_FALSE(r->json);
  EXPECT_EQ(r->profile, ProfileName::kSeed);
  EXPECT_EQ(r->rest, (Args{"start", "--json"}));
  r = scan_wrapper_options({"--", "--weird", "x"});
  ASSERT_TRUE(r.is_ok());
  EXPECT_EQ(r->rest, (Args{"--weird", "x"}));
  r = scan_wrapper_options({"-n", "start"});  // a short option is a postfix command word
  ASSERT_TRUE(r.is_ok());
  EXPECT_FALSE(r->dry_run);
  EXPECT_EQ(r->rest, (Args{"-n", "start"}));
}

// Issue 15 item 6: every option the CLI accepts (postmulti's and pfmulti's letters in
// kCommandOptions, pfmulti's long options in kPfmultiLongOptions), every subcommand and every -e
// action is mentioned by --help and by the manual page (docs/pfmulti.1, where "-" is "\\-");
// every long option is completed by completion/pfmulti.bash.
TEST(Help, MentionsEveryOptionTheCliAccepts) {
  std::string help = usage_text();
  std::ifstream in(std::string(PFMULTI_SOURCE_DIR) + "/docs/pfmulti.1");
  std::stringstream buffer;
  buffer << in.rdbuf();
  std::string man = buffer.str();
  ASSERT_FALSE(man.empty());
  auto roff = [](std::string text) {
    std::string out;
    for (char c : text) out += c == '-' ? std::string("\\-") : std::string(1, c);
    return out;
  };
  size_t checked = 0;
  for (const OptionSpec& o : kCommandOptions) {
    std::string opt = std::string("-") + o.letter;
    // As an option word: followed by a space, ',', ']' or '|' in --help.
    bool in_help = false;
    for (char after : std::string(" ,]|"))
      in_help = in_help || help.find(opt + after) != std::string::npos;
    EXPECT_TRUE(in_help) << opt << " is not in --help";
    // As a bold option word: \fB\-X\fR, or a .B / .BI / .BR line that starts with it.
    bool in_man = man.find("\\fB" + roff(opt) + "\\fR") != std::string::npos;
    for (std::string macro : {".B ", ".BI ", ".BR "})
      for (char after : std::string(" \n"))
        in_man = in_man || man.find(macro + roff(opt) + after) != std::string::npos;
    EXPECT_TRUE(in_man) << opt << " is not in docs/pfmulti.1 as a bold option";
    ++checked;
  }
  std::ifstream comp_in(std::string(PFMULTI_SOURCE_DIR) + "/completion/pfmulti.bash");
  std::stringstream comp_buffer;
  comp_buffer << comp_in.rdbuf();
  std::string completion = comp_buffer.str();
  ASSERT_FALSE(completion.empty());
  for (const LongOption& o : kPfmultiLongOptions) {
    std::string opt = "--" + std::string(o.name);
    EXPECT_NE(help.find(opt), std::string::npos) << opt << " is not in --help";
    EXPECT_NE(man.find(roff(opt)), std::string::npos) << opt << " is not in docs/pfmulti.1";
    bool completed = false;  // as a word of a completion list
    for (char after : std::string(" \"\n"))
      completed = completed || completion.find(" " + opt + after) != std::string::npos;
    EXPECT_TRUE(completed) << opt << " is not completed by completion/pfmulti.bash";
    ++checked;
  }
  for (const Subcommand* sc = subcommands(); sc->name; ++sc) {
    EXPECT_NE(help.find(std::string("  ") + sc->name + " "), std::string::npos) << sc->name;
    EXPECT_NE(man.find(".B pfmulti " + roff(sc->name)), std::string::npos) << sc->name;
    ++checked;
  }
  for (const char* action :
       {"init", "create", "import", "deport", "destroy", "enable", "disable", "assign"}) {
    EXPECT_NE(help.find(action), std::string::npos) << action;
    EXPECT_NE(man.find(std::string("\\fB") + action + "\\fR"), std::string::npos) << action;
  }
  for (const char* topic : {".pfmulti.lock", "EXIT STATUS", "master.pid"}) {
    bool found = man.find(topic) != std::string::npos || man.find(roff(topic)) != std::string::npos;
    EXPECT_TRUE(found) << topic << " is not in docs/pfmulti.1";
  }
  EXPECT_NE(help.find(".pfmulti.lock"), std::string::npos);
  EXPECT_GE(checked, 20u);
}

// The subcommands' own options (subcommand_options(), impl/cli/cli.h): each is in --help (its
// subcommand's summary), in the manual page and in the completion, and its parser accepts it
// (with -c on a directory that does not exist: a fatal error, exit 1, never a usage error).
TEST(Help, MentionsEverySubcommandOptionAndEachIsAccepted) {
  std::string help = usage_text();
  auto slurp_source = [](const char* path) {
    std::ifstream in(std::string(PFMULTI_SOURCE_DIR) + "/" + path);
    std::stringstream b;
    b << in.rdbuf();
    return b.str();
  };
  std::string man = slurp_source("docs/pfmulti.1"),
              completion = slurp_source("completion/pfmulti.bash");
  auto roff = [](std::string text) {
    std::string out;
    for (char c : text) out += c == '-' ? std::string("\\-") : std::string(1, c);
    return out;
  };
  RealFileSystem fs;
  size_t checked = 0;
  for (const SubcommandOptions* so = subcommand_options(); so->subcommand; ++so) {
    const Subcommand* sc = subcommands();
    while (sc->name && std::string(sc->name) != so->subcommand) ++sc;
    ASSERT_NE(sc->name, nullptr) << so->subcommand;
    std::istringstream words(so->options);
    for (std::string word; words >> word;) {
      bool takes = word.back() == '=';
      std::string opt = takes ? word.substr(0, word.size() - 1) : word;
      if (opt != "--help") {
        EXPECT_NE(std::string(sc->summary).find(opt), std::string::npos)
            << so->subcommand << " " << opt << " is not in --help";
      }
      EXPECT_NE(man.find(roff(opt)), std::string::npos) << opt << " is not in docs/pfmulti.1";
      bool completed = false;
      for (char before : std::string(" \""))
        for (char after : std::string(" \""))
          completed = completed || completion.find(before + opt + after) != std::string::npos;
      EXPECT_TRUE(completed) << so->subcommand << " " << opt << " is not completed";
      ++checked;
      if (std::string(so->subcommand) == "oracle") continue;  // it reads a scenario on stdin
      CliContext ctx;
      ctx.program = "pfmulti";
      ctx.fs = &fs;
      ctx.out = std::tmpfile();
      ctx.err = std::tmpfile();
      ctx.args = {"-c", "/nonexistent/pfmulti-test"};
      if (opt != "-c") {
        ctx.args.push_back(opt);
        if (takes) ctx.args.push_back(opt == "--postfix-release" ? "3.7" : "x");
      }
      int status = sc->run(ctx);
      std::rewind(ctx.err);
      char buf[512] = {};
      size_t n = std::fread(buf, 1, sizeof buf - 1, ctx.err);
      EXPECT_NE(status, kExitUsage) << so->subcommand << " " << opt << ": " << std::string(buf, n);
      std::fclose(ctx.out);
      std::fclose(ctx.err);
    }
  }
  EXPECT_GE(checked, 15u);
}

// GNU conventions: -h and --help print the help (the caller prints it on stdout, exit 0),
// --version too; a bad option is a usage error (exit 2, tests/cli_test.cc).
TEST(Help, HelpAndVersionAreOptions) {
  EXPECT_TRUE(scan({"-h"}).help);
  EXPECT_TRUE(scan({"--help"}).help);
  EXPECT_TRUE(scan({"--version"}).version);
  EXPECT_EQ(version_text().rfind("pfmulti ", 0), 0u);
}

}  // namespace
}  // namespace pfmulti
