// The integrated chronology as one printable HTML document: self-contained (inline CSS with
// print rules, no scripts, nothing loaded from elsewhere), every value HTML-escaped.
#pragma once

#include <cstdint>
#include <string>

#include "casevault/client/integrated_chronology.h"

namespace casevault::client {

// The page is titled "Integrated chronology: case <reference>" (the case id when the case has
// no reference), says when it was generated (`generated_at_micros`) and from which compartments,
// repeats `filter_description` when not empty, and tabulates the entries in the columns of the
// single agency chronology template: agency, involvement with, date from, date to, description
// of event and outcome, child seen (Y/N and initials), review and analysis (what went well,
// worries, statutory requirements not met).
std::string ChronologyHtml(const IntegratedChronology& chronology, int64_t generated_at_micros,
                           const std::string& filter_description);

}  // namespace casevault::client
