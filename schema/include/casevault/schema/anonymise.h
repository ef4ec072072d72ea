// Anonymise: replacing the names of the people in a review report by pseudonyms, and finding
// any name left, before the report is published (DOMAIN.md, access rule 6).
//
// Names match as whole words: a match may neither start right after nor end right before a
// letter, digit or underscore, so "Ann" never touches "Annual" and "Anna" does match in
// "Anna's" (and in "Anna’s" with a typographic apostrophe). A space inside a name matches any
// run of whitespace, so a name broken over two lines is still found. Case is compared for ASCII
// letters only; bytes of other UTF-8 characters must match exactly and count as letters.
// Pure text work: nothing here reads records or logs anything.
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace casevault::schema {

// One name and what replaces it.
struct NameReplacement {
  std::string name;
  std::string pseudonym;
};

// `text` with every occurrence of each name of `names` (ignoring ASCII case) replaced by its
// pseudonym, scanning once from the start: where several names match at one place the longest
// wins ("Anna Smith" before "Anna"), and replaced text is never matched again. A possessive
// keeps its "'s" after the pseudonym. Names that are empty or only whitespace are ignored.
std::string ReplaceNames(std::string_view text, std::span<const NameReplacement> names);

// Whether a search compares ASCII letters ignoring case (names) or exactly (initials, where
// "AM" must not match the word "am").
enum class NameCase { kIgnore, kExact };

// Where a name was found.
struct NameOccurrence {
  size_t name_index = 0;  // the index in the list searched
  size_t line = 0;        // 1-based line of `text` where the occurrence starts
};

// Every occurrence of each of `names` in `text`, as whole words, in the order of the names and
// then of the text. Names that are empty or only whitespace are ignored.
std::vector<NameOccurrence> FindNames(std::string_view text, std::span<const std::string> names,
                                      NameCase name_case);

}  // namespace casevault::schema
