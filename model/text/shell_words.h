// What /bin/sh (dash) does to an unquoted variable expansion in `for dir in $a $b`: field
// splitting on IFS white space (space, tab, newline), then pathname expansion of each field that
// holds *, ? or [ against the paths the scenario knows (sorted; no match: the word stays). Used by
// the seed and postfix-wrapper profiles (spec/rules.md R52, R53). Pure.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace pfmulti {

// Field splitting with the default IFS (" \t\n"); empty fields vanish.
std::vector<std::string> ifs_split(std::string_view text);

// True when the word holds a pathname-expansion character (*, ? or [).
bool has_glob_chars(std::string_view word);

// fnmatch(pattern, path, FNM_PATHNAME | FNM_PERIOD): '*' and '?' never match '/', a leading '.'
// of a path component must be matched literally, [...] / [!...] / [^...] with ranges.
bool glob_match(std::string_view pattern, std::string_view path);

// Pathname expansion of one field against known paths. A relative pattern is matched relative to
// cwd (when cwd is empty, relative patterns stay as they are). No match: {word}.
std::vector<std::string> glob_expand(std::string_view word, const std::vector<std::string>& known,
                                     std::string_view cwd);

// `sed 's/,/ /'`: the first comma of each line becomes a space.
std::string sed_first_comma(std::string_view text);
// `sed 'y/,/ /'`: every comma becomes a space (the 3.10 scripts, R107).
std::string sed_all_commas(std::string_view text);

}  // namespace pfmulti
