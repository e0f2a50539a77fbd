// Kind names for the alternatives of a std::variant of plain structs (plan actions,
// model/plan/plan.h). Each alternative T declares `static constexpr std::string_view kKind`, the
// name the JSON forms use for it (spec/plan.schema.json "op"). kind_name(v) visits by type, so
// reordering a variant cannot mislabel anything, and a variant with an unnamed alternative does
// not compile. Overloaded builds a visitor from lambdas, one per alternative, so that a visit
// that forgets an alternative does not compile either.
#pragma once

#include <array>
#include <cstddef>
#include <string_view>
#include <type_traits>
#include <variant>

namespace pfmulti {

template <class V>
struct KindNames;
template <class... T>
struct KindNames<std::variant<T...>> {
  static constexpr std::array<std::string_view, sizeof...(T)> value{T::kKind...};
};

// The kind names of V's alternatives, in V's order.
template <class V>
inline constexpr auto kind_names = KindNames<V>::value;

// True when no two alternatives of V share a kind name (check it with a static_assert).
template <class V>
constexpr bool kind_names_unique() {
  const auto& names = kind_names<V>;
  for (size_t i = 0; i < names.size(); ++i)
    for (size_t j = i + 1; j < names.size(); ++j)
      if (names[i] == names[j]) return false;
  return true;
}

// The kind name of the alternative v holds.
template <class... T>
constexpr std::string_view kind_name(const std::variant<T...>& v) {
  return std::visit([](const auto& x) { return std::decay_t<decltype(x)>::kKind; }, v);
}

template <class... F>
struct Overloaded : F... {
  using F::operator()...;
};
template <class... F>
Overloaded(F...) -> Overloaded<F...>;

}  // namespace pfmulti
