// rapidcheck generator for directory paths as a systemd generator meets them (issue 16): absolute
// paths whose components mix the bytes systemd-escape --path treats specially ('-', '\\', '.',
// ':', '_', '/', space, '%', control bytes, bytes 0x80 and above) with ordinary ones; "." and
// ".." components, repeated and trailing slashes, a leading '.', and components near NAME_MAX.
#pragma once

#include <rapidcheck.h>

#include <string>

namespace pfmulti::testing {

inline rc::Gen<std::string> arbitrary_systemd_component() {
  static const std::string kAlphabet =
      std::string("abcxyz019-_.:\\ %@,+=~") + "\x01\x1b\x7f" + "\xc3\xa9\xff";
  return rc::gen::oneOf(rc::gen::container<std::string>(rc::gen::elementOf(kAlphabet)),
                        rc::gen::element<std::string>(".", "..", "", "-", ".dot", "postfix-out"),
                        rc::gen::map(rc::gen::inRange<size_t>(250, 260),
                                     [](size_t n) { return std::string(n, 'x'); }));
}

inline rc::Gen<std::string> arbitrary_systemd_path() {
  return rc::gen::map(
      rc::gen::pair(rc::gen::container<std::vector<std::string>>(arbitrary_systemd_component()),
                    rc::gen::arbitrary<bool>()),
      [](const std::pair<std::vector<std::string>, bool>& p) {
        std::string path;
        for (const auto& c : p.first) path += "/" + c;
        if (path.empty() || p.second) path += "/";
        return path;
      });
}

}  // namespace pfmulti::testing
