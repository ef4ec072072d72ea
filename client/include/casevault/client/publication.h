// Publication: the final report of a review anonymised for publishing (DOMAIN.md, access rule
// 6; seed 001 "Publication").
//
// The report is a report_draft of the case's shared workspace. The case's pseudonym records
// (also in shared) list the real names of the child, family and practitioners with the
// pseudonym each gets. Every listed name is replaced in the draft's title and body (see
// schema/anonymise.h: whole words, any case, longest first, possessives kept); then the result
// is checked, and refused when any listed name, any word of a listed name of several words
// (honorifics such as "Mrs" and single letters aside), or the child's initials from the case
// record (matched in their exact case) still appear.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "casevault/base/id.h"
#include "casevault/base/result.h"
#include "casevault/client/replica.h"

namespace casevault::client {

// A report ready to publish.
struct PublishedReport {
  Id128 draft_id;  // the report_draft it was made from
  int64_t version = 0;
  std::string title;  // anonymised
  std::string body;   // anonymised
};

// The anonymised report of case `case_id` from its report_draft numbered `version`, or the
// highest-numbered one when nullopt. NotFound when there is no such draft; FailedPrecondition
// when two drafts carry the chosen number. PermissionDenied, nothing produced, when the case
// lists no pseudonym for the child (nothing to anonymise is suspicious), or when a name remains
// after replacement: the message names it and where (the title, or a line of the body) but
// quotes nothing around it.
Result<PublishedReport> AnonymiseReport(Replica& replica, const Id128& case_id,
                                        std::optional<int64_t> version);

// The report as plain UTF-8 text: the title, a blank line, the body.
std::string PublishedReportText(const PublishedReport& report);

// The report as one self-contained printable HTML page (export_text.h's HtmlPage), everything
// escaped, saying when it was generated (`generated_at_micros`).
std::string PublishedReportHtml(const PublishedReport& report, int64_t generated_at_micros);

}  // namespace casevault::client
