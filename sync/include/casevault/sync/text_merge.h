// Three-way merge of a long text field (an overview, a report draft) that two devices edited
// offline from a common base: edits to different parts apply automatically, edits to the same
// part are a conflict for a person to resolve.
//
// The merge works on lines. A line is the bytes up to and including a '\n'; a final piece with
// no '\n' is a line too. So "\r\n" ends a line (its '\r' belongs to the line), a missing final
// newline survives the merge, and bytes are never decoded: UTF-8 or any other encoding passes
// through untouched.
//
// The base is diffed against each side with a minimal line diff (Myers), in which the lines a
// side shares with the base at its start and at its end always count as unchanged. Each diff is
// cut into hunks: a hunk is a maximal run of changes that replaces the base lines [begin, end)
// with some lines of the side; begin == end is a pure insertion before base line `begin` (or at
// the end of the text). Two hunks of one side are always separated by an unchanged line. Then:
//   1. If the sides are equal, the result is that text. Otherwise, if one side equals the base,
//      the result is the other side.
//   2. A hunk of one side and a hunk of the other, [b1, e1) and [b2, e2), overlap when
//      b1 <= e2 and b2 <= e1, i.e. no unchanged base line separates them. This covers changes
//      to the same lines, adjacent changes (one ends where the other begins), insertions at the
//      same place, and an insertion at the edge of or inside the other side's change.
//   3. Overlapping hunks that replace the same base range with the same lines are one change made
//      twice: it applies once. Any other overlap is a conflict.
//   4. Without a conflict, the result is the base with every hunk of both sides applied.
//   5. A diff that would take more than a fixed amount of work (thousands of scattered edits in a
//      document of tens of thousands of lines) is a conflict instead, so a merge stays well under
//      a second for texts up to a few MiB.
// Nothing depends on which side is which: MergeText(b, x, y) == MergeText(b, y, x) always.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace casevault::sync {

// The three-way merge of `ours` and `theirs`, both edited from `base`, following the rules
// above: the merged text, or nullopt when the two sides changed overlapping or adjacent regions
// of the base differently (a conflict: the caller keeps both texts for a person to resolve).
std::optional<std::string> MergeText(std::string_view base, std::string_view ours,
                                     std::string_view theirs);

}  // namespace casevault::sync
