// The model's reading of a postmulti command line, for tests/postmulti_options/run.sh: prints
// "ok" and exits 0 when parse_postmulti_command (model/postmulti/postmulti_command.h) accepts
// argv[1..] as postmulti's options, else prints the refusal message and exits 1. Test-only.
#include <cstdio>
#include <string>
#include <vector>

#include "model/postmulti/postmulti_command.h"

int main(int argc, char** argv) {
  std::vector<std::string> args{"postmulti"};
  for (int i = 1; i < argc; ++i) args.emplace_back(argv[i]);
  pfmulti::PostmultiParse parse = pfmulti::parse_postmulti_command(args);
  if (!parse.refusal) {
    std::puts("ok");
    return 0;
  }
  std::puts(parse.refusal->message.c_str());
  return 1;
}
