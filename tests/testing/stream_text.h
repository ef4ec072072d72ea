// ReadAndClose: everything written to a temporary stdio stream, for tests that capture output.
#pragma once

#include <cstdio>
#include <string>

namespace casevault::testing {

// The whole content of `stream` (read from its start), which is then closed.
inline std::string ReadAndClose(std::FILE* stream) {
  std::rewind(stream);
  std::string text;
  for (int c = std::fgetc(stream); c != EOF; c = std::fgetc(stream)) {
    text.push_back(static_cast<char>(c));
  }
  std::fclose(stream);
  return text;
}

}  // namespace casevault::testing
