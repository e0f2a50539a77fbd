// rapidcheck generator for directory names a user may type on a `pfmulti -e create` command line
// (issue 12 item 7): absolute paths whose components mix ordinary characters with the bytes
// main.cf treats specially or cannot hold: white space, ',', '$', '{', '}', '#', '=', '\\',
// quotes, CR, LF, TAB, NUL-free control bytes, non-ASCII.
#pragma once

#include <rapidcheck.h>

#include <string>

namespace pfmulti::testing {

inline rc::Gen<std::string> arbitrary_user_path() {
  static const std::string kAlphabet =
      std::string("abcxyz019-_./") + " ,$${}#=\\\"'\r\n\t;:@%" + "\x01\x1b\x7f\xc3\xa9";
  return rc::gen::map(
      rc::gen::nonEmpty(rc::gen::container<std::string>(rc::gen::elementOf(kAlphabet))),
      [](std::string tail) {
        while (!tail.empty() && tail.back() == '/') tail.pop_back();
        return "/srv/" + (tail.empty() ? std::string("x") : tail);
      });
}

}  // namespace pfmulti::testing
