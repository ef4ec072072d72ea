// The `casevault` command line run in this process, without a server: help, usage and exit
// codes, init and unlock, and the record commands offline on a replica holding a key, with the
// offline lease ending when the clock moves on.
#include "casevault/client/cli/run_cli.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <fstream>
#include <regex>

#include "casevault/base/fault_injection_env.h"
#include "casevault/crypto/random_id.h"
#include "in_process_cli.h"
#include "testing/temp_dir.h"

namespace casevault::client::cli {
namespace {

using casevault::testing::TempDir;

constexpr char kPassphrase[] = "correct horse battery";
constexpr int64_t kDay = int64_t{24} * 3600 * 1'000'000;

using CliRun = testing::CliOutcome;

class RunCliTest : public ::testing::Test {
 protected:
  CliRun Cli(const std::vector<std::string>& args) {
    const CliRun run = testing::RunInProcess(args, env_, variables_);
    EXPECT_EQ(run.out.find(kPassphrase), std::string::npos) << "the passphrase was printed";
    EXPECT_EQ(run.err.find(kPassphrase), std::string::npos) << "the passphrase was printed";
    return run;
  }

  // A device made with `casevault init`, then given a key to the case's shared workspace and a
  // sync time of now with an offline lease of `lease_days` through the library, as its first
  // sync would.
  void InitWithSharedKey(int lease_days = sync::kDefaultLeaseDays) {
    const CliRun init = Cli({"init", "--kdf", "interactive"});
    ASSERT_EQ(init.exit_code, 0) << init.err;
    ASSERT_NO_FATAL_FAILURE(testing::GiveKeysAsAfterSync(env_, home_dir_, kPassphrase, case_id_,
                                                         std::span(&shared_, 1), lease_days));
  }

  // Adds terms of reference with `casevault record add`; returns the new record's id.
  std::string AddTerms(const std::string& title) {
    const CliRun added =
        Cli({"record", "add", "--case", case_hex_, "--type", "terms_of_reference", "--field",
             "title=" + title, "--field", "overview=Scope: 2024.", "--json"});
    EXPECT_EQ(added.exit_code, 0) << added.err;
    std::smatch match;
    return std::regex_search(added.out, match, std::regex(R"re("record":"([0-9a-f]{32})")re"))
               ? match[1].str()
               : "";
  }

  // The reads waiting to be uploaded from the shared workspace, as "action object" lines.
  std::vector<std::string> PendingReads() {
    return testing::PendingReads(env_, home_dir_, kPassphrase, shared_);
  }

