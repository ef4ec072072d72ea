// `casevault deadlines` run in this process on a real device home whose replica holds a case's
// records, added with `casevault record add` as a person would, offline.
#include <gtest/gtest.h>

#include <fstream>

#include "casevault/crypto/random_id.h"
#include "in_process_cli.h"
#include "testing/temp_dir.h"

namespace casevault::client::cli {
namespace {

constexpr char kPassphrase[] = "deadline test passphrase";

using testing::CliOutcome;
using Outcome = CliOutcome;

class DeadlineCommandsTest : public ::testing::Test {
 protected:
  // A device home holding a key to the case's shared workspace, synced now.
  void SetUp() override {
    ASSERT_EQ(Run({"init", "--kdf", "interactive"}).exit_code, 0);
    const sync::CompartmentRef shared{case_id_, "shared"};
    ASSERT_NO_FATAL_FAILURE(testing::GiveKeysAsAfterSync(env_, home_dir_, kPassphrase, case_id_,
                                                         std::span(&shared, 1)));
  }

  Outcome Run(const std::vector<std::string>& args) {
    return testing::RunInProcess(args, env_, variables_);
  }

  // `casevault record add` of `type` with `fields` ("name=value") to the shared workspace.
  void AddRecord(const std::string& type, const std::vector<std::string>& fields) {
    std::vector<std::string> args = {"record", "add", "--case", case_hex_, "--type", type};
    for (const std::string& field : fields) {
      args.push_back("--field");
      args.push_back(field);
    }
    const Outcome added = Run(args);
    EXPECT_EQ(added.exit_code, 0) << added.err;
  }

  // The worked example of tests/schema/review_deadlines_test.cc, with a few deadlines met.
  void AddWorkedExample() {
    AddRecord("case", {"reference=CSPR-25-07", "child_initials=AB", "incident_date=2025-12-16",
                       "partnership=Northshire", "state=rapid_review", "notified_date=2025-12-18",
                       "referral_received_date=2025-12-17", "decision_date=2025-12-19"});
    AddRecord("agency_involvement", {"agency=police"});
    AddRecord("agency_summary",
              {"agency=police", "contact_with_child_or_family=yes", "date_submitted=2025-12-29"});
    AddRecord("rapid_review_report",
              {"meeting_date=2026-01-08", "incident_summary=summary", "recommendation=local_cspr",
               "rationale=rationale", "national_panel_notified_on=2025-12-23"});
    AddRecord("action_plan_item", {"action=Audit strategy discussions", "owner_agency=police",
                                   "due_date=2026-01-09", "status=in_progress"});
  }

  // The line of `text` containing `fragment`, or "".
  static std::string LineWith(const std::string& text, const std::string& fragment) {
    const size_t at = text.find(fragment);
    if (at == std::string::npos) return "";
    const size_t begin = text.rfind('\n', at) == std::string::npos ? 0 : text.rfind('\n', at) + 1;
    return text.substr(begin, text.find('\n', at) - begin);
  }

  std::string WriteFile(const std::string& name, const std::string& content) {
    const std::string path = dir_.File(name);
    std::ofstream(path) << content;
    return path;
  }

