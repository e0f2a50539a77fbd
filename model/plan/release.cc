// The release table (see release.h). Each row names the real program run that showed it;
// spec/postfix-facts.md §7 has the commands, docs/releases.md the table as prose.
#include "model/plan/release.h"

#include <array>

namespace pfmulti {

namespace {

using S = ScriptCommaSplit;

// Columns: comma split, postfix stderr, bare postconf, postmulti stderr, -lj, -lj group cut,
// marker file, Debian systemd redirect, postmulti's logtag before the defaults, built-in defaults
// that differ (postconf -d, measured).
const std::array<ReleaseRow, 5> kRows{{
    {PostfixRelease::k3_7,
     "3.7",
     "3.7.11 (Debian 12)",
     S::kFirstComma,
     false,
     false,
     false,
     false,
     false,
     false,
     false,
     false,
     {}},
    {PostfixRelease::k3_8,
     "3.8",
     "",
     S::kFirstComma,
     true,
     false,
     false,
     false,
     false,
     false,
     false,
     false,
     {}},
    {PostfixRelease::k3_9,
     "3.9",
     "",
     S::kFirstComma,
     true,
     true,
     false,
     false,
     false,
     false,
     false,
     false,
     {}},
    {PostfixRelease::k3_10,
     "3.10",
     "3.10.13 (Debian 13)",
     S::kAllCommas,
     true,
     true,
     false,
     false,
     false,
     false,
     true,
     true,
     {}},
    {PostfixRelease::k3_11,
     "3.11",
     "3.11.7 (Debian unstable)",
     S::kAllCommas,
     true,
     true,
     true,
     true,
     true,
     true,
     true,
     true,
     {{"import_environment",
       "MAIL_CONFIG MAIL_DEBUG MAIL_LOGTAG TZ XAUTHORITY DISPLAY LANG=C "
       "POSTLOG_SERVICE POSTLOG_HOSTNAME XDG_RUNTIME_DIR"},
      {"meta_directory", "/usr/share/postfix"}}},
}};

}  // namespace

const ReleaseRow& release_row(PostfixRelease r) noexcept {
  for (const ReleaseRow& row : kRows)
    if (row.release == r) return row;
  return kRows[0];
}

Defaults release_defaults(PostfixRelease r) {
  Defaults d = compiled_defaults();
  for (const DefaultChange& c : release_row(r).default_changes)
    d.values[std::string(c.name)] = std::string(c.value);
  return d;
}

std::string_view release_id(PostfixRelease r) noexcept { return release_row(r).id; }

std::optional<PostfixRelease> release_from_id(std::string_view id) noexcept {
  // "3.10.13" names 3.10: drop a third component.
  if (size_t first = id.find('.'); first != std::string_view::npos)
    if (size_t second = id.find('.', first + 1); second != std::string_view::npos)
      id = id.substr(0, second);
  for (const ReleaseRow& row : kRows)
    if (row.id == id) return row.release;
  return std::nullopt;
}

const std::vector<PostfixRelease>& all_releases() noexcept {
  static const std::vector<PostfixRelease> all{PostfixRelease::k3_7, PostfixRelease::k3_8,
                                               PostfixRelease::k3_9, PostfixRelease::k3_10,
                                               PostfixRelease::k3_11};
  return all;
}

}  // namespace pfmulti
