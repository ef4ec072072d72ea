#include "casevault/sync/text_merge.h"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <span>
#include <unordered_map>
#include <vector>

namespace casevault::sync {
namespace {

// Bounds the work of one diff: diagonals visited plus lines compared along them, at most a few
// tenths of a second in an optimised build. Typical edits to a 20,000-line text cost well under
// a million; only thousands of scattered edits (one line in four changed) come near the bound.
constexpr int64_t kMaxDiffWork = 20'000'000;

// A text cut into lines, with each line's number in a LineTable shared by the three texts, so
// lines compare as integers.
struct Lines {
  std::vector<std::string_view> text;
  std::vector<uint32_t> ids;
};

class LineTable {
 public:
  // Cuts `text` (which must outlive the result) after every '\n'; a last piece without one is a
  // line too.
  Lines Split(std::string_view text) {
    Lines lines;
    const size_t count = static_cast<size_t>(std::count(text.begin(), text.end(), '\n')) + 1;
    lines.text.reserve(count);
    lines.ids.reserve(count);
    while (!text.empty()) {
      const size_t newline = text.find('\n');
      const size_t length = newline == std::string_view::npos ? text.size() : newline + 1;
      const std::string_view line = text.substr(0, length);
      lines.text.push_back(line);
      lines.ids.push_back(ids_.try_emplace(line, static_cast<uint32_t>(ids_.size())).first->second);
      text.remove_prefix(length);
    }
    return lines;
  }

  // How many distinct lines have been seen: ids are below this.
  size_t size() const { return ids_.size(); }

 private:
  std::unordered_map<std::string_view, uint32_t> ids_;
};

// A point (x, y) in the edit graph: x lines of the first sequence and y of the second consumed.
struct Point {
  ptrdiff_t x = 0;
  ptrdiff_t y = 0;
};

// Marks which elements of `a` are deleted and which of `b` are inserted in a minimal edit script
// turning `a` into `b`: Myers' O(ND) algorithm in linear space, splitting each problem at the
// middle of an optimal path (the bisection of Myers' paper, section 4b).
class Differ {
 public:
  Differ(std::span<const uint32_t> a, std::span<const uint32_t> b)
      : a_(a), b_(b), deleted_(a.size()), inserted_(b.size()) {}

  // Compares the whole sequences; false when that would exceed kMaxDiffWork.
  bool Run() {
    return Compare(0, static_cast<ptrdiff_t>(a_.size()), 0, static_cast<ptrdiff_t>(b_.size()));
  }

  const std::vector<bool>& deleted() const { return deleted_; }
  const std::vector<bool>& inserted() const { return inserted_; }

 private:
  // Marks the changes between a_[x_begin, x_end) and b_[y_begin, y_end).
  bool Compare(ptrdiff_t x_begin, ptrdiff_t x_end, ptrdiff_t y_begin, ptrdiff_t y_end) {
    while (x_begin < x_end && y_begin < y_end && a_[x_begin] == b_[y_begin]) {
      ++x_begin;
      ++y_begin;
    }
    while (x_begin < x_end && y_begin < y_end && a_[x_end - 1] == b_[y_end - 1]) {
      --x_end;
      --y_end;
    }
    if (x_begin == x_end || y_begin == y_end) {
      for (ptrdiff_t x = x_begin; x < x_end; ++x) deleted_[x] = true;
      for (ptrdiff_t y = y_begin; y < y_end; ++y) inserted_[y] = true;
      return true;
    }
    // Both ranges are non-empty and differ at both ends, so the edit distance is at least 2 and
    // the middle point leaves a smaller problem on each side of it.
    const std::optional<Point> middle =
        FindMiddle(a_.subspan(x_begin, x_end - x_begin), b_.subspan(y_begin, y_end - y_begin));
    if (!middle) return false;
    return Compare(x_begin, x_begin + middle->x, y_begin, y_begin + middle->y) &&
           Compare(x_begin + middle->x, x_end, y_begin + middle->y, y_end);
  }

