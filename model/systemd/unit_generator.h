// pfmulti as a systemd generator (systemd.generator(7); issue 16 part 1; spec/postfix-facts.md
// §11; spec/rules.md R130-R139): which units exist for a multi-instance configuration and what
// they say, as data. Input: the scenario the world reader filled (the primary's main.cf and
// every instance's), the same loading as `postmulti -l` (load_instances: primary first, then
// multi_instance_directories, claims checked, damaged secondaries isolated). Output: the files
// to write under the generator's normal directory, and the instances skipped with the reason.
//
// One unit per instance, pfmulti@ESCAPED.service, ESCAPED being `systemd-escape --path` of the
// config directory (R131), so a nameless instance and any layout get a unit; the primary is
// PartOf pfmulti.target, each secondary is PartOf and After the primary's unit (R132); every
// instance is Type=forking with PIDFile=$queue_directory/pid/master.pid and runs
// `$command_directory/postfix -c DIR start|stop|reload` (R133); each enabled instance gets a
// pfmulti.target.wants link, a disabled one none (R134); names that Debian 12's and Debian 13's
// own units use for the same directory are Conflicts= (R135); a damaged instance or one whose
// paths cannot be written in a unit file is skipped, the others are generated (R136). Pure;
// never throws (noexcept: std::bad_alloc ends the program).
#pragma once

#include <string>
#include <vector>

#include "model/diagnostic.h"
#include "model/plan/planner.h"

namespace pfmulti {

inline constexpr std::string_view kUnitPrefix = "pfmulti";
inline constexpr std::string_view kUnitSuffix = ".service";
inline constexpr std::string_view kTargetUnit = "pfmulti.target";

struct GeneratorOptions {
  // Debian's chroot set-up script (/usr/lib/postfix/configure-instance.sh) when it exists on the
  // host (the impl looks): run before each start, as Debian 12's postfix@.service does. "" = no.
  std::string chroot_setup;
};

// A file under the normal directory: a regular file (content = its bytes) or, with link, a
// symbolic link (content = its target).
struct GeneratedFile {
  std::string path;  // relative, e.g. "pfmulti@etc-postfix.service"
  std::string content;
  bool link = false;
  friend bool operator==(const GeneratedFile&, const GeneratedFile&) = default;
};

struct SkippedInstance {
  std::string config_dir;
  std::string reason;
  // "instance DIR skipped: REASON" (raw bytes: the CLI quotes them, R126).
  std::string message() const;
  friend bool operator==(const SkippedInstance&, const SkippedInstance&) = default;
};

struct GeneratorOutput {
  std::vector<GeneratedFile> files;      // per instance in postmulti's order: unit, then link
  std::vector<SkippedInstance> skipped;  // in the same order
};

GeneratorOutput generate_units(const Scenario& s, const GeneratorOptions& options) noexcept;

// The unit of the instance whose config directory is dir: pfmulti@ESCAPED.service (R131).
Result<std::string> instance_unit_name(std::string_view config_dir);

// The text of an ExecStart=-style argument: as is when it is made of safe bytes, else in
// double quotes with \ and " escaped; % and $ doubled in both (systemd's specifiers and
// environment variables). Callers pass printable ASCII only.
std::string unit_command_word(std::string_view word);

}  // namespace pfmulti