  FaultInjectionEnv env_{Env::Default()};
  TempDir dir_;
  const std::string home_dir_ = dir_.File("home");
  EnvironmentVariables variables_ = {{"CASEVAULT_HOME", home_dir_},
                                     {"CASEVAULT_PASSPHRASE", kPassphrase}};
  const Id128 case_id_ = crypto::NewRandomId();
  const std::string case_hex_ = case_id_.ToHex();
  const sync::CompartmentRef shared_{case_id_, "shared"};
};

TEST_F(RunCliTest, HelpListsEveryCommandAndTheExitCodes) {
  const CliRun help = Cli({"--help"});
  EXPECT_EQ(help.exit_code, 0);
  for (const char* command :
       {"init", "enrol", "case create", "member nominate", "agreement sign", "interest declare",
        "record history", "conflict resolve", "file secure", "sync", "log verify", "log show",
        "device revoke", "lease show", "case lease"}) {
    EXPECT_NE(help.out.find(command), std::string::npos) << command;
  }
  EXPECT_NE(help.out.find("4  sync first"), std::string::npos);
  const CliRun add_help = Cli({"record", "add", "--help"});
  EXPECT_EQ(add_help.exit_code, 0);
  EXPECT_NE(add_help.out.find("usage: casevault record add --case ID"), std::string::npos);
  const CliRun group = Cli({"member", "--help"});
  EXPECT_EQ(group.exit_code, 0);
  EXPECT_NE(group.out.find("casevault member grant"), std::string::npos);
}

TEST_F(RunCliTest, BadUsageExitsTwoSayingWhatIsWrong) {
  EXPECT_EQ(Cli({}).exit_code, 2);
  const CliRun unknown = Cli({"frobnicate"});
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_NE(unknown.err.find("unknown command `frobnicate`"), std::string::npos);
  const CliRun sub = Cli({"record", "frob"});
  EXPECT_EQ(sub.exit_code, 2);
  EXPECT_NE(sub.err.find("unknown command `casevault record frob`"), std::string::npos);
  const CliRun log_show = Cli({"log", "show"});
  EXPECT_EQ(log_show.exit_code, 2);
  EXPECT_NE(log_show.err.find("--case"), std::string::npos) << log_show.err;
  const CliRun misplaced = Cli({"sync", "--record", case_hex_});
  EXPECT_EQ(misplaced.exit_code, 2);
  EXPECT_NE(misplaced.err.find("--record does not apply to `casevault sync`"), std::string::npos);
  const CliRun orphan = Cli({"sync", "--compartment", "shared"});
  EXPECT_EQ(orphan.exit_code, 2);
  EXPECT_NE(orphan.err.find("--compartment needs --case"), std::string::npos) << orphan.err;
  const CliRun extra = Cli({"sync", "now"});
  EXPECT_EQ(extra.exit_code, 2);
  EXPECT_NE(extra.err.find("unexpected word \"now\""), std::string::npos);
  EXPECT_EQ(Cli({"init", "--kdf", "weak"}).exit_code, 2);
  const std::string user(32, 'b');
  const CliRun no_agency =
      Cli({"member", "add", "--case", case_hex_, "--user", user, "--role", "practitioner"});
  EXPECT_EQ(no_agency.exit_code, 2);
  EXPECT_NE(no_agency.err.find("give --agency"), std::string::npos) << no_agency.err;
  const CliRun agency_for_reviewer = Cli({"member", "add", "--case", case_hex_, "--user", user,
                                          "--role", "reviewer", "--agency", "police"});
  EXPECT_NE(agency_for_reviewer.err.find("leave out --agency"), std::string::npos);
  const CliRun no_role =
      Cli({"member", "add", "--case", case_hex_, "--user", user, "--role", "boss"});
  EXPECT_NE(no_role.err.find("--role is business_unit, safeguarding_lead"), std::string::npos);
  const CliRun not_an_outcome =
      Cli({"case", "endorse", "--case", case_hex_, "--outcome", "rapid_review"});
  EXPECT_EQ(not_an_outcome.exit_code, 2);
  EXPECT_NE(
      not_an_outcome.err.find("--outcome is cspr, other_learning_review or no_further_action"),
      std::string::npos)
      << not_an_outcome.err;
  const CliRun bad_server =
      Cli({"enrol", "--server", "localhost", "--fingerprint", "ab", "--code", "c"});
  EXPECT_EQ(bad_server.exit_code, 2);
  EXPECT_NE(bad_server.err.find("--server takes HOST:PORT"), std::string::npos);
}

TEST_F(RunCliTest, InitCreatesADeviceOnceAndItOpensOnlyWithItsPassphrase) {
  const CliRun init = Cli({"init", "--kdf", "interactive"});
  ASSERT_EQ(init.exit_code, 0) << init.err;
  EXPECT_NE(init.out.find("created in " + home_dir_), std::string::npos);
  const CliRun again = Cli({"init", "--kdf", "interactive"});
  EXPECT_EQ(again.exit_code, 1);
  EXPECT_NE(again.err.find("already holds a CaseVault device"), std::string::npos);

  EXPECT_EQ(Cli({"lease", "show"}).exit_code, 0);
  variables_["CASEVAULT_PASSPHRASE"] = "wrong horse";
  const CliRun wrong = Cli({"lease", "show"});
  EXPECT_EQ(wrong.exit_code, 1);
  EXPECT_NE(wrong.err.find("wrong passphrase"), std::string::npos) << wrong.err;
  EXPECT_NE(wrong.err.find("try again"), std::string::npos) << wrong.err;
  EXPECT_EQ(wrong.out, "");
}

TEST_F(RunCliTest, APassphraseFileIsReadBeforeTheVariable) {
  variables_.erase("CASEVAULT_PASSPHRASE");
  const std::string file = dir_.File("passphrase");
  std::ofstream(file) << kPassphrase << "\n";
  EXPECT_EQ(Cli({"init", "--kdf", "interactive", "--passphrase-file", file}).exit_code, 0);
  variables_["CASEVAULT_PASSPHRASE"] = "wrong";
  EXPECT_EQ(Cli({"lease", "show", "--passphrase-file", file}).exit_code, 0);
  EXPECT_EQ(Cli({"lease", "show"}).exit_code, 1);
}

TEST_F(RunCliTest, CommandsBeforeInitOrEnrolmentSayWhatToRunFirst) {
  const CliRun no_device = Cli({"case", "list"});
  EXPECT_EQ(no_device.exit_code, 1);
  EXPECT_NE(no_device.err.find("run `casevault init` first"), std::string::npos);
  ASSERT_EQ(Cli({"init", "--kdf", "interactive"}).exit_code, 0);
  const CliRun not_enrolled = Cli({"case", "list"});
  EXPECT_EQ(not_enrolled.exit_code, 4);
  EXPECT_NE(not_enrolled.err.find("casevault enrol"), std::string::npos) << not_enrolled.err;
  const CliRun never_synced = Cli({"record", "list", "--case", case_hex_});
  EXPECT_EQ(never_synced.exit_code, 4);
  EXPECT_NE(never_synced.err.find("has not synced"), std::string::npos) << never_synced.err;
}

TEST_F(RunCliTest, RecordsAreAddedShownEditedAndListedOfflineAndEachReadIsRecorded) {
  InitWithSharedKey();
  const std::string id = AddTerms("Terms of reference: Child A");
  ASSERT_EQ(id.size(), 32u);

  const CliRun shown = Cli({"record", "show", "--case", case_hex_, "--record", id});
  ASSERT_EQ(shown.exit_code, 0) << shown.err;
  EXPECT_NE(shown.out.find("  title: Terms of reference: Child A\n"), std::string::npos)
      << shown.out;
  const CliRun edited =
      Cli({"record", "edit", "--case", case_hex_, "--record", id, "--field",
           "title=Terms of reference: Child B", "--field", "lead_reviewer=J. Doe"});
  ASSERT_EQ(edited.exit_code, 0) << edited.err;
  EXPECT_NE(edited.out.find("updated (title, lead_reviewer)"), std::string::npos) << edited.out;
  const CliRun unchanged = Cli(
      {"record", "edit", "--case", case_hex_, "--record", id, "--field", "lead_reviewer=J. Doe"});
  EXPECT_EQ(unchanged.out, "nothing changed\n");
  const CliRun cleared = Cli({"record", "edit", "--case", case_hex_, "--record", id, "--clear",
                              "lead_reviewer", "--json"});
  EXPECT_NE(cleared.out.find(R"("changed":["lead_reviewer"])"), std::string::npos) << cleared.out;

  const CliRun json = Cli({"record", "show", "--case", case_hex_, "--record", id, "--json"});
  EXPECT_NE(json.out.find(R"("title":"Terms of reference: Child B")"), std::string::npos)
      << json.out;
  EXPECT_EQ(json.out.find("lead_reviewer"), std::string::npos);
  const CliRun listed = Cli({"record", "list", "--case", case_hex_});
  EXPECT_NE(listed.out.find(id + "  terms_of_reference"), std::string::npos) << listed.out;
  EXPECT_EQ(Cli({"record", "list", "--case", case_hex_, "--type", "referral"}).out.find(id),
            std::string::npos);
  const CliRun history = Cli({"record", "history", "--case", case_hex_, "--record", id});
  EXPECT_NE(history.out.find("(this device)  created: overview, title  [not synced yet]"),
            std::string::npos)
      << history.out;
  EXPECT_NE(history.out.find("edited: lead_reviewer, title"), std::string::npos);
  EXPECT_EQ(history.out.find("Child"), std::string::npos) << "history names fields only";

  EXPECT_EQ(PendingReads(),
            (std::vector<std::string>{"read-record " + id, "read-record " + id, "list-records ",
                                      "list-records ", "read-history " + id}));
}

TEST_F(RunCliTest, AnInvalidRecordIsRefusedListingTheTypesFieldsAndNothingIsSaved) {
  InitWithSharedKey();
  const CliRun missing = Cli({"record", "add", "--case", case_hex_, "--type", "terms_of_reference",
                              "--field", "title=Only a title"});
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_NE(missing.err.find("overview"), std::string::npos) << missing.err;
  EXPECT_NE(missing.err.find("nothing was saved"), std::string::npos) << missing.err;
  const CliRun unknown_type =
      Cli({"record", "add", "--case", case_hex_, "--type", "memo", "--field", "a=b"});
  EXPECT_EQ(unknown_type.exit_code, 2);
  EXPECT_NE(Cli({"record", "list", "--case", case_hex_}).out.find("no records"), std::string::npos);
  const CliRun no_record =
      Cli({"record", "show", "--case", case_hex_, "--record", std::string(32, '0')});
  EXPECT_EQ(no_record.exit_code, 1);
  EXPECT_NE(no_record.err.find("no record 000"), std::string::npos);
}

TEST_F(RunCliTest, EditOpensTheFieldInTheEditor) {
  InitWithSharedKey();
  const std::string id = AddTerms("Terms");
  const std::string editor = dir_.File("editor.sh");
  std::ofstream(editor) << "#!/bin/sh\nsed -i 's/2024/2023 to 2025/' \"$1\"\n";
  ::chmod(editor.c_str(), 0700);
  variables_["EDITOR"] = editor;
  variables_["XDG_RUNTIME_DIR"] = dir_.path();
  const CliRun edited =
      Cli({"record", "edit", "--case", case_hex_, "--record", id, "--edit", "overview"});
  ASSERT_EQ(edited.exit_code, 0) << edited.err;
  const CliRun shown = Cli({"record", "show", "--case", case_hex_, "--record", id});
  EXPECT_NE(shown.out.find("overview: Scope: 2023 to 2025."), std::string::npos) << shown.out;
  EXPECT_EQ(
      Cli({"record", "edit", "--case", case_hex_, "--record", id, "--edit", "agreed_on"}).exit_code,
      2)
      << "only text fields open in the editor";
}

TEST_F(RunCliTest, PastTheOfflineLeaseTheCaseDoesNotOpenUntilItSyncs) {
  InitWithSharedKey(3);
  const std::string id = AddTerms("Terms");
  env_.SetClockOffsetMicros(2 * kDay);
  EXPECT_EQ(Cli({"record", "show", "--case", case_hex_, "--record", id}).exit_code, 0);
  env_.SetClockOffsetMicros(3 * kDay + 1);
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"record", "show", "--case", case_hex_, "--record", id},
        std::vector<std::string>{"record", "list", "--case", case_hex_},
        std::vector<std::string>{"record", "edit", "--case", case_hex_, "--record", id, "--field",
                                 "title=x"},
        std::vector<std::string>{"conflict", "list", "--case", case_hex_},
        std::vector<std::string>{"file", "list", "--case", case_hex_, "--compartment",
                                 "agency:police"}}) {
    const CliRun refused = Cli(args);
    EXPECT_EQ(refused.exit_code, 4) << args[0] << " " << args[1];
    EXPECT_NE(refused.err.find("offline lease of case " + case_hex_ + " ended"), std::string::npos)
        << refused.err;
    EXPECT_NE(refused.err.find("run `casevault sync`"), std::string::npos);
    EXPECT_EQ(refused.out, "");
  }
  const CliRun lease = Cli({"lease", "show"});
  EXPECT_NE(lease.out.find(case_hex_ + "  3 days"), std::string::npos) << lease.out;
  EXPECT_NE(lease.out.find("no: sync first"), std::string::npos) << lease.out;
  const CliRun json = Cli({"lease", "show", "--json"});
  EXPECT_NE(json.out.find(R"("case":")" + case_hex_ + R"(","lease_days":3,)"), std::string::npos)
      << json.out;
}

