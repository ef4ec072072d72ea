#include "casevault/schema/anonymise.h"

#include <algorithm>

namespace casevault::schema {
namespace {

bool IsSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

bool IsAsciiAlnum(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

char AsciiLower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

// UTF-8 punctuation (U+2000 to U+203F: typographic apostrophes and quotes, dashes, special
// spaces) starts with these two bytes and ends a word like ASCII punctuation does.
constexpr std::string_view kGeneralPunctuation = "\xE2\x80";

// True when the character starting at `pos` belongs to a word: an ASCII letter or digit, an
// underscore, or any other UTF-8 character but general punctuation.
bool WordAt(std::string_view text, size_t pos) {
  if (pos >= text.size()) return false;
  if (text.substr(pos).starts_with(kGeneralPunctuation)) return false;
  const char c = text[pos];
  return IsAsciiAlnum(c) || c == '_' || static_cast<unsigned char>(c) >= 0x80;
}

// True when the character ending just before `pos` belongs to a word.
bool WordBefore(std::string_view text, size_t pos) {
  if (pos == 0) return false;
  if (pos >= 3 && text.substr(pos - 3, 2) == kGeneralPunctuation) return false;
  if (static_cast<unsigned char>(text[pos - 1]) >= 0x80) return true;
  return WordAt(text, pos - 1);
}

// A name split into its words, matched with any run of whitespace between them.
struct Pattern {
  std::vector<std::string> words;
  size_t length = 0;  // of the name with single spaces
};

Pattern PatternOf(std::string_view name) {
  Pattern pattern;
  size_t pos = 0;
  while (pos < name.size()) {
    while (pos < name.size() && IsSpace(name[pos])) ++pos;
    const size_t start = pos;
    while (pos < name.size() && !IsSpace(name[pos])) ++pos;
    if (pos > start) pattern.words.emplace_back(name.substr(start, pos - start));
  }
  for (const std::string& word : pattern.words) pattern.length += word.size() + 1;
  return pattern;
}

// The number of bytes of `text` from `pos` that `pattern` matches as whole words; 0 for none.
size_t MatchAt(std::string_view text, size_t pos, const Pattern& pattern, NameCase name_case) {
  if (pattern.words.empty() || WordBefore(text, pos)) return 0;
  size_t at = pos;
  for (size_t i = 0; i < pattern.words.size(); ++i) {
    if (i > 0) {
      const size_t gap = at;
      while (at < text.size() && IsSpace(text[at])) ++at;
      if (at == gap) return 0;
    }
    const std::string& word = pattern.words[i];
    if (text.size() - at < word.size()) return 0;
    for (size_t k = 0; k < word.size(); ++k) {
      const char a = text[at + k];
      const char b = word[k];
      if (name_case == NameCase::kIgnore ? AsciiLower(a) != AsciiLower(b) : a != b) return 0;
    }
    at += word.size();
  }
  return WordAt(text, at) ? 0 : at - pos;
}

}  // namespace

std::string ReplaceNames(std::string_view text, std::span<const NameReplacement> names) {
  struct Candidate {
    Pattern pattern;
    const std::string* pseudonym;
  };
  std::vector<Candidate> candidates;
  for (const NameReplacement& name : names) {
    Pattern pattern = PatternOf(name.name);
    if (!pattern.words.empty()) candidates.push_back({std::move(pattern), &name.pseudonym});
  }
  std::stable_sort(
      candidates.begin(), candidates.end(),
      [](const Candidate& a, const Candidate& b) { return a.pattern.length > b.pattern.length; });
  std::string out;
  out.reserve(text.size());
  size_t pos = 0;
  while (pos < text.size()) {
    size_t matched = 0;
    for (const Candidate& candidate : candidates) {
      matched = MatchAt(text, pos, candidate.pattern, NameCase::kIgnore);
      if (matched > 0) {
        out += *candidate.pseudonym;
        break;
      }
    }
    if (matched > 0) {
      pos += matched;
    } else {
      out += text[pos++];
    }
  }
  return out;
}

std::vector<NameOccurrence> FindNames(std::string_view text, std::span<const std::string> names,
                                      NameCase name_case) {
  std::vector<NameOccurrence> found;
  for (size_t index = 0; index < names.size(); ++index) {
    const Pattern pattern = PatternOf(names[index]);
    size_t line = 1;
    for (size_t pos = 0; pos < text.size(); ++pos) {
      if (MatchAt(text, pos, pattern, name_case) > 0) found.push_back({index, line});
      if (text[pos] == '\n') ++line;
    }
  }
  return found;
}

}  // namespace casevault::schema
