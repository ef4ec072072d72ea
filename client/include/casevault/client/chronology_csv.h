// The integrated chronology as CSV (RFC 4180, UTF-8, CRLF line ends): a header row, then one
// row per entry in timeline order.
#pragma once

#include <string>

#include "casevault/client/integrated_chronology.h"

namespace casevault::client {

// The header row names the columns: agency, involvement with, date from, date to, description,
// child seen (Y, N or empty), child seen initials, what went well, worries, statutory
// requirements not met, source compartment, record id. A field that begins with =, +, -, @, tab
// or CR gets a ' in front, so that a spreadsheet shows it as text rather than running it as a
// formula (CSV injection); then every field is quoted as CsvLine does.
std::string ChronologyCsv(const IntegratedChronology& chronology);

}  // namespace casevault::client
