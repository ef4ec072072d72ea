// EnumNames: the text names of an enumeration's values, kept in one table of (value, name)
// pairs and looked up both ways.
#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <string_view>
#include <utility>

namespace casevault {

template <class Enum, size_t N>
using EnumNames = std::array<std::pair<Enum, std::string_view>, N>;

// The name of `value` in `names`; "unknown" for a value the table lacks.
template <class Enum, size_t N>
constexpr std::string_view NameOf(const EnumNames<Enum, N>& names, Enum value) {
  for (const auto& [known, name] : names) {
    if (known == value) return name;
  }
  return "unknown";
}

// The value named `name` in `names`; nullopt for any other text.
template <class Enum, size_t N>
constexpr std::optional<Enum> ValueNamed(const EnumNames<Enum, N>& names, std::string_view name) {
  for (const auto& [value, known] : names) {
    if (known == name) return value;
  }
  return std::nullopt;
}

}  // namespace casevault
