#include "casevault/client/publication.h"

#include <algorithm>
#include <array>
#include <vector>

#include "casevault/client/export_text.h"
#include "casevault/client/records_of_type.h"
#include "casevault/schema/anonymise.h"

namespace casevault::client {
namespace {

// Words of a full name that identify nobody on their own.
constexpr std::array<std::string_view, 7> kHonorifics = {"mr", "mrs", "ms",    "miss",
                                                         "mx", "dr",  "master"};

bool IsHonorific(std::string_view word) {
  std::string lower(word);
  std::transform(lower.begin(), lower.end(), lower.begin(), [](char c) {
    return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
  });
  if (!lower.empty() && lower.back() == '.') lower.pop_back();
  return std::find(kHonorifics.begin(), kHonorifics.end(), lower) != kHonorifics.end();
}

// The names whose presence refuses publication: each listed name, and each word of a listed
// name of several words.
std::vector<std::string> ForbiddenNames(const std::vector<schema::NameReplacement>& names) {
  std::vector<std::string> forbidden;
  for (const schema::NameReplacement& name : names) {
    forbidden.push_back(name.name);
    std::vector<std::string> words;
    size_t start = 0;
    while (start < name.name.size()) {
      const size_t end = std::min(name.name.find_first_of(" \t\r\n", start), name.name.size());
      if (end > start) words.push_back(name.name.substr(start, end - start));
      start = end + 1;
    }
    if (words.size() < 2) continue;
    for (const std::string& word : words) {
      if (word.size() > 1 && !IsHonorific(word)) forbidden.push_back(word);
    }
  }
  return forbidden;
}

// PermissionDenied for the first of `names` found in `text` (`where` says which part).
Status CheckNoneRemain(std::string_view text, std::string_view where,
                       const std::vector<std::string>& names, schema::NameCase name_case) {
  const std::vector<schema::NameOccurrence> found = schema::FindNames(text, names, name_case);
  if (found.empty()) return Status::Ok();
  std::string message = "not published: \"";
  message += names[found.front().name_index];
  message += "\" still appears in the ";
  message += where;
  if (where == "body") {
    message += " at line ";
    message += std::to_string(found.front().line);
  }
  message +=
      " after anonymising; add it to the case's pseudonyms (`casevault pseudonym add`) or edit "
      "the draft. Nothing was written";
  return PermissionDeniedError(message);
}

int64_t VersionOf(const IdentifiedRecord& draft) {
  const schema::FieldValue* value = draft.record.Get("version");
  const int64_t* number = value == nullptr ? nullptr : std::get_if<int64_t>(value);
  return number == nullptr ? 0 : *number;
}

Result<IdentifiedRecord> ChooseDraft(std::vector<IdentifiedRecord> drafts,
                                     std::optional<int64_t> version) {
  if (drafts.empty()) {
    return NotFoundError("the case has no report_draft on this device: sync, or add one");
  }
  int64_t chosen = 0;
  for (const IdentifiedRecord& draft : drafts) chosen = std::max(chosen, VersionOf(draft));
  if (version) chosen = *version;
  std::vector<IdentifiedRecord> matching;
  for (IdentifiedRecord& draft : drafts) {
    if (VersionOf(draft) == chosen) matching.push_back(std::move(draft));
  }
  if (matching.empty()) {
    return NotFoundError("the case has no report_draft of version " + std::to_string(chosen) +
                         " on this device");
  }
  if (matching.size() > 1) {
    return FailedPreconditionError("two report drafts carry version " + std::to_string(chosen) +
                                   " (" + matching[0].id.ToHex() + " and " +
                                   matching[1].id.ToHex() + "): renumber one first");
  }
  return std::move(matching.front());
}

}  // namespace

Result<PublishedReport> AnonymiseReport(Replica& replica, const Id128& case_id,
                                        std::optional<int64_t> version) {
  const CompartmentRef shared{case_id, "shared"};
  CV_ASSIGN_OR_RETURN(std::vector<IdentifiedRecord> pseudonyms,
                      RecordsOfType(replica, shared, schema::RecordType::kPseudonym));
  std::vector<schema::NameReplacement> names;
  bool child_listed = false;
  for (const IdentifiedRecord& entry : pseudonyms) {
    names.push_back({TextField(entry.record, "real_name"), TextField(entry.record, "pseudonym")});
    child_listed = child_listed || TextField(entry.record, "kind") == "child";
  }
  if (!child_listed) {
    return PermissionDeniedError(
        "not published: the case lists no pseudonym for the child, so nothing would be "
        "anonymised; add the names first (`casevault pseudonym add`)");
  }
  CV_ASSIGN_OR_RETURN(std::vector<IdentifiedRecord> drafts,
                      RecordsOfType(replica, shared, schema::RecordType::kReportDraft));
  CV_ASSIGN_OR_RETURN(IdentifiedRecord draft, ChooseDraft(std::move(drafts), version));
  PublishedReport report;
  report.draft_id = draft.id;
  report.version = VersionOf(draft);
  report.title = schema::ReplaceNames(TextField(draft.record, "title"), names);
  report.body = schema::ReplaceNames(TextField(draft.record, "body"), names);
  const std::vector<std::string> forbidden = ForbiddenNames(names);
  CV_ASSIGN_OR_RETURN(std::string initials, CaseRecordText(replica, case_id, "child_initials"));
  std::vector<std::string> exact;
  if (!initials.empty()) exact.push_back(initials);
  for (const auto& [text, where] :
       {std::pair<const std::string*, std::string_view>{&report.title, "title"},
        std::pair<const std::string*, std::string_view>{&report.body, "body"}}) {
    CV_RETURN_IF_ERROR(CheckNoneRemain(*text, where, forbidden, schema::NameCase::kIgnore));
    CV_RETURN_IF_ERROR(CheckNoneRemain(*text, where, exact, schema::NameCase::kExact));
  }
  return report;
}

std::string PublishedReportText(const PublishedReport& report) {
  std::string text = report.title;
  text += "\n\n";
  text += report.body;
  if (!text.ends_with('\n')) text += '\n';
  return text;
}

std::string PublishedReportHtml(const PublishedReport& report, int64_t generated_at_micros) {
  std::string body = "<div class=\"text\">";
  body += HtmlEscape(report.body);
  body += "</div>\n";
  std::string subtitle = GeneratedOn(generated_at_micros);
  subtitle += " by CaseVault; anonymised from report version ";
  subtitle += std::to_string(report.version);
  return HtmlPage(report.title, subtitle, body,
                  "@media print { @page { size: A4 portrait; margin: 20mm; } }\n");
}

}  // namespace casevault::client