  // A point on an optimal path from (0, 0) to (a.size(), b.size()), where a path searched
  // forward from the start meets one searched backward from the end; nullopt when the work
  // budget runs out first.
  std::optional<Point> FindMiddle(std::span<const uint32_t> a, std::span<const uint32_t> b) {
    const ptrdiff_t n = static_cast<ptrdiff_t>(a.size());
    const ptrdiff_t m = static_cast<ptrdiff_t>(b.size());
    const ptrdiff_t max_d = (n + m + 1) / 2;
    const ptrdiff_t offset = max_d + 1;
    const ptrdiff_t length = 2 * max_d + 3;
    const ptrdiff_t delta = n - m;
    // One search's progress: reach[offset + k] is the furthest x reached on diagonal k (the
    // points with x - y == k), -1 before any. The backward search runs forward over the reversed
    // sequences, so its diagonal k is the forward diagonal delta - k. Diagonals whose paths ran
    // off the right (x > n) or bottom (y > m) edge of the graph are dropped from the ends of the
    // range (`low`, `high`).
    struct Search {
      std::span<const uint32_t> a;
      std::span<const uint32_t> b;
      bool backward = false;
      std::vector<ptrdiff_t> reach;
      ptrdiff_t low = 0;
      ptrdiff_t high = 0;
    };
    const std::vector<uint32_t> a_reversed(a.rbegin(), a.rend());
    const std::vector<uint32_t> b_reversed(b.rbegin(), b.rend());
    Search forward{.a = a, .b = b, .reach = std::vector<ptrdiff_t>(length, -1)};
    Search backward{.a = a_reversed,
                    .b = b_reversed,
                    .backward = true,
                    .reach = std::vector<ptrdiff_t>(length, -1)};
    forward.reach[offset + 1] = 0;
    backward.reach[offset + 1] = 0;
    // Extends `self` to paths of d edits, each followed by as many matching lines as it can;
    // when `may_meet`, returns the forward search's end on a diagonal where the two overlap.
    auto step = [&](ptrdiff_t d, Search& self, const Search& other,
                    bool may_meet) -> std::optional<Point> {
      std::vector<ptrdiff_t>& reach = self.reach;
      for (ptrdiff_t k = -d + self.low; k <= d - self.high; k += 2) {
        const ptrdiff_t at = offset + k;
        ptrdiff_t x = (k == -d || (k != d && reach[at - 1] < reach[at + 1])) ? reach[at + 1]
                                                                             : reach[at - 1] + 1;
        ptrdiff_t y = x - k;
        const ptrdiff_t start = x;
        while (x < n && y < m && self.a[x] == self.b[y]) {
          ++x;
          ++y;
        }
        work_ += 1 + (x - start);
        reach[at] = x;
        if (x > n) {
          self.high += 2;
          continue;
        }
        if (y > m) {
          self.low += 2;
          continue;
        }
        const ptrdiff_t paired = offset + delta - k;
        if (!may_meet || paired < 0 || paired >= length || other.reach[paired] == -1 ||
            x + other.reach[paired] < n) {
          continue;
        }
        const ptrdiff_t forward_x = self.backward ? other.reach[paired] : x;
        const ptrdiff_t forward_k = self.backward ? paired - offset : k;
        return Point{forward_x, forward_x - forward_k};
      }
      return std::nullopt;
    };
    // With an odd delta the searches first meet on a forward step, otherwise on a backward one.
    const bool meet_forward = delta % 2 != 0;
    for (ptrdiff_t d = 0; d <= max_d; ++d) {
      if (auto middle = step(d, forward, backward, meet_forward)) return middle;
      if (auto middle = step(d, backward, forward, !meet_forward)) return middle;
      if (work_ > kMaxDiffWork) return std::nullopt;
    }
    // The searches meet by d == max_d; not meeting would be a bug, reported as a conflict.
    return std::nullopt;
  }

  std::span<const uint32_t> a_;
  std::span<const uint32_t> b_;
  std::vector<bool> deleted_;
  std::vector<bool> inserted_;
  int64_t work_ = 0;
};

// One side's change: base lines [base_begin, base_end) become side lines [side_begin, side_end).
struct Hunk {
  size_t base_begin = 0;
  size_t base_end = 0;
  size_t side_begin = 0;
  size_t side_end = 0;
};

// The lines of a text that take part in the diff search: their positions and ids.
struct Searched {
  std::vector<size_t> positions;
  std::vector<uint32_t> ids;
};

// The lines in [begin, end) of `ids` whose id is marked in `wanted`.
Searched SearchedLines(const std::vector<uint32_t>& ids, size_t begin, size_t end,
                       const std::vector<bool>& wanted) {
  Searched searched;
  for (size_t i = begin; i < end; ++i) {
    if (!wanted[ids[i]]) continue;
    searched.positions.push_back(i);
    searched.ids.push_back(ids[i]);
  }
  return searched;
}

// Which of `size` lines changed: those in [begin, end), except the searched ones (at
// `positions`) that the search found unchanged (false in `changed`).
std::vector<bool> ChangedLines(size_t size, size_t begin, size_t end,
                               const std::vector<size_t>& positions,
                               const std::vector<bool>& changed) {
  std::vector<bool> result(size);
  for (size_t i = begin; i < end; ++i) result[i] = true;
  for (size_t k = 0; k < positions.size(); ++k) result[positions[k]] = changed[k];
  return result;
}

// The hunks turning `base` into `side` (ids below `id_count`), in base order and separated by
// unchanged lines; nullopt when the diff exceeds kMaxDiffWork.
std::optional<std::vector<Hunk>> Diff(const std::vector<uint32_t>& base,
                                      const std::vector<uint32_t>& side, size_t id_count) {
  const size_t n = base.size();
  const size_t m = side.size();
  // Lines shared at the start and the end are unchanged, whatever else the diff finds.
  size_t prefix = 0;
  while (prefix < n && prefix < m && base[prefix] == side[prefix]) ++prefix;
  size_t suffix = 0;
  while (suffix < n - prefix && suffix < m - prefix &&
         base[n - 1 - suffix] == side[m - 1 - suffix]) {
    ++suffix;
  }
  // A line that occurs in only one of the two middles cannot be part of a common subsequence,
  // so it is changed and left out of the search: a rewritten paragraph costs nothing to diff.
  std::vector<bool> in_base(id_count), in_side(id_count);
  for (size_t i = prefix; i < n - suffix; ++i) in_base[base[i]] = true;
  for (size_t j = prefix; j < m - suffix; ++j) in_side[side[j]] = true;
  const Searched base_searched = SearchedLines(base, prefix, n - suffix, in_side);
  const Searched side_searched = SearchedLines(side, prefix, m - suffix, in_base);
  Differ differ(base_searched.ids, side_searched.ids);
  if (!differ.Run()) return std::nullopt;
  const std::vector<bool> deleted =
      ChangedLines(n, prefix, n - suffix, base_searched.positions, differ.deleted());
  const std::vector<bool> inserted =
      ChangedLines(m, prefix, m - suffix, side_searched.positions, differ.inserted());

  // Unchanged lines of the two texts pair up in order; everything between two pairs is a hunk.
  std::vector<Hunk> hunks;
  size_t i = 0, j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && !deleted[i] && !inserted[j]) {
      ++i;
      ++j;
      continue;
    }
    Hunk hunk{.base_begin = i, .base_end = i, .side_begin = j, .side_end = j};
    while ((i < n && deleted[i]) || (j < m && inserted[j])) {
      if (i < n && deleted[i]) {
        ++i;
      } else {
        ++j;
      }
    }
    hunk.base_end = i;
    hunk.side_end = j;
    hunks.push_back(hunk);
  }
  return hunks;
}

