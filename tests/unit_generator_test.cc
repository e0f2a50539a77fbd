// The systemd generator's decision (model/systemd/unit_generator.h; spec/rules.md R130-R136):
// which units exist for a configuration, their names, order, links and text, from scenarios
// built by hand.
#include "model/systemd/unit_generator.h"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <algorithm>
#include <string>

#include "scenario_builder.h"

namespace pfmulti {
namespace {

using test::instance_cf;

Scenario tree(const std::string& list, FileMap more = {}) {
  FileMap files = std::move(more);
  files["/etc/postfix/main.cf"] =
      "multi_instance_directories = " + list + "\nmulti_instance_enable = yes\n";
  return test::make_scenario(Program::kPostmulti, ProfileName::kPostmulti, {}, std::move(files));
}

const GeneratedFile* file(const GeneratorOutput& g, const std::string& path) {
  for (const auto& f : g.files)
    if (f.path == path) return &f;
  return nullptr;
}

std::vector<std::string> paths(const GeneratorOutput& g) {
  std::vector<std::string> out;
  for (const auto& f : g.files) out.push_back(f.path);
  return out;
}

bool has_line(const GeneratedFile* f, const std::string& line) {
  return f && ("\n" + f->content).find("\n" + line + "\n") != std::string::npos;
}

TEST(Generator, NamelessInstancesGetUnitsNamedByTheirDirectory) {
  FileMap f;
  f["/etc/postfix-a/main.cf"] =
      "queue_directory = /var/spool/postfix-a\n"
      "data_directory = /var/lib/postfix-a\nmulti_instance_enable = yes\n";
  f["/srv/mail/b/main.cf"] =
      "queue_directory = /var/spool/b\n"
      "data_directory = /var/lib/b\nmulti_instance_enable = yes\n";
  GeneratorOutput g = generate_units(tree("/etc/postfix-a /srv/mail/b", f), {});
  EXPECT_TRUE(g.skipped.empty());
  EXPECT_EQ(paths(g), (std::vector<std::string>{
                          "pfmulti@etc-postfix.service",
                          "pfmulti.target.wants/pfmulti@etc-postfix.service",
                          "pfmulti@etc-postfix\\x2da.service",
                          "pfmulti.target.wants/pfmulti@etc-postfix\\x2da.service",
                          "pfmulti@srv-mail-b.service",
                          "pfmulti.target.wants/pfmulti@srv-mail-b.service",
                      }));
  EXPECT_EQ(file(g, "pfmulti.target.wants/pfmulti@srv-mail-b.service")->content,
            "../pfmulti@srv-mail-b.service");
  EXPECT_TRUE(file(g, "pfmulti.target.wants/pfmulti@srv-mail-b.service")->link);
}

TEST(Generator, CommaListsNameEveryInstance) {
  FileMap f;
  for (std::string x : {"a", "b", "c"}) f["/etc/postfix-" + x + "/main.cf"] = instance_cf(x, "yes");
  GeneratorOutput g = generate_units(tree("/etc/postfix-a,/etc/postfix-b, /etc/postfix-c", f), {});
  EXPECT_TRUE(g.skipped.empty());
  for (std::string x : {"a", "b", "c"})
    EXPECT_NE(file(g, "pfmulti@etc-postfix\\x2d" + x + ".service"), nullptr) << x;
}

TEST(Generator, DisabledInstanceHasAUnitButNoWantsLink) {
  FileMap f;
  f["/etc/postfix-a/main.cf"] = instance_cf("a", "no");
  GeneratorOutput g = generate_units(tree("/etc/postfix-a", f), {});
  EXPECT_NE(file(g, "pfmulti@etc-postfix\\x2da.service"), nullptr);
  EXPECT_EQ(file(g, "pfmulti.target.wants/pfmulti@etc-postfix\\x2da.service"), nullptr);
  EXPECT_NE(file(g, "pfmulti.target.wants/pfmulti@etc-postfix.service"), nullptr);
}

TEST(Generator, DamagedInstanceIsSkippedAndTheOthersGenerated) {
  FileMap f;
  f["/etc/postfix-a/main.cf"] = instance_cf("a", "yes");
  f["/etc/postfix-b/main.cf"] = Unreadable{"Permission denied"};
  f["/etc/postfix-c/main.cf"] = instance_cf("c", "maybe");
  f["/etc/postfix-d/main.cf"] = instance_cf("d", "yes");
  GeneratorOutput g =
      generate_units(tree("/etc/postfix-a /etc/postfix-b /etc/postfix-c /etc/postfix-d", f), {});
  ASSERT_EQ(g.skipped.size(), 2u);
  EXPECT_EQ(g.skipped[0].config_dir, "/etc/postfix-b");
  EXPECT_EQ(g.skipped[1].config_dir, "/etc/postfix-c");
  EXPECT_NE(g.skipped[1].message().find("maybe"), std::string::npos) << g.skipped[1].message();
  EXPECT_NE(file(g, "pfmulti@etc-postfix\\x2da.service"), nullptr);
  EXPECT_NE(file(g, "pfmulti@etc-postfix\\x2dd.service"), nullptr);
  EXPECT_EQ(file(g, "pfmulti@etc-postfix\\x2db.service"), nullptr);
}

TEST(Generator, UnreadablePrimaryGeneratesNothingWithOneMessage) {
  Scenario s = tree("/etc/postfix-a");
  s.files["/etc/postfix/main.cf"] = Unreadable{"Permission denied"};
  GeneratorOutput g = generate_units(s, {});
  EXPECT_TRUE(g.files.empty());
  ASSERT_EQ(g.skipped.size(), 1u);
  EXPECT_EQ(g.skipped[0].message(),
            "instance /etc/postfix skipped: open /etc/postfix/main.cf: Permission denied; no unit "
            "generated");
}

TEST(Generator, SecondariesArePartOfAndAfterThePrimary) {
  FileMap f;
  f["/etc/postfix-a/main.cf"] = instance_cf("a", "yes");
  GeneratorOutput g = generate_units(tree("/etc/postfix-a", f), {});
  const GeneratedFile* a = file(g, "pfmulti@etc-postfix\\x2da.service");
  const GeneratedFile* p = file(g, "pfmulti@etc-postfix.service");
  EXPECT_TRUE(has_line(a, "PartOf=pfmulti.target pfmulti@etc-postfix.service"));
  EXPECT_TRUE(has_line(a, "After=pfmulti@etc-postfix.service"));
  EXPECT_TRUE(has_line(a, "ReloadPropagatedFrom=pfmulti@etc-postfix.service"));
  EXPECT_TRUE(has_line(p, "PartOf=pfmulti.target"));
  EXPECT_EQ(p->content.find("After=pfmulti@"), std::string::npos);
}

TEST(Generator, PidFileIsTheQueueDirectorysMasterPid) {
  FileMap f;
  f["/etc/postfix-a/main.cf"] = instance_cf("a", "yes");
  GeneratorOutput g = generate_units(tree("/etc/postfix-a", f), {});
  EXPECT_TRUE(has_line(file(g, "pfmulti@etc-postfix\\x2da.service"),
                       "PIDFile=/var/spool/postfix-a/pid/master.pid"));
  EXPECT_TRUE(has_line(file(g, "pfmulti@etc-postfix.service"),
                       "PIDFile=/var/spool/postfix/pid/master.pid"));
  EXPECT_TRUE(has_line(file(g, "pfmulti@etc-postfix\\x2da.service"),
                       "ExecStart=/usr/sbin/postfix -c /etc/postfix-a start"));
  EXPECT_TRUE(has_line(file(g, "pfmulti@etc-postfix\\x2da.service"),
                       "ExecStop=/usr/sbin/postfix -c /etc/postfix-a stop"));
  EXPECT_TRUE(has_line(file(g, "pfmulti@etc-postfix\\x2da.service"), "Type=forking"));
}

TEST(Generator, DebianChrootSetupRunsBeforeStartWhenPresent) {
  FileMap f;
  f["/etc/postfix-a/main.cf"] = instance_cf("a", "yes");
  GeneratorOptions o;
  o.chroot_setup = "/usr/lib/postfix/configure-instance.sh";
  GeneratorOutput g = generate_units(tree("/etc/postfix-a", f), o);
  EXPECT_TRUE(has_line(file(g, "pfmulti@etc-postfix\\x2da.service"),
                       "ExecStartPre=-/usr/lib/postfix/configure-instance.sh /etc/postfix-a"));
  EXPECT_TRUE(has_line(file(g, "pfmulti@etc-postfix.service"),
                       "ExecStartPre=-/usr/lib/postfix/configure-instance.sh -"));
}

TEST(Generator, ConflictsWithDebianUnitsForTheSameDirectory) {
  FileMap f;
  f["/etc/postfix-a-b/main.cf"] = instance_cf("ab", "yes");  // named postfix-ab
  f["/srv/x/main.cf"] = "queue_directory = /var/spool/x\ndata_directory = /var/lib/x\n";
  GeneratorOutput g = generate_units(tree("/etc/postfix-a-b /srv/x", f), {});
  EXPECT_TRUE(has_line(file(g, "pfmulti@etc-postfix.service"),
                       "Conflicts=postfix.service postfix@-.service"));
  // Debian 12: postfix@NAME; Debian 13: postfix@X for /etc/postfix-X, X escaped.
  EXPECT_TRUE(has_line(file(g, "pfmulti@etc-postfix\\x2da\\x2db.service"),
                       "Conflicts=postfix@postfix-ab.service postfix@a\\x2db.service"));
  EXPECT_EQ(file(g, "pfmulti@srv-x.service")->content.find("Conflicts="), std::string::npos);
}

TEST(Generator, PathsAUnitFileCannotHoldAreSkipped) {
  FileMap f;
  f["/etc/postfix-a/main.cf"] = "queue_directory = /var/spool/a\\\ndata_directory = /var/lib/a\n";
  f["/etc/postfix-b/main.cf"] = "queue_directory = spool/b\ndata_directory = /var/lib/b\n";
  f["/etc/postfix-c/main.cf"] = "queue_directory = /var/spool/c d%n\ndata_directory = /var/lib/c\n";
  GeneratorOutput g = generate_units(tree("/etc/postfix-a /etc/postfix-b /etc/postfix-c", f), {});
  ASSERT_EQ(g.skipped.size(), 2u);
  EXPECT_EQ(g.skipped[0].config_dir, "/etc/postfix-a");
  EXPECT_EQ(g.skipped[1].config_dir, "/etc/postfix-b");
  EXPECT_TRUE(has_line(file(g, "pfmulti@etc-postfix\\x2dc.service"),
                       "PIDFile=/var/spool/c d%%n/pid/master.pid"));
}

TEST(Generator, ABackslashInANameIsShownAsAQuestionMark) {
  FileMap f;
  f["/etc/postfix-a/main.cf"] = instance_cf("a", "yes", "", "multi_instance_name = postfix-a\\\n");
  GeneratorOutput g = generate_units(tree("/etc/postfix-a", f), {});
  const GeneratedFile* a = file(g, "pfmulti@etc-postfix\\x2da.service");
  EXPECT_TRUE(has_line(a, "Description=Postfix instance postfix-a? (/etc/postfix-a)"))
      << (a ? a->content : "");
  EXPECT_TRUE(has_line(a, "Documentation=man:pfmulti(1) man:postfix(1)"));
}

TEST(Generator, CommandWordsAreQuotedForSystemd) {
  EXPECT_EQ(unit_command_word("/etc/postfix-a"), "/etc/postfix-a");
  EXPECT_EQ(unit_command_word("/srv/a b"), "\"/srv/a b\"");
  EXPECT_EQ(unit_command_word("/srv/a\"b"), "\"/srv/a\\\"b\"");
  EXPECT_EQ(unit_command_word("/srv/%i$HOME"), "\"/srv/%%i$$HOME\"");
  EXPECT_EQ(unit_command_word(";"), "\";\"");
}

// Law over generated lists: every instance that loads gets exactly one unit, every enabled one
// exactly one link to it, every damaged one exactly one skip, and nothing else is written.
RC_GTEST_PROP(GeneratorLaws, each_loadable_instance_has_one_unit_enabled_ones_one_link, ()) {
  const int n = *rc::gen::inRange(0, 12);
  FileMap f;
  std::string list;
  int units = 1, links = 1, skipped = 0;  // the primary, enabled
  for (int i = 0; i < n; ++i) {
    std::string x = std::to_string(i);
    std::string dir = "/etc/postfix-" + x;
    list += (i % 3 == 0 ? ", " : " ") + dir;
    int kind = *rc::gen::inRange(0, 3);
    if (kind == 0) {
      f[dir + "/main.cf"] = Unreadable{"Permission denied"};
      ++skipped;
    } else {
      f[dir + "/main.cf"] = instance_cf(x, kind == 1 ? "yes" : "no");
      ++units;
      links += kind == 1;
    }
  }
  GeneratorOutput g = generate_units(tree(list, f), {});
  int got_units = 0, got_links = 0;
  for (const auto& file : g.files) (file.link ? got_links : got_units)++;
  RC_ASSERT(got_units == units);
  RC_ASSERT(got_links == links);
  RC_ASSERT(int(g.skipped.size()) == skipped);
  std::vector<std::string> p = paths(g);
  std::sort(p.begin(), p.end());
  RC_ASSERT(std::adjacent_find(p.begin(), p.end()) == p.end());
}

}  // namespace
}  // namespace pfmulti
