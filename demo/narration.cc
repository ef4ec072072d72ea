#include "narration.h"

#include <cstdio>

namespace casevault::demo {
namespace {

int failures = 0;

}  // namespace

void Say(const std::string& text) { std::printf("\n== %s\n", text.c_str()); }

void Check(bool ok, const std::string& what) {
  std::printf("   [%s] %s\n", ok ? "ok" : "FAILED", what.c_str());
  if (!ok) ++failures;
}

void CheckRefused(const Status& status, StatusCode expected, const std::string& what) {
  Check(status.code() == expected, what + " -> " + status.ToString());
}

int Failures() { return failures; }

}  // namespace casevault::demo
