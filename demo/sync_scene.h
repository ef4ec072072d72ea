// The sync scene of casevault-demo: two laptops edit the terms of reference offline and
// converge through the in-process hub.
#pragma once

#include <string>

namespace casevault::demo {

// Plays the scene in `workdir` (each laptop's replica goes in a subdirectory).
void PlaySyncScene(const std::string& workdir);

}  // namespace casevault::demo
