// Tests of pfmulti's own option scanning (impl/cli/cli_options.h): pfmulti's options come out of
// the command line exactly where postmulti's getopt ("+ae:g:i:G:I:lpRvx") would see them, and
// nothing of postmulti's is touched.
#include "impl/cli/cli_options.h"

#include <gtest/gtest.h>

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

}  // namespace
}  // namespace pfmulti
