// A unified diff (diff -u, 3 lines of context) of two byte strings, for `pfmulti apply --diff`
// (issue 18 item 2): "--- OLD" / "+++ NEW" headers, "@@ -a,b +c,d @@" hunks, and
// "\ No newline at end of file" where a side lacks its last newline, so that patch(1) applies
// it. A side that does not exist (before == nullopt) is /dev/null with "-0,0". Lines are
// compared byte for byte (longest common subsequence; past 4 million line pairs, the common
// prefix and suffix only). Pure.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace pfmulti {

// "" when the two sides are equal.
std::string unified_diff(std::string_view old_name, std::string_view new_name,
                         const std::optional<std::string>& before, const std::string& after);

}  // namespace pfmulti