  Env& env_ = Env::Default();
  casevault::testing::TempDir dir_;
  const std::string home_dir_ = dir_.File("home");
  EnvironmentVariables variables_ = {{"CASEVAULT_HOME", home_dir_},
                                     {"CASEVAULT_PASSPHRASE", kPassphrase}};
  const Id128 case_id_ = crypto::NewRandomId();
  const std::string case_hex_ = case_id_.ToHex();
};

TEST_F(DeadlineCommandsTest, ListsEachDueDateWithItsStatusAndTheRecordMeetingIt) {
  AddWorkedExample();
  const Outcome listed = Run({"deadlines", case_hex_, "--today", "2026-01-07"});
  ASSERT_EQ(listed.exit_code, 0) << listed.err;
  EXPECT_NE(listed.out.find("on 2026-01-07; calendar: bundled England and Wales (2018-2030); "
                            "lengths: defaults"),
            std::string::npos)
      << listed.out;
  const std::string notified = LineWith(listed.out, "national_panel_notification");
  EXPECT_NE(notified.find("2025-12-29  done"), std::string::npos) << notified;
  EXPECT_NE(notified.find("rapid_review_report national_panel_notified_on 2025-12-23"),
            std::string::npos)
      << notified;
  EXPECT_NE(LineWith(listed.out, "triage_meeting").find("2025-12-22  overdue"), std::string::npos);
  EXPECT_NE(LineWith(listed.out, "rapid_review_meeting")
                .find("2026-01-07  done      rapid_review_meeting"),
            std::string::npos);
  EXPECT_NE(LineWith(listed.out, "rapid_review_meeting").find("report meeting_date 2026-01-08"),
            std::string::npos);
  EXPECT_NE(LineWith(listed.out, "rapid_review_to_panel").find("2026-01-13  upcoming"),
            std::string::npos);
  EXPECT_NE(LineWith(listed.out, "[police]").find("agency_summary date_submitted 2025-12-29"),
            std::string::npos);
  EXPECT_EQ(
      LineWith(listed.out, "cspr_completion").rfind("-           waiting   cspr_completion", 0), 0u)
      << listed.out;
  EXPECT_NE(
      LineWith(listed.out, "cspr_completion").find("not yet due (waiting for the CSPR decision"),
      std::string::npos);
  EXPECT_NE(LineWith(listed.out, "Audit strategy discussions").find("2026-01-09  due soon"),
            std::string::npos);
}

TEST_F(DeadlineCommandsTest, JsonGivesEveryDeadlineWithNullForAMissingDueDate) {
  AddWorkedExample();
  const Outcome listed = Run({"deadlines", "--case", case_hex_, "--today", "2026-01-07", "--json"});
  ASSERT_EQ(listed.exit_code, 0) << listed.err;
  EXPECT_EQ(listed.out.rfind("{\"case\":\"" + case_hex_ + "\",\"today\":\"2026-01-07\"", 0), 0u)
      << listed.out;
  EXPECT_NE(listed.out.find(R"({"id":"rapid_review_to_panel","purpose":"rapid review submitted )"
                            R"(to the national panel","subject":"","due":"2026-01-13",)"
                            R"("status":"upcoming",)"),
            std::string::npos)
      << listed.out;
  EXPECT_NE(listed.out.find(R"("id":"cspr_completion","purpose":"CSPR completed","subject":"",)"
                            R"("due":null,"status":"waiting")"),
            std::string::npos);
}

TEST_F(DeadlineCommandsTest, WithoutACaseOnlyOverdueAndDueSoonItemsOfEveryCaseAreListed) {
  AddWorkedExample();
  const Outcome flagged = Run({"deadlines", "--today", "2026-01-07"});
  ASSERT_EQ(flagged.exit_code, 0) << flagged.err;
  EXPECT_NE(LineWith(flagged.out, "triage_meeting").find(case_hex_ + "  2025-12-22  overdue"),
            std::string::npos)
      << flagged.out;
  EXPECT_NE(flagged.out.find("information_request"), std::string::npos);
  EXPECT_EQ(flagged.out.find("rapid_review_meeting"), std::string::npos) << "met";
  EXPECT_NE(flagged.out.find("Audit strategy discussions"), std::string::npos);
  EXPECT_EQ(flagged.out.find("upcoming"), std::string::npos) << flagged.out;
  EXPECT_EQ(flagged.out.find("national_panel_notification"), std::string::npos);
  const Outcome json = Run({"deadlines", "--today", "2026-01-07", "--json"});
  EXPECT_NE(json.out.find(R"({"case":")" + case_hex_ + R"(","id":"triage_meeting")"),
            std::string::npos)
      << json.out;
}

