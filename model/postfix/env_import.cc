// Environment cleaning as postfix(1) does it (see env_import.h).
#include "model/postfix/env_import.h"

#include <fmt/format.h>

#include "model/text/strings.h"

namespace pfmulti {

namespace {

std::string_view trim(std::string_view s) {
  size_t b = s.find_first_not_of(kPostfixWhiteSpace);
  if (b == std::string_view::npos) return {};
  size_t e = s.find_last_not_of(kPostfixWhiteSpace);
  return s.substr(b, e - b + 1);
}

}  // namespace

Result<std::vector<std::string>> mail_parm_split(std::string_view name, std::string_view value) {
  std::vector<std::string> out;
  size_t i = 0;
  while (i < value.size()) {
    i = value.find_first_not_of(kCommaOrSpace, i);
    if (i == std::string_view::npos) break;
    // A token ends at a separator outside braces.
    size_t start = i;
    int depth = 0;
    while (i < value.size()) {
      char c = value[i];
      if (c == '{') {
        ++depth;
      } else if (c == '}' && depth > 0) {
        --depth;
      } else if (depth == 0 && kCommaOrSpace.find(c) != std::string_view::npos) {
        break;
      }
      ++i;
    }
    std::string_view token = value.substr(start, i - start);
    if (token.front() == '{') {
      // extpar(): the matching '}' must end the token.
      int d = 0;
      size_t close = std::string_view::npos;
      for (size_t k = 0; k < token.size(); ++k) {
        if (token[k] == '{') ++d;
        if (token[k] == '}' && --d == 0) {
          close = k;
          break;
        }
      }
      if (close == std::string_view::npos)
        return Result<std::vector<std::string>>::fail(
            fmt::format("{}: missing '}}' in \"{}\"", name, token));
      if (close + 1 != token.size())
        return Result<std::vector<std::string>>::fail(
            fmt::format("{}: syntax error after '}}' in \"{}\"", name, token));
      token = trim(token.substr(1, close - 1));
    }
    out.emplace_back(token);
  }
  return Result<std::vector<std::string>>::ok(std::move(out));
}

std::vector<std::string> split_space(std::string_view value) {
  return split_on(value, kPostfixSpace);
}

EnvMap clean_env(const EnvMap& env, const std::vector<std::string>& preserve) {
  std::vector<std::pair<std::string, std::string>> saved;
  for (const auto& entry : preserve) {
    size_t eq = entry.find('=');
    if (eq != std::string::npos) {
      saved.emplace_back(entry.substr(0, eq), entry.substr(eq + 1));
    } else if (auto it = env.find(entry); it != env.end()) {
      saved.emplace_back(entry, it->second);
    }
  }
  EnvMap out;
  for (auto& [k, v] : saved) out[k] = v;
  return out;
}

}  // namespace pfmulti
