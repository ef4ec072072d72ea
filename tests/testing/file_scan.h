// Scanning a directory's files for bytes that must not be there (plaintext, record ids).
#pragma once

#include <algorithm>
#include <filesystem>
#include <string>

#include "casevault/base/bytes.h"
#include "casevault/base/env.h"

namespace casevault::testing {

// True when any regular file under `dir` contains `needle`.
inline bool AnyFileContains(const std::string& dir, ByteView needle) {
  for (const auto& entry : std::filesystem::recursive_directory_iterator(dir)) {
    if (!entry.is_regular_file()) continue;
    Result<Bytes> content = ReadFileToBytes(Env::Default(), entry.path().string());
    if (content.ok() && std::search(content->begin(), content->end(), needle.begin(),
                                    needle.end()) != content->end()) {
      return true;
    }
  }
  return false;
}

}  // namespace casevault::testing