TEST_F(DeadlineCommandsTest, ASettingsFileOverridesTheDefaultLengths) {
  AddWorkedExample();
  const std::string settings =
      WriteFile("deadlines.conf", "# policy 000\ntriage_meeting = 5 working_days\n");
  const Outcome listed =
      Run({"deadlines", case_hex_, "--today", "2026-01-07", "--settings", settings});
  ASSERT_EQ(listed.exit_code, 0) << listed.err;
  EXPECT_NE(LineWith(listed.out, "triage_meeting").find("2025-12-24  overdue"), std::string::npos)
      << listed.out;
  EXPECT_NE(listed.out.find("lengths: " + settings), std::string::npos);
}

TEST_F(DeadlineCommandsTest, ACalendarInTheDevicesDirectoryReplacesTheBundledOne) {
  AddWorkedExample();
  // Without the Christmas holidays, 5 working days from Thursday 18 December end on the 25th.
  std::ofstream(home_dir_ + "/bank_holidays.txt") << "2025-08-25 Summer bank holiday\n"
                                                     "2026-08-31 Summer bank holiday\n";
  const Outcome listed = Run({"deadlines", case_hex_, "--today", "2026-01-07"});
  ASSERT_EQ(listed.exit_code, 0) << listed.err;
  EXPECT_NE(LineWith(listed.out, "national_panel_notification").find("2025-12-25"),
            std::string::npos)
      << listed.out;
  EXPECT_NE(listed.out.find("calendar: " + home_dir_ + "/bank_holidays.txt (2025-2026)"),
            std::string::npos);
}

TEST_F(DeadlineCommandsTest, AMalformedCalendarIsRefusedNamingTheLine) {
  AddWorkedExample();
  const std::string calendar =
      WriteFile("holidays.txt", "# ours\n2026-01-01 New Year's Day\n2026-04-31 Not a day\n");
  const Outcome refused =
      Run({"deadlines", case_hex_, "--today", "2026-01-07", "--calendar", calendar});
  EXPECT_EQ(refused.exit_code, 2);
  EXPECT_NE(refused.err.find(calendar + " line 3: date 2026-04-31 is not a real day"),
            std::string::npos)
      << refused.err;
  EXPECT_TRUE(refused.out.empty());
}

TEST_F(DeadlineCommandsTest, ACalendarEndingBeforeADeadlineFailsSayingToUpdateIt) {
  AddWorkedExample();
  const std::string calendar = WriteFile("holidays.txt", "2025-12-25 Christmas Day\n");
  const Outcome failed =
      Run({"deadlines", case_hex_, "--today", "2025-12-19", "--calendar", calendar});
  EXPECT_EQ(failed.exit_code, 1);
  EXPECT_NE(failed.err.find("calendar covers 2025 to 2025, not 2026-01-01: install an updated "
                            "calendar"),
            std::string::npos)
      << failed.err;
}

TEST_F(DeadlineCommandsTest, BadArgumentsAreRefusedSayingWhatIsWrong) {
  EXPECT_NE(Run({"deadlines", "nothex"}).err.find("CASE is a case id of 32 hex digits"),
            std::string::npos);
  EXPECT_NE(Run({"deadlines", case_hex_, "--today", "7 Jan"}).err.find("--today: a date has"),
            std::string::npos);
  const Outcome missing = Run({"deadlines", case_hex_, "--settings", dir_.File("none.conf")});
  EXPECT_NE(missing.err.find("deadline settings " + dir_.File("none.conf")), std::string::npos)
      << missing.err;
}

TEST_F(DeadlineCommandsTest, HelpNamesEveryDeadlineAndItsDefault) {
  const Outcome help = Run({"deadlines", "--help"});
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_NE(help.out.find("usage: casevault deadlines [CASE]"), std::string::npos);
  EXPECT_NE(help.out.find("  rapid_review_to_panel = 15 working_days after the day the local "
                          "authority became aware"),
            std::string::npos)
      << help.out;
  EXPECT_NE(help.out.find("  final_report_to_panel = 7 working_days before the publication date"),
            std::string::npos);
  EXPECT_NE(help.out.find("  cspr_completion = 6 months after"), std::string::npos);
}

}  // namespace
}  // namespace casevault::client::cli
