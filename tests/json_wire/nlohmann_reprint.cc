// Test tool for spec.json_wire (spec/json-wire.md, spec/rules.md R96): reads a JSON file with
// nlohmann-json (Debian's nlohmann-json3-dev; test-only), prints it back compact on stdout
// (nlohmann's dump(): no spaces, members in their order, UTF-8 as is), and checks that pfmulti's
// own parser reads the original and nlohmann's print as the same value (the same byte strings).
// With --pfmulti-reprint it also checks that pfmulti prints its reading back to the original
// bytes (true of everything pfmulti printed). Exit 0 on agreement, 1 with a message otherwise.
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "model/text/json.h"

int main(int argc, char** argv) {
  bool reprint = argc == 3 && std::string(argv[1]) == "--pfmulti-reprint";
  if (argc != 2 && !reprint) {
    std::cerr << "usage: nlohmann_reprint [--pfmulti-reprint] FILE\n";
    return 2;
  }
  std::ifstream in(argv[argc - 1], std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  std::string text = buffer.str();
  std::string printed;
  try {
    printed = nlohmann::ordered_json::parse(text).dump();
  } catch (const std::exception& e) {
    std::cerr << argv[argc - 1] << ": nlohmann-json: " << e.what() << "\n";
    return 1;
  }
  auto original = pfmulti::parse_json(text);
  auto again = pfmulti::parse_json(printed);
  if (!original || !again) {
    std::cerr << argv[argc - 1] << ": pfmulti: " << (original ? again.error() : original.error())
              << "\n";
    return 1;
  }
  if (!(*original == *again)) {
    std::cerr << argv[argc - 1] << ": pfmulti reads nlohmann's print as other bytes\n";
    return 1;
  }
  if (reprint && pfmulti::to_json(*original) != text) {
    std::cerr << argv[argc - 1] << ": pfmulti does not print its reading back to the same bytes\n";
    return 1;
  }
  std::cout << printed;
  return 0;
}
