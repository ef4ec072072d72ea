#include "casevault/client/cli/display_format.h"

#include <cstdio>

#include "casevault/schema/field.h"

namespace casevault::client::cli {

std::string DisplayTime(int64_t micros) {
  const int64_t whole_seconds = micros - ((micros % 1'000'000) + 1'000'000) % 1'000'000;
  return schema::DateTime{whole_seconds}.ToString();
}

std::string DisplaySize(uint64_t bytes) {
  if (bytes < 1024) return std::to_string(bytes) + " B";
  const char* units[] = {"KiB", "MiB", "GiB", "TiB"};
  double value = static_cast<double>(bytes) / 1024;
  size_t unit = 0;
  while (value >= 1024 && unit + 1 < std::size(units)) {
    value /= 1024;
    ++unit;
  }
  char text[32];
  std::snprintf(text, sizeof text, "%.1f %s", value, units[unit]);
  return text;
}

}  // namespace casevault::client::cli
