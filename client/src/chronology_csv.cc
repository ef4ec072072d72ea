#include "casevault/client/chronology_csv.h"

#include <string_view>
#include <utility>
#include <vector>

#include "casevault/client/export_text.h"

namespace casevault::client {
namespace {

// `text` with a ' in front when a spreadsheet would read it as a formula (OWASP "CSV
// Injection"): a panel member opening the export must see an entry's words, never run them.
std::string NeutralisedCell(std::string text) {
  if (!text.empty() && std::string_view("=+-@\t\r").find(text.front()) != std::string_view::npos) {
    text.insert(text.begin(), '\'');
  }
  return text;
}

}  // namespace

std::string ChronologyCsv(const IntegratedChronology& chronology) {
  const std::vector<std::string> header = {"Agency",
                                           "Involvement with",
                                           "Date from",
                                           "Date to",
                                           "Description of event and outcome",
                                           "Child seen",
                                           "Child seen initials",
                                           "What went well",
                                           "Worries",
                                           "Statutory requirements not met",
                                           "Source",
                                           "Record"};
  std::string csv = CsvLine(header);
  for (const ChronologyRow& row : chronology.rows) {
    std::vector<std::string> fields = {
        row.agency,
        row.involvement_with,
        row.date_from.ToString(),
        row.date_to ? row.date_to->ToString() : std::string(),
        row.description,
        row.child_seen ? std::string(*row.child_seen ? "Y" : "N") : std::string(),
        row.child_seen_initials,
        row.what_went_well,
        row.worries,
        row.statutory_requirements_not_met,
        row.compartment,
        row.record_id.ToHex()};
    for (std::string& field : fields) field = NeutralisedCell(std::move(field));
    csv += CsvLine(fields);
  }
  return csv;
}

}  // namespace casevault::client