// Whether hunk `x` of `x_side` and hunk `y` of `y_side` are the same change.
bool SameChange(const Hunk& x, const Lines& x_side, const Hunk& y, const Lines& y_side) {
  return x.base_begin == y.base_begin && x.base_end == y.base_end &&
         std::equal(x_side.ids.begin() + x.side_begin, x_side.ids.begin() + x.side_end,
                    y_side.ids.begin() + y.side_begin, y_side.ids.begin() + y.side_end);
}

}  // namespace

std::optional<std::string> MergeText(std::string_view base, std::string_view ours,
                                     std::string_view theirs) {
  if (ours == theirs) return std::string(ours);
  if (ours == base) return std::string(theirs);
  if (theirs == base) return std::string(ours);

  LineTable table;
  const Lines base_lines = table.Split(base);
  const Lines ours_lines = table.Split(ours);
  const Lines theirs_lines = table.Split(theirs);
  const std::optional<std::vector<Hunk>> ours_hunks =
      Diff(base_lines.ids, ours_lines.ids, table.size());
  if (!ours_hunks) return std::nullopt;
  const std::optional<std::vector<Hunk>> theirs_hunks =
      Diff(base_lines.ids, theirs_lines.ids, table.size());
  if (!theirs_hunks) return std::nullopt;

  std::string merged;
  merged.reserve(std::max({base.size(), ours.size(), theirs.size()}));
  size_t copied = 0;  // base lines before this one are in `merged` or replaced
  auto apply = [&](const Hunk& hunk, const Lines& side) {
    for (size_t i = copied; i < hunk.base_begin; ++i) merged += base_lines.text[i];
    for (size_t j = hunk.side_begin; j < hunk.side_end; ++j) merged += side.text[j];
    copied = hunk.base_end;
  };
  // Walk both hunk lists in base order. The hunk that begins first can only overlap the other
  // side's next hunk: the other side's earlier hunks were checked against it (or against this
  // side's earlier hunks, which it comes after) when they applied.
  size_t o = 0, t = 0;
  while (o < ours_hunks->size() || t < theirs_hunks->size()) {
    if (t == theirs_hunks->size()) {
      apply((*ours_hunks)[o++], ours_lines);
      continue;
    }
    if (o == ours_hunks->size()) {
      apply((*theirs_hunks)[t++], theirs_lines);
      continue;
    }
    const Hunk& mine = (*ours_hunks)[o];
    const Hunk& other = (*theirs_hunks)[t];
    const bool overlap = mine.base_begin <= other.base_end && other.base_begin <= mine.base_end;
    if (overlap) {
      if (!SameChange(mine, ours_lines, other, theirs_lines)) return std::nullopt;
      apply(mine, ours_lines);
      ++o;
      ++t;
    } else if (mine.base_begin < other.base_begin) {
      apply(mine, ours_lines);
      ++o;
    } else {
      apply(other, theirs_lines);
      ++t;
    }
  }
  for (size_t i = copied; i < base_lines.text.size(); ++i) merged += base_lines.text[i];
  return merged;
}

}  // namespace casevault::sync
