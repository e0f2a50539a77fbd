// The report of a `pfmulti conform` run (docs/conformance.md is made of these): per kind of
// difference, the minimal case after shrinking as a ready-to-run vector (the case for
// `pfmulti conform --vectors`, the manager's scenario for `pfmulti oracle`, expected and actual
// trace, the spec/rules.md rules behind the expected side), as text, JSON or Markdown.
#pragma once

#include <string>
#include <vector>

#include "impl/conform/conform_run.h"
#include "model/text/json.h"

namespace pfmulti {

struct Finding {
  CaseSpec spec;  // minimal case
  CaseRun run;    // its run
  int steps = 0;  // accepted shrinking steps
  int evaluations = 0;
  size_t cases_of_kind = 1;  // generated cases that showed this kind of difference
  size_t first_case = 0;
};

struct Summary {
  std::vector<std::string> implementation;
  std::string profile;
  bool postmulti_mode = false;
  std::string source;  // "300 generated cases (seed 1)"
  size_t cases = 0, conforming = 0, differing = 0, errors = 0;
  std::vector<std::string> error_notes;
  std::vector<Finding> findings;
  size_t unshrunk_kinds = 0;                          // kinds beyond --max-differences
  std::vector<std::pair<std::string, size_t>> kinds;  // every kind seen, with its case count
  double seconds = 0;
  double run_seconds = 0;  // running the cases (the rest: shrinking)
};

// The minimal case's files and command, with @ROOT@ / @PRIMARY@ placeholders, as text.
std::string case_text(const CaseSpec& spec, bool postmulti_mode);

Json finding_json(const Summary& sum, const Finding& f);
std::string summary_text(const Summary& sum);
std::string summary_markdown(const Summary& sum);

}  // namespace pfmulti
