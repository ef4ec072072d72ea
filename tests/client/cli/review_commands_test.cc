// The review commands run in this process on a device home holding keys of a case's shared
// workspace and police compartment: the integrated chronology shown and exported, information-
// sharing decisions, pseudonyms and the anonymised report, each read or export recorded for the
// access log.
#include <gtest/gtest.h>

#include <fstream>
#include <regex>
#include <sstream>

#include "casevault/client/cli/run_cli.h"
#include "casevault/client/device_home.h"
#include "casevault/crypto/random_id.h"
#include "in_process_cli.h"
#include "testing/temp_dir.h"

namespace casevault::client::cli {
namespace {

constexpr char kPassphrase[] = "review passphrase";

using Outcome = testing::CliOutcome;

// The content of the file at `path` ("" when it cannot be read).
std::string Contents(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  std::ostringstream text;
  text << file.rdbuf();
  return text.str();
}

class ReviewCommandsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(
        DeviceHome::Create(env_, home_dir_, kPassphrase, crypto::KdfParams::Interactive()).ok());
    const sync::CompartmentRef compartments[] = {shared_, police_};
    ASSERT_NO_FATAL_FAILURE(
        testing::GiveKeysAsAfterSync(env_, home_dir_, kPassphrase, case_id_, compartments));
  }

  // Runs `casevault` with `args` after --case ID.
  Outcome Run(const std::string& command, std::vector<std::string> args) {
    std::vector<std::string> line;
    for (size_t start = 0; start < command.size();) {
      const size_t end = std::min(command.find(' ', start), command.size());
      line.push_back(command.substr(start, end - start));
      start = end + 1;
    }
    line.insert(line.end(), {"--case", case_id_.ToHex()});
    line.insert(line.end(), args.begin(), args.end());
    return testing::RunInProcess(line, env_, variables_);
  }

  void AddEntry(const std::string& compartment, const std::string& agency, const std::string& date,
                const std::string& description) {
    const Outcome added =
        Run("record add", {"--compartment", compartment, "--type", "chronology_entry", "--field",
                           "agency=" + agency, "--field", "involvement_with=child", "--field",
                           "date_from=" + date, "--field", "description=" + description});
    ASSERT_EQ(added.exit_code, 0) << added.err;
  }

  // The reads of `where` waiting to be uploaded, as "action object" lines.
  std::vector<std::string> PendingReads(const sync::CompartmentRef& where) {
    return testing::PendingReads(env_, home_dir_, kPassphrase, where);
  }

  Env& env_ = Env::Default();
  casevault::testing::TempDir dir_;
  const std::string home_dir_ = dir_.File("home");
  EnvironmentVariables variables_ = {{"CASEVAULT_HOME", home_dir_},
                                     {"CASEVAULT_PASSPHRASE", kPassphrase}};
  const Id128 case_id_ = crypto::NewRandomId();
  const sync::CompartmentRef shared_{case_id_, "shared"};
  const sync::CompartmentRef police_{case_id_, "agency:police"};
};

TEST_F(ReviewCommandsTest, TheChronologyMergesAgenciesAndEachExportIsRecorded) {
  AddEntry("shared", "icb", "2026-02-01", "GP appointment missed");
  AddEntry("agency:police", "police", "2026-01-05", "Home visit <script>alert(1)</script>");
  const Outcome shown = Run("chronology show", {"--json"});
  ASSERT_EQ(shown.exit_code, 0) << shown.err;
  const size_t visit = shown.out.find("Home visit");
  const size_t gp = shown.out.find("GP appointment missed");
  ASSERT_NE(visit, std::string::npos) << shown.out;
  EXPECT_LT(visit, gp);
  EXPECT_EQ(Run("chronology show", {"--agency", "icb"}).out.find("Home visit"), std::string::npos);

  const std::string csv = dir_.File("chronology.csv");
  const Outcome exported = Run("chronology export", {"--output", csv});
  ASSERT_EQ(exported.exit_code, 0) << exported.err;
  EXPECT_NE(exported.out.find("wrote 2 chronology entries"), std::string::npos);
  EXPECT_TRUE(Contents(csv).starts_with("Agency,Involvement with,Date from")) << Contents(csv);
  const Outcome again = Run("chronology export", {"--output", csv, "--format", "html"});
  EXPECT_EQ(again.exit_code, 1);
  EXPECT_NE(again.err.find("--overwrite"), std::string::npos) << again.err;
  EXPECT_TRUE(Contents(csv).starts_with("Agency,")) << "a refused export replaced the file";
  const Outcome replaced =
      Run("chronology export", {"--output", csv, "--format", "html", "--overwrite"});
  ASSERT_EQ(replaced.exit_code, 0) << replaced.err;
  const std::string html = Contents(csv);
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_NE(html.find("Home visit &lt;script&gt;"), std::string::npos);

  EXPECT_EQ(PendingReads(shared_),
            (std::vector<std::string>{"read-chronology ", "read-chronology ",
                                      "export chronology-csv", "export chronology-html"}));
  EXPECT_EQ(PendingReads(police_),
            (std::vector<std::string>{"read-chronology ", "read-chronology ",
                                      "export chronology-csv", "export chronology-html"}));
}

