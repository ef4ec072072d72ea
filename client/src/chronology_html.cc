#include "casevault/client/chronology_html.h"

#include "casevault/client/export_text.h"

namespace casevault::client {
namespace {

constexpr std::string_view kTableCss = R"(
table { border-collapse: collapse; width: 100%; }
th, td { border: 1px solid #666; padding: 0.3em; vertical-align: top; text-align: left; }
th { background: #e6e6e6; }
td.date { white-space: nowrap; }
.label { font-weight: bold; }
@media print {
  @page { size: A4 landscape; margin: 12mm; }
  thead { display: table-header-group; }
  tr { page-break-inside: avoid; break-inside: avoid; }
  th { background: none; }
}
)";

void Cell(std::string& html, std::string_view text, std::string_view css_class = "text") {
  html += "<td class=\"";
  html += css_class;
  html += "\">";
  html += HtmlEscape(text);
  html += "</td>";
}

// One labelled part of the review and analysis, when there is something to show.
void AnalysisPart(std::string& html, std::string_view label, const std::string& text) {
  if (text.empty()) return;
  html += "<div><span class=\"label\">";
  html += label;
  html += ":</span> <span class=\"text\">";
  html += HtmlEscape(text);
  html += "</span></div>";
}

std::string ChildSeen(const ChronologyRow& row) {
  if (!row.child_seen) return std::string();
  std::string seen = *row.child_seen ? "Y" : "N";
  if (!row.child_seen_initials.empty()) {
    seen += " (";
    seen += row.child_seen_initials;
    seen += ')';
  }
  return seen;
}

}  // namespace

std::string ChronologyHtml(const IntegratedChronology& chronology, int64_t generated_at_micros,
                           const std::string& filter_description) {
  std::string title = "Integrated chronology: case ";
  title +=
      chronology.case_reference.empty() ? chronology.case_id.ToHex() : chronology.case_reference;
  std::string subtitle = GeneratedOn(generated_at_micros);
  subtitle += " by CaseVault from ";
  for (size_t i = 0; i < chronology.compartments_read.size(); ++i) {
    if (i > 0) subtitle += ", ";
    subtitle += chronology.compartments_read[i];
  }
  subtitle += "; ";
  subtitle += std::to_string(chronology.rows.size());
  subtitle += chronology.rows.size() == 1 ? " entry" : " entries";
  if (!filter_description.empty()) {
    subtitle += "; ";
    subtitle += filter_description;
  }
  std::string body =
      "<table>\n<thead><tr><th>Agency</th><th>Involvement with</th><th>Date from</th>"
      "<th>Date to</th><th>Description of event and outcome</th><th>Child seen</th>"
      "<th>Review and analysis</th></tr></thead>\n<tbody>\n";
  for (const ChronologyRow& row : chronology.rows) {
    body += "<tr>";
    Cell(body, row.agency);
    Cell(body, row.involvement_with);
    Cell(body, row.date_from.ToString(), "date");
    Cell(body, row.date_to ? row.date_to->ToString() : std::string(), "date");
    Cell(body, row.description);
    Cell(body, ChildSeen(row));
    body += "<td>";
    AnalysisPart(body, "What went well", row.what_went_well);
    AnalysisPart(body, "Worries", row.worries);
    AnalysisPart(body, "Statutory requirements not met", row.statutory_requirements_not_met);
    body += "</td></tr>\n";
  }
  body += "</tbody>\n</table>\n";
  return HtmlPage(title, subtitle, body, kTableCss);
}

}  // namespace casevault::client
