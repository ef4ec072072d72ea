// Narration for casevault-demo: headings, checked steps and a running failure count.
#pragma once

#include <string>

#include "casevault/base/status.h"

namespace casevault::demo {

// Prints a scene heading.
void Say(const std::string& text);
// Prints `what` marked ok or FAILED; a failure is counted.
void Check(bool ok, const std::string& what);
// Checks that `status` failed with `expected`, showing the error a person would see.
void CheckRefused(const Status& status, StatusCode expected, const std::string& what);
// How many checks have failed so far.
int Failures();

}  // namespace casevault::demo