TEST_F(ReviewCommandsTest, ChronologyOptionsAreChecked) {
  EXPECT_EQ(Run("chronology export", {"--format", "pdf"}).exit_code, 2);
  const Outcome bad_date = Run("chronology show", {"--from", "2026-13-01"});
  EXPECT_EQ(bad_date.exit_code, 2);
  EXPECT_NE(bad_date.err.find("--from"), std::string::npos) << bad_date.err;
  EXPECT_EQ(Run("chronology show", {"--version", "2"}).exit_code, 2);
}

TEST_F(ReviewCommandsTest, DecisionsAreAddedAndListedOldestFirst) {
  for (const char* when : {"2026-03-02T10:00:00Z", "2026-03-01T09:00:00Z"}) {
    const Outcome added =
        Run("decision add",
            {"--field", "agency=police", "--field", "decided_by=DS Patel", "--field",
             "shared_with=Lead reviewer", "--field", std::string("information=Log of ") + when,
             "--field", "decision=shared", "--field", "reason=Needed for the rapid review",
             "--field", std::string("decided_at=") + when});
    ASSERT_EQ(added.exit_code, 0) << added.err;
  }
  const Outcome listed = Run("decision list", {"--json"});
  ASSERT_EQ(listed.exit_code, 0) << listed.err;
  const size_t first = listed.out.find("Log of 2026-03-01");
  ASSERT_NE(first, std::string::npos) << listed.out;
  EXPECT_LT(first, listed.out.find("Log of 2026-03-02"));
  EXPECT_NE(listed.out.find("\"reason\":\"Needed for the rapid review\""), std::string::npos);
  const Outcome text = Run("decision list", {});
  EXPECT_NE(text.out.find("police information shared with Lead reviewer, decided by DS Patel"),
            std::string::npos)
      << text.out;
  EXPECT_NE(text.out.find("    why: Needed for the rapid review\n"), std::string::npos);
  const Outcome incomplete = Run("decision add", {"--field", "agency=police"});
  EXPECT_EQ(incomplete.exit_code, 2);
  EXPECT_NE(incomplete.err.find("decided_by"), std::string::npos) << incomplete.err;
  EXPECT_EQ(PendingReads(shared_),
            (std::vector<std::string>{"list-decisions ", "list-decisions "}));
}

TEST_F(ReviewCommandsTest, PublishWritesTheAnonymisedReportOrRefusesWithExitThree) {
  const Outcome draft = Run(
      "record add", {"--compartment", "shared", "--type", "report_draft", "--field", "title=Review",
                     "--field", "version=1", "--field", "body=Anna met Ms Smith.", "--json"});
  ASSERT_EQ(draft.exit_code, 0) << draft.err;
  std::smatch match;
  ASSERT_TRUE(std::regex_search(draft.out, match, std::regex(R"re("record":"([0-9a-f]{32})")re")));
  const std::string draft_id = match[1].str();
  const std::string report = dir_.File("report.txt");
  const Outcome unlisted = Run("publish", {"--output", report});
  EXPECT_EQ(unlisted.exit_code, 3) << unlisted.err;
  for (const auto& [real, pseudonym] :
       {std::pair{"Anna Smith", "Child A"}, std::pair{"Anna", "Child A"}}) {
    const Outcome added =
        Run("pseudonym add", {"--field", std::string("real_name=") + real, "--field",
                              std::string("pseudonym=") + pseudonym, "--field", "kind=child"});
    ASSERT_EQ(added.exit_code, 0) << added.err;
  }
  const Outcome refused = Run("publish", {"--output", report});
  EXPECT_EQ(refused.exit_code, 3);
  EXPECT_NE(refused.err.find("\"Smith\" still appears in the body at line 1"), std::string::npos)
      << refused.err;
  EXPECT_FALSE(env_.FileExists(report));
  ASSERT_EQ(Run("pseudonym add", {"--field", "real_name=Smith", "--field", "pseudonym=Jones",
                                  "--field", "kind=family"})
                .exit_code,
            0);
  const Outcome listed = Run("pseudonym list", {});
  EXPECT_NE(listed.out.find("Anna Smith"), std::string::npos) << listed.out;
  const Outcome published = Run("publish", {"--output", report, "--version", "1"});
  ASSERT_EQ(published.exit_code, 0) << published.err;
  EXPECT_EQ(Contents(report), "Review\n\nChild A met Ms Jones.\n");
  const Outcome again = Run("publish", {"--output", report});
  EXPECT_EQ(again.exit_code, 1);
  EXPECT_NE(again.err.find("give --overwrite to replace it"), std::string::npos) << again.err;
  ASSERT_EQ(Run("publish", {"--output", report, "--format", "html", "--overwrite"}).exit_code, 0);
  EXPECT_NE(Contents(report).find("Child A met Ms Jones."), std::string::npos);
  EXPECT_EQ(
      PendingReads(shared_),
      (std::vector<std::string>{"list-pseudonyms ", "export " + draft_id, "export " + draft_id}));
}

}  // namespace
}  // namespace casevault::client::cli