TEST_F(RunCliTest, WritingWhereThisDeviceHoldsNoKeySaysToSync) {
  InitWithSharedKey();
  const std::string file = dir_.File("minutes.txt");
  std::ofstream(file) << "minutes";
  const CliRun secured =
      Cli({"file", "secure", "--case", case_hex_, "--compartment", "agency:police", file});
  EXPECT_EQ(secured.exit_code, 4);
  EXPECT_NE(secured.err.find("no key of agency:police"), std::string::npos) << secured.err;
  const CliRun bad_compartment =
      Cli({"record", "list", "--case", case_hex_, "--compartment", "police"});
  EXPECT_EQ(bad_compartment.exit_code, 2);
}

TEST_F(RunCliTest, ConflictListSaysWhenThereIsNone) {
  InitWithSharedKey();
  AddTerms("Terms");
  const CliRun conflicts = Cli({"conflict", "list", "--case", case_hex_});
  EXPECT_EQ(conflicts.exit_code, 0);
  EXPECT_NE(conflicts.out.find("no conflicts in shared"), std::string::npos);
  const CliRun json = Cli({"conflict", "list", "--case", case_hex_, "--json"});
  EXPECT_NE(json.out.find(R"("conflicts":[])"), std::string::npos) << json.out;
}

}  // namespace
}  // namespace casevault::client::cli
