// Diagnostics and results shared by the pure layer. The model never throws: a fallible
// computation returns Result<T>, which holds either a value or a one-line error message that
// names the file, line, parameter or instance at fault (postfix-wrapper(5) users read these).
#pragma once

#include <optional>
#include <string>
#include <utility>

namespace pfmulti {

// A message tied to a place in a file. line == 0 means "the whole file".
struct Diagnostic {
  std::string file;
  int line = 0;
  std::string message;

  // "FILE, line N: MESSAGE", or "FILE: MESSAGE" without a line.
  std::string str() const;
  friend bool operator==(const Diagnostic&, const Diagnostic&) = default;
};

// Either a value or an error message. Small on purpose: C++20 has no std::expected.
template <class T>
class Result {
 public:
  static Result ok(T value) { return Result(std::move(value), {}); }
  static Result fail(std::string message) { return Result(std::nullopt, std::move(message)); }

  bool is_ok() const { return value_.has_value(); }
  explicit operator bool() const { return is_ok(); }
  const T& value() const& { return *value_; }
  T&& value() && { return std::move(*value_); }
  const T& operator*() const { return *value_; }
  const T* operator->() const { return &*value_; }
  const std::string& error() const { return error_; }

 private:
  Result(std::optional<T> value, std::string error)
      : value_(std::move(value)), error_(std::move(error)) {}
  std::optional<T> value_;
  std::string error_;
};

}  // namespace pfmulti
