// The integrated chronology written as CSV and as a printable HTML page.
#include <gtest/gtest.h>

#include "casevault/client/chronology_csv.h"
#include "casevault/client/chronology_html.h"
#include "casevault/client/export_text.h"

namespace casevault::client {
namespace {

// 2026-11-30T10:45:00Z
constexpr int64_t kGeneratedAt = int64_t{1'796'035'500} * 1'000'000;

IntegratedChronology TwoEntries() {
  IntegratedChronology chronology;
  chronology.case_reference = "LCSPR 2026/07";
  chronology.compartments_read = {"shared", "agency:police"};
  ChronologyRow visit;
  visit.compartment = "shared";
  visit.agency = "police";
  visit.involvement_with = "child";
  visit.date_from = *schema::Date::Parse("2026-01-05");
  visit.description = "Home visit, \"urgent\"\nchild seen";
  visit.child_seen = true;
  visit.child_seen_initials = "AS";
  visit.worries = "Bruise on arm";
  ChronologyRow call = visit;
  call.agency = "icb";
  call.date_to = *schema::Date::Parse("2026-01-07");
  call.description = "<script>alert('x')</script> & more";
  call.child_seen = false;
  call.child_seen_initials.clear();
  call.worries.clear();
  call.what_went_well = "Zoë's GP <b>called</b>";
  chronology.rows = {visit, call};
  return chronology;
}

TEST(CsvLine, QuotesFieldsWithCommasQuotesAndLineBreaksOnly) {
  const std::vector<std::string> fields = {"plain", "a,b", "say \"hi\"", "two\nlines", "cr\r",
                                           "Zoë",   ""};
  EXPECT_EQ(CsvLine(fields), "plain,\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",\"cr\r\",Zoë,\r\n");
}

TEST(ChronologyCsv, HasAHeaderRowThenOneRecordPerEntry) {
  const std::string csv = ChronologyCsv(TwoEntries());
  EXPECT_TRUE(csv.starts_with(
      "Agency,Involvement with,Date from,Date to,Description of event and outcome,Child seen,"
      "Child seen initials,What went well,Worries,Statutory requirements not met,Source,Record"
      "\r\n"))
      << csv;
  EXPECT_NE(csv.find("\r\npolice,child,2026-01-05,,\"Home visit, \"\"urgent\"\"\nchild seen\",Y,"
                     "AS,,Bruise on arm,,shared,"),
            std::string::npos)
      << csv;
  EXPECT_NE(csv.find("\r\nicb,child,2026-01-05,2026-01-07,<script>alert('x')</script> & more,N,,"
                     "Zoë's GP <b>called</b>,,,shared,"),
            std::string::npos)
      << csv;
}

TEST(ChronologyCsv, ACellASpreadsheetWouldRunAsAFormulaGetsAQuoteInFront) {
  for (const char first : {'=', '+', '-', '@', '\t', '\r'}) {
    IntegratedChronology chronology = TwoEntries();
    chronology.rows.resize(1);
    chronology.rows[0].description = std::string(1, first) + "HYPERLINK(\"x\")";
    chronology.rows[0].worries = std::string(1, first) + "1+1";
    const std::string csv = ChronologyCsv(chronology);
    const std::string quoted = "'" + std::string(1, first);
    EXPECT_NE(csv.find(",\"" + quoted + "HYPERLINK(\"\"x\"\")\","), std::string::npos)
        << int{first} << ": " << csv;
    const std::string worries = first == '\r' ? "\"" + quoted + "1+1\"" : quoted + "1+1";
    EXPECT_NE(csv.find(",AS,," + worries + ",,shared,"), std::string::npos)
        << int{first} << ": " << csv;
  }
}

TEST(ChronologyCsv, OrdinaryTextAndDatesAreWrittenAsTheyAre) {
  IntegratedChronology chronology = TwoEntries();
  chronology.rows.resize(1);
  chronology.rows[0].description = "Strategy meeting - held; a=b, +1 @ school";
  chronology.rows[0].what_went_well = "'quoted' already";
  const std::string csv = ChronologyCsv(chronology);
  EXPECT_NE(csv.find("\r\npolice,child,2026-01-05,,\"Strategy meeting - held; a=b, +1 @ school\",Y,"
                     "AS,'quoted' already,Bruise on arm,,shared,"),
            std::string::npos)
      << csv;
}

TEST(HtmlEscape, EscapesTheFiveSpecialCharacters) {
  EXPECT_EQ(HtmlEscape("<a href=\"x\">'&'</a>"),
            "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
}

TEST(ChronologyHtml, EveryFieldIsEscapedAndNothingRuns) {
  const std::string html = ChronologyHtml(TwoEntries(), kGeneratedAt, "");
  EXPECT_EQ(html.find("<script"), std::string::npos) << html;
  EXPECT_NE(html.find("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; more"),
            std::string::npos);
  EXPECT_NE(html.find("Zoë&#39;s GP &lt;b&gt;called&lt;/b&gt;"), std::string::npos);
  EXPECT_NE(html.find("Home visit, &quot;urgent&quot;\nchild seen"), std::string::npos);
}

TEST(ChronologyHtml, IsOneSelfContainedPrintablePage) {
  const std::string html = ChronologyHtml(TwoEntries(), kGeneratedAt, "filtered by agency icb");
  EXPECT_TRUE(html.starts_with("<!DOCTYPE html>")) << html;
  EXPECT_NE(html.find("<meta charset=\"utf-8\">"), std::string::npos);
  EXPECT_NE(html.find("<style>"), std::string::npos);
  EXPECT_NE(html.find("@media print"), std::string::npos);
  for (const char* external : {"<link", "src=", "href=", "@import", "url(", "http"}) {
    EXPECT_EQ(html.find(external), std::string::npos) << external;
  }
  EXPECT_NE(html.find("<title>Integrated chronology: case LCSPR 2026/07</title>"),
            std::string::npos);
  EXPECT_NE(html.find("Generated on 2026-11-30 10:45 UTC"), std::string::npos) << html;
  EXPECT_NE(html.find("shared, agency:police; 2 entries; filtered by agency icb"),
            std::string::npos);
}

TEST(ChronologyHtml, HasTheTemplateColumnsAndTheReviewAndAnalysis) {
  const std::string html = ChronologyHtml(TwoEntries(), kGeneratedAt, "");
  size_t at = 0;
  for (const char* heading : {"<th>Agency</th>", "<th>Involvement with</th>", "<th>Date from</th>",
                              "<th>Date to</th>", "<th>Description of event and outcome</th>",
                              "<th>Child seen</th>", "<th>Review and analysis</th>"}) {
    at = html.find(heading, at);
    ASSERT_NE(at, std::string::npos) << heading;
  }
  EXPECT_NE(html.find(">Y (AS)</td>"), std::string::npos);
  EXPECT_NE(html.find("Worries:</span> <span class=\"text\">Bruise on arm"), std::string::npos);
}

TEST(ChronologyHtml, WithoutAReferenceTheTitleNamesTheCaseId) {
  IntegratedChronology chronology = TwoEntries();
  chronology.case_reference.clear();
  chronology.case_id.bytes.fill(0xab);
  const std::string html = ChronologyHtml(chronology, kGeneratedAt, "");
  EXPECT_NE(
      html.find("<title>Integrated chronology: case " + chronology.case_id.ToHex() + "</title>"),
      std::string::npos);
}

}  // namespace
}  // namespace casevault::client
