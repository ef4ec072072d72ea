#include "casevault/schema/anonymise.h"

#include <gtest/gtest.h>

namespace casevault::schema {
namespace {

std::string Replace(std::string_view text, std::vector<NameReplacement> names) {
  return ReplaceNames(text, names);
}

TEST(ReplaceNames, EveryOccurrenceOfANameGetsTheSamePseudonym) {
  EXPECT_EQ(Replace("Anna met the nurse. Later Anna slept.", {{"Anna", "Child A"}}),
            "Child A met the nurse. Later Child A slept.");
}

TEST(ReplaceNames, LongerNamesAreReplacedBeforeTheirParts) {
  const std::vector<NameReplacement> names = {
      {"Anna", "Child A"}, {"Smith", "the family"}, {"Anna Smith", "Child A (full name)"}};
  EXPECT_EQ(ReplaceNames("Anna Smith and Anna; Mr Smith.", names),
            "Child A (full name) and Child A; Mr the family.");
}

TEST(ReplaceNames, CaseIsIgnored) {
  EXPECT_EQ(Replace("ANNA, anna and aNnA", {{"Anna", "Child A"}}), "Child A, Child A and Child A");
}

TEST(ReplaceNames, PossessivesKeepTheirEnding) {
  EXPECT_EQ(Replace("Anna's school and Anna\xE2\x80\x99s GP", {{"Anna", "Child A"}}),
            "Child A's school and Child A\xE2\x80\x99s GP");
}

TEST(ReplaceNames, OnlyWholeWordsMatch) {
  EXPECT_EQ(
      Replace("Ann wrote the Annual report with Joanne; ann_b and Ann2 stay.", {{"Ann", "Mother"}}),
      "Mother wrote the Annual report with Joanne; ann_b and Ann2 stay.");
  EXPECT_EQ(Replace("Zoë and Zoey", {{"Zo", "X"}}), "Zoë and Zoey");
}

TEST(ReplaceNames, ANameBrokenOverLinesStillMatches) {
  EXPECT_EQ(Replace("seen by Anna\n  Smith today", {{"Anna Smith", "Child A"}}),
            "seen by Child A today");
}

TEST(ReplaceNames, ReplacedTextIsNotMatchedAgain) {
  EXPECT_EQ(Replace("Jo and Joe", {{"Jo", "Joe"}, {"Joe", "Sam"}}), "Joe and Sam");
}

TEST(ReplaceNames, BlankNamesAreIgnored) {
  EXPECT_EQ(Replace("a b", {{"", "X"}, {"  ", "Y"}}), "a b");
}

TEST(FindNames, ReportsEachRemainingNameWithItsLine) {
  const std::vector<std::string> names = {"Anna Smith", "Ann"};
  const std::vector<NameOccurrence> found = FindNames(
      "Annual review.\nChild A met ann\non day 2; anna\nsmith was there", names, NameCase::kIgnore);
  ASSERT_EQ(found.size(), 2u);
  EXPECT_EQ(found[0].name_index, 0u);
  EXPECT_EQ(found[0].line, 3u);
  EXPECT_EQ(found[1].name_index, 1u);
  EXPECT_EQ(found[1].line, 2u);
}

TEST(FindNames, ExactCaseMatchesInitialsButNotOrdinaryWords) {
  const std::vector<std::string> initials = {"AM"};
  EXPECT_TRUE(FindNames("I am here", initials, NameCase::kExact).empty());
  ASSERT_EQ(FindNames("I saw AM today", initials, NameCase::kExact).size(), 1u);
  EXPECT_EQ(FindNames("I am here", initials, NameCase::kIgnore).size(), 1u);
}

TEST(FindNames, FindsNothingInAnonymisedText) {
  const std::vector<NameReplacement> names = {{"Anna Smith", "Child A"}, {"Anna", "Child A"}};
  const std::string anonymised = ReplaceNames("Anna Smith; ANNA's cot; anna.", names);
  const std::vector<std::string> real = {"Anna Smith", "Anna"};
  EXPECT_TRUE(FindNames(anonymised, real, NameCase::kIgnore).empty()) << anonymised;
}

}  // namespace
}  // namespace casevault::schema
