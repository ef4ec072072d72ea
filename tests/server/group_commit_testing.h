// Helpers for tests of GroupCommit and its users: making a group of known units.
#pragma once

#include <functional>
#include <vector>

#include "casevault/server/group_commit.h"

namespace casevault::server::testing {

// Runs each of `callers` on a thread of its own and returns once all have returned. Each caller
// must hand `commits` exactly one unit (e.g. one AccessLog::Append) and nothing else may use
// `commits` meanwhile. The callers arrive one after another, in the order given, while a unit of
// this function keeps `commits` busy, so the next group holds exactly their units, in order.
void RunAsOneGroup(GroupCommit& commits, const std::vector<std::function<void()>>& callers);

}  // namespace casevault::server::testing
