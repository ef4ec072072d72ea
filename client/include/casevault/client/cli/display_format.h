// How `casevault` shows times and sizes to a person.
#pragma once

#include <cstdint>
#include <string>

namespace casevault::client::cli {

// `micros` since the Unix epoch as "YYYY-MM-DDTHH:MM:SSZ" (UTC, whole seconds).
std::string DisplayTime(int64_t micros);

// `bytes` as "512 B", "64.0 KiB", "5.0 MiB" or "1.2 GiB".
std::string DisplaySize(uint64_t bytes);

}  // namespace casevault::client::cli
