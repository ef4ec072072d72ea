#include "casevault/sync/text_merge.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <optional>
#include <random>
#include <string>
#include <vector>

namespace casevault::sync {
namespace {

// Joins lines, each given with its terminator (or without, for a last line lacking one).
std::string Text(const std::vector<std::string>& lines) {
  std::string text;
  for (const std::string& line : lines) text += line;
  return text;
}

// Expects MergeText to give `expected` (nullopt: a conflict) with the sides in either order.
void ExpectMerge(std::string_view base, std::string_view x, std::string_view y,
                 const std::optional<std::string>& expected) {
  EXPECT_EQ(MergeText(base, x, y), expected);
  EXPECT_EQ(MergeText(base, y, x), expected);
}

const std::string kBase =
    Text({"one\n", "two\n", "three\n", "four\n", "five\n", "six\n", "seven\n"});

TEST(MergeText, IdenticalSidesGiveThatText) {
  const std::string edited = Text({"one\n", "TWO\n", "three\n"});
  EXPECT_EQ(MergeText(kBase, edited, edited), edited);
  EXPECT_EQ(MergeText(kBase, kBase, kBase), kBase);
  EXPECT_EQ(MergeText(kBase, "", ""), "");
}

TEST(MergeText, OneSideUnchangedGivesTheOtherSide) {
  const std::string edited = Text({"zero\n", "one\n", "three\n", "FOUR\n"});
  ExpectMerge(kBase, kBase, edited, edited);
  ExpectMerge(kBase, kBase, "", "");
  ExpectMerge("", "", edited, edited);
}

TEST(MergeText, NonOverlappingEditsAtStartMiddleAndEndAllApply) {
  const std::string ours =
      Text({"ONE\n", "two\n", "three\n", "four\n", "FIVE\n", "six\n", "seven\n"});
  const std::string theirs =
      Text({"one\n", "two\n", "THREE?\n", "four\n", "five\n", "six\n", "SEVEN\n"});
  ExpectMerge(kBase, ours, theirs,
              Text({"ONE\n", "two\n", "THREE?\n", "four\n", "FIVE\n", "six\n", "SEVEN\n"}));
}

TEST(MergeText, InsertionsAtDifferentPlacesBothApply) {
  const std::string ours = Text({"zero\n", "one\n", "two\n", "three\n", "four\n",
                                 "four and a half\n", "five\n", "six\n", "seven\n"});
  const std::string theirs = Text({"one\n", "two\n", "two and a half\n", "three\n", "four\n",
                                   "five\n", "six\n", "seven\n", "eight\n"});
  ExpectMerge(kBase, ours, theirs,
              Text({"zero\n", "one\n", "two\n", "two and a half\n", "three\n", "four\n",
                    "four and a half\n", "five\n", "six\n", "seven\n", "eight\n"}));
}

TEST(MergeText, DeletionsOnBothSidesBothApply) {
  const std::string ours = Text({"two\n", "three\n", "four\n", "five\n", "six\n", "seven\n"});
  const std::string theirs = Text({"one\n", "two\n", "three\n", "five\n", "six\n"});
  ExpectMerge(kBase, ours, theirs, Text({"two\n", "three\n", "five\n", "six\n"}));
}

TEST(MergeText, SameChangeOnBothSidesAppliesOnce) {
  const std::string ours =
      Text({"ONE\n", "two\n", "three\n", "4\n", "4.5\n", "five\n", "six\n", "seven\n"});
  const std::string theirs = Text({"one\n", "two\n", "three\n", "4\n", "4.5\n", "five\n", "six\n"});
  ExpectMerge(kBase, ours, theirs,
              Text({"ONE\n", "two\n", "three\n", "4\n", "4.5\n", "five\n", "six\n"}));
  // The same insertion at the same place applies once too.
  const std::string inserted =
      Text({"one\n", "two\n", "new\n", "three\n", "four\n", "five\n", "six\n", "seven\n"});
  ExpectMerge(kBase, inserted, inserted + "eight\n", inserted + "eight\n");
}

TEST(MergeText, OverlappingEditsConflict) {
  const std::string ours =
      Text({"one\n", "TWO\n", "THREE\n", "four\n", "five\n", "six\n", "seven\n"});
  const std::string theirs = Text({"one\n", "two\n", "3\n", "4\n", "five\n", "six\n", "seven\n"});
  ExpectMerge(kBase, ours, theirs, std::nullopt);
  // Changing a line one side deleted is a conflict too.
  const std::string deleted = Text({"one\n", "two\n", "four\n", "five\n", "six\n", "seven\n"});
  const std::string changed =
      Text({"one\n", "two\n", "3!\n", "four\n", "five\n", "six\n", "seven\n"});
  ExpectMerge(kBase, deleted, changed, std::nullopt);
}

TEST(MergeText, PartlySameChangesConflict) {
  // Both delete line three, but one side also changes line four: not the same change.
  const std::string ours = Text({"one\n", "two\n", "four\n", "five\n", "six\n", "seven\n"});
  const std::string theirs = Text({"one\n", "two\n", "FOUR\n", "five\n", "six\n", "seven\n"});
  ExpectMerge(kBase, ours, theirs, std::nullopt);
}

TEST(MergeText, AdjacentEditsConflict) {
  const std::string ours =
      Text({"one\n", "two\n", "THREE\n", "four\n", "five\n", "six\n", "seven\n"});
  const std::string theirs =
      Text({"one\n", "two\n", "three\n", "FOUR\n", "five\n", "six\n", "seven\n"});
  ExpectMerge(kBase, ours, theirs, std::nullopt);
  // Deleting a line next to one the other side changed.
  const std::string deleted = Text({"one\n", "two\n", "four\n", "five\n", "six\n", "seven\n"});
  ExpectMerge(kBase, deleted, theirs, std::nullopt);
}

TEST(MergeText, InsertionsAtTheSamePointConflict) {
  const std::string ours =
      Text({"one\n", "two\n", "ours\n", "three\n", "four\n", "five\n", "six\n", "seven\n"});
  const std::string theirs =
      Text({"one\n", "two\n", "theirs\n", "three\n", "four\n", "five\n", "six\n", "seven\n"});
  ExpectMerge(kBase, ours, theirs, std::nullopt);
  ExpectMerge(kBase, "start\n" + kBase, "begin\n" + kBase, std::nullopt);
  ExpectMerge(kBase, kBase + "end\n", kBase + "finish\n", std::nullopt);
}

TEST(MergeText, InsertionAtTheEdgeOfTheOtherSidesChangeConflicts) {
  const std::string inserted_before =
      Text({"one\n", "two\n", "new\n", "three\n", "four\n", "five\n", "six\n", "seven\n"});
  const std::string inserted_after =
      Text({"one\n", "two\n", "three\n", "new\n", "four\n", "five\n", "six\n", "seven\n"});
  const std::string changed =
      Text({"one\n", "two\n", "THREE\n", "four\n", "five\n", "six\n", "seven\n"});
  ExpectMerge(kBase, inserted_before, changed, std::nullopt);
  ExpectMerge(kBase, inserted_after, changed, std::nullopt);
}

TEST(MergeText, MissingFinalNewlineSurvives) {
  const std::string base = "alpha\nbeta\ngamma";
  ExpectMerge(base, "ALPHA\nbeta\ngamma", "alpha\nbeta\nGAMMA", "ALPHA\nbeta\nGAMMA");
  ExpectMerge(base, "ALPHA\nbeta\ngamma", "alpha\nbeta\ngamma\n", "ALPHA\nbeta\ngamma\n");
  ExpectMerge(base + "\n", "ALPHA\nbeta\ngamma\n", base, "ALPHA\nbeta\ngamma");
}

TEST(MergeText, AddingANewlineToTheLastLineChangesThatLine) {
  // "gamma" and "gamma\n" are different lines, so these two edits are adjacent.
  ExpectMerge("alpha\nbeta\ngamma", "alpha\nBETA\ngamma", "alpha\nbeta\ngamma\n", std::nullopt);
}

TEST(MergeText, EmptyBaseOrSides) {
  ExpectMerge("", "ours\n", "theirs\n", std::nullopt);
  ExpectMerge("", "same\n", "same\n", "same\n");
  ExpectMerge(kBase, "", Text({"one\n", "two\n", "THREE\n"}), std::nullopt);
  ExpectMerge("only\n", "", "ONLY\n", std::nullopt);
  ExpectMerge("", "", "", "");
}

TEST(MergeText, CrlfLinesAreLines) {
  const std::string base = "one\r\ntwo\r\nthree\r\nfour\r\n";
  ExpectMerge(base, "ONE\r\ntwo\r\nthree\r\nfour\r\n", "one\r\ntwo\r\nthree\r\nFOUR\r\n",
              "ONE\r\ntwo\r\nthree\r\nFOUR\r\n");
  // Changing only the line ending of a line is an edit of that line.
  ExpectMerge(base, "one\r\ntwo\nthree\r\nfour\r\n", "one\r\ntwo\r\nTHREE\r\nfour\r\n",
              std::nullopt);
  ExpectMerge(base, "one\ntwo\r\nthree\r\nfour\r\n", "one\r\ntwo\r\nthree\r\nfour\n",
              "one\ntwo\r\nthree\r\nfour\n");
}

TEST(MergeText, Utf8BytesPassThroughUntouched) {
  const std::string base = "Überblick\nZeugin: Ørsted\n证人陈述\n";
  const std::string ours = "Überblick — Entwurf\nZeugin: Ørsted\n证人陈述\n";
  const std::string theirs = "Überblick\nZeugin: Ørsted\n证人陈述 🙂\n";
  ExpectMerge(base, ours, theirs, "Überblick — Entwurf\nZeugin: Ørsted\n证人陈述 🙂\n");
  // Invalid UTF-8 and NUL bytes are bytes like any other.
  const std::string binary = std::string("a\xff\0b\n", 5) + "c\n" + "d\n";
  ExpectMerge(binary, std::string("a\xff\0b\n", 5) + "c\n" + "D\n",
              std::string("A\xfe\n", 3) + "c\n" + "d\n", std::string("A\xfe\n", 3) + "c\n" + "D\n");
}

TEST(MergeText, RewrittenSideAgainstAnEditConflicts) {
  std::string base, rewritten;
  for (int i = 0; i < 2000; ++i) {
    base += "line " + std::to_string(i) + "\n";
    rewritten += "new line " + std::to_string(i) + "\n";
  }
  const std::string edited = "first\n" + base;
  ExpectMerge(base, rewritten, edited, std::nullopt);
}

TEST(MergeText, TenThousandLineDocumentWithEditsAtBothEndsMerges) {
  std::vector<std::string> lines;
  for (int i = 0; i < 10'000; ++i) {
    lines.push_back("Paragraph " + std::to_string(i) + " of the draft report body.\n");
  }
  const std::string base = Text(lines);
  std::vector<std::string> ours_lines = lines, theirs_lines = lines, merged_lines = lines;
  ours_lines[0] = merged_lines[0] = "A new opening paragraph.\n";
  ours_lines.insert(ours_lines.begin() + 1, "And a second one.\n");
  merged_lines.insert(merged_lines.begin() + 1, "And a second one.\n");
  theirs_lines.back() = merged_lines.back() = "A new closing paragraph.\n";
  theirs_lines.push_back("Signed.");
  merged_lines.push_back("Signed.");
  ExpectMerge(base, Text(ours_lines), Text(theirs_lines), Text(merged_lines));
}

TEST(MergeText, TwentyThousandLineDocumentWithScatteredEditsMerges) {
  std::vector<std::string> lines;
  for (int i = 0; i < 20'000; ++i) {
    lines.push_back(i % 5 == 4 ? "\n" : "Sentence " + std::to_string(i % 97) + " again.\n");
  }
  std::vector<std::string> ours = lines, theirs = lines, merged = lines;
  for (size_t i = 10; i < lines.size(); i += 40) {
    ours[i] = merged[i] = "ours " + std::to_string(i) + "\n";
    theirs[i + 20] = merged[i + 20] = "theirs " + std::to_string(i) + "\n";
  }
  ExpectMerge(Text(lines), Text(ours), Text(theirs), Text(merged));
}

// Random documents for the property tests. Every iteration draws from its own seed, so a failure
// names the one seed that reproduces it.
constexpr uint32_t kSeed = 20240611;
constexpr int kIterations = 3000;

// Generates `base`, two sides with edits on separate line ranges, and the text with both.
struct SeparatedEdits {
  std::string base, ours, theirs, merged;
};

// Base lines are distinct and every replacement line is new, so each side's diff is exactly its
// edits. Edits (from both sides together) leave at least one unchanged base line between them.
SeparatedEdits MakeSeparatedEdits(std::mt19937& rng) {
  const int base_size = static_cast<int>(rng() % 12);
  SeparatedEdits out;
  int fresh = 0;
  auto new_lines = [&](int count) {
    std::string lines;
    for (int i = 0; i < count; ++i) lines += "new " + std::to_string(fresh++) + "\n";
    return lines;
  };
  for (int line = 0; line <= base_size;) {
    const std::string base_line = line < base_size ? "base " + std::to_string(line) + "\n" : "";
    if (rng() % 3 != 0) {
      out.base += base_line;
      out.ours += base_line;
      out.theirs += base_line;
      out.merged += base_line;
      ++line;
      continue;
    }
    // An edit replacing base lines [line, line + removed) with `added` new lines, followed by
    // one unchanged line (when the base has one left).
    const int removed = static_cast<int>(rng() % (std::min(3, base_size - line) + 1));
    const int added = removed == 0 ? 1 + static_cast<int>(rng() % 3) : static_cast<int>(rng() % 3);
    std::string removed_lines;
    for (int i = line; i < line + removed; ++i) removed_lines += "base " + std::to_string(i) + "\n";
    const std::string added_lines = new_lines(added);
    const bool by_ours = rng() % 2 == 0;
    out.base += removed_lines;
    out.ours += by_ours ? added_lines : removed_lines;
    out.theirs += by_ours ? removed_lines : added_lines;
    out.merged += added_lines;
    line += removed;
    if (line < base_size) {
      const std::string kept = "base " + std::to_string(line) + "\n";
      out.base += kept;
      out.ours += kept;
      out.theirs += kept;
      out.merged += kept;
    }
    ++line;
  }
  return out;
}

TEST(MergeTextProperty, EditsSeparatedByAnUnchangedLineAllApply) {
  for (int i = 0; i < kIterations; ++i) {
    std::mt19937 rng(kSeed + i);
    const SeparatedEdits edits = MakeSeparatedEdits(rng);
    SCOPED_TRACE("seed " + std::to_string(kSeed + i));
    EXPECT_EQ(MergeText(edits.base, edits.ours, edits.theirs), edits.merged);
    EXPECT_EQ(MergeText(edits.base, edits.theirs, edits.ours), edits.merged);
    if (HasFailure()) return;
  }
}

// Random lines from a small set, so lines repeat and the diff has many equally good choices.
std::string RepetitiveLines(std::mt19937& rng, int max_lines) {
  static const char* const kLines[] = {"a\n", "b\n", "c\n", "\n"};
  std::string text;
  const int count = static_cast<int>(rng() % (max_lines + 1));
  for (int i = 0; i < count; ++i) text += kLines[rng() % 4];
  return text;
}

TEST(MergeTextProperty, EditOfTheMiddleMergesWithLinesAddedAroundIt) {
  // Whatever lines the diff pairs up in the middle, the edit lands between the first and last
  // lines, away from the other side's insertions.
  for (int i = 0; i < kIterations; ++i) {
    std::mt19937 rng(kSeed + i);
    const std::string base = "first\n" + RepetitiveLines(rng, 10) + "last\n";
    const std::string edited = "first\n" + RepetitiveLines(rng, 10) + "last\n";
    const std::string surrounded = "HEAD\n" + base + "TAIL\n";
    SCOPED_TRACE("seed " + std::to_string(kSeed + i));
    EXPECT_EQ(MergeText(base, edited, surrounded), "HEAD\n" + edited + "TAIL\n");
    EXPECT_EQ(MergeText(base, surrounded, edited), "HEAD\n" + edited + "TAIL\n");
    if (HasFailure()) return;
  }
}

// A random edit of `text`: characters (newlines included) deleted, replaced or inserted.
std::string Mutate(std::mt19937& rng, const std::string& text) {
  static const char kAlphabet[] = {'a', 'b', '\n', '\r'};
  std::string out;
  for (char c : text) {
    switch (rng() % 8) {
      case 0:
        break;
      case 1:
        out += kAlphabet[rng() % 4];
        break;
      case 2:
        out += c;
        out += kAlphabet[rng() % 4];
        break;
      default:
        out += c;
    }
  }
  if (rng() % 4 == 0) out += kAlphabet[rng() % 4];
  return out;
}

TEST(MergeTextProperty, IsSymmetricAndConflictsAreReachable) {
  int merged = 0, conflicts = 0;
  for (int i = 0; i < kIterations; ++i) {
    std::mt19937 rng(kSeed + i);
    const std::string base = rng() % 2 == 0 ? RepetitiveLines(rng, 8) : Mutate(rng, "ab\nab\nb\n");
    const std::string ours = rng() % 8 == 0 ? RepetitiveLines(rng, 8) : Mutate(rng, base);
    const std::string theirs = rng() % 8 == 0 ? RepetitiveLines(rng, 8) : Mutate(rng, base);
    const std::optional<std::string> forward = MergeText(base, ours, theirs);
    SCOPED_TRACE("seed " + std::to_string(kSeed + i));
    EXPECT_EQ(MergeText(base, theirs, ours), forward);
    if (HasFailure()) return;
    ++(forward ? merged : conflicts);
  }
  EXPECT_GT(merged, kIterations / 10);
  EXPECT_GT(conflicts, kIterations / 10);
}

TEST(MergeTextProperty, UnchangedOrEqualSidesGiveTheEditedText) {
  for (int i = 0; i < kIterations; ++i) {
    std::mt19937 rng(kSeed + i);
    const std::string base = RepetitiveLines(rng, 8);
    const std::string edited = Mutate(rng, base);
    SCOPED_TRACE("seed " + std::to_string(kSeed + i));
    EXPECT_EQ(MergeText(base, base, edited), edited);
    EXPECT_EQ(MergeText(base, edited, base), edited);
    EXPECT_EQ(MergeText(base, edited, edited), edited);
    if (HasFailure()) return;
  }
}

}  // namespace
}  // namespace casevault::sync
