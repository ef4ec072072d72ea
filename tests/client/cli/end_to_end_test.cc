// The real `casevault` and `casevault-server` binaries against each other on loopback HTTPS:
// the people of a practice review doing their work, and the failure paths (a refusal, a wrong
// passphrase, the server down, a certificate that does not match its pin, a lease that ended,
// a connection cut in the middle of a file).
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <random>
#include <sstream>

#include "casevault/base/env.h"
#include "casevault/client/device_home.h"
#include "casevault/crypto/file_cipher.h"
#include "cli_world.h"
#include "client/cutting_proxy.h"
#include "testing/file_scan.h"

namespace casevault::client::cli {
namespace {

constexpr int64_t kDay = int64_t{24} * 3600 * 1'000'000;

#define EXPECT_RUN_OK(run) EXPECT_EQ((run).exit_code, 0) << (run).err

class EndToEndTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(world_.running()); }

  // `bu` opens a case and signs its agreements; returns its id.
  std::string OpenCase(const Person& bu) {
    const ProcessRun created = world_.Cli(bu, {"case", "create", "--json"});
    EXPECT_RUN_OK(created);
    const std::string case_id = Capture(created.out, R"re("case":"([0-9a-f]{32})")re");
    Agree(bu, case_id);
    return case_id;
  }

  // `person` signs the confidentiality agreement and declares their interests.
  void Agree(const Person& person, const std::string& case_id) {
    EXPECT_RUN_OK(world_.Cli(person, {"agreement", "sign", "--case", case_id}));
    EXPECT_RUN_OK(world_.Cli(person, {"interest", "declare", "--case", case_id}));
  }

  // `by` gives `to` `role` on the case (with `agency` for agency roles).
  void Assign(const Person& by, const Person& to, const std::string& case_id,
              const std::string& role, const std::string& agency = "") {
    std::vector<std::string> args = {"member", "add",      "--case", case_id,
                                     "--user", to.user_id, "--role", role};
    if (!agency.empty()) args.insert(args.end(), {"--agency", agency});
    EXPECT_RUN_OK(world_.Cli(by, args));
  }

  // A business unit and a reviewer enrolled; the business unit opens a case, makes the other a
  // reviewer on it, and both sign its agreements. Returns the case id.
  std::string CaseWithReviewer() {
    bu_ = &world_.Enrol("B. Unit", true);
    reviewer_ = &world_.Enrol("R. Viewer");
    const std::string case_id = OpenCase(*bu_);
    Assign(*bu_, *reviewer_, case_id, "reviewer");
    Agree(*reviewer_, case_id);
    return case_id;
  }

  // `bu` opens a case and makes `lead` police safeguarding lead, who nominates `rep` police
  // representative; all four sign the agreements and `rep` syncs. Returns the case id.
  std::string CaseWithPoliceRepresentative(const Person& bu, const Person& lead, const Person& rep,
                                           const Person& reader) {
    const std::string case_id = OpenCase(bu);
    Assign(bu, lead, case_id, "safeguarding_lead", "police");
    Agree(lead, case_id);
    EXPECT_RUN_OK(world_.Cli(lead, {"member", "nominate", "--case", case_id, "--user", rep.user_id,
                                    "--agency", "police"}));
    Agree(rep, case_id);
    Agree(reader, case_id);
    EXPECT_RUN_OK(Sync(rep));
    return case_id;
  }

  // `rep` secures the file at `source` into the police compartment; returns its id ("" when
  // that failed).
  std::string SecurePoliceFile(const Person& rep, const std::string& case_id,
                               const std::string& source) {
    const ProcessRun secured = world_.Cli(
        rep,
        {"file", "secure", "--case", case_id, "--compartment", "agency:police", source, "--json"});
    EXPECT_RUN_OK(secured);
    return Capture(secured.out, R"re("file":"([0-9a-f]{32})")re");
  }

  // `rep` grants `reader` read access to the police compartment and syncs, which seals the
  // compartment key to the reader's device.
  void GrantPoliceRead(const Person& rep, const Person& reader, const std::string& case_id) {
    EXPECT_RUN_OK(world_.Cli(rep, {"member", "grant", "--case", case_id, "--compartment",
                                   "agency:police", "--user", reader.user_id, "--access", "read"}));
    EXPECT_RUN_OK(Sync(rep));
  }

  ProcessRun Sync(const Person& person) { return world_.Cli(person, {"sync"}); }

  // Adds terms of reference to the shared workspace as `person`; returns the record id.
  std::string AddTerms(const Person& person, const std::string& case_id,
                       const std::string& overview) {
    const ProcessRun added = world_.Cli(
        person, {"record", "add", "--case", case_id, "--type", "terms_of_reference", "--field",
                 "title=Terms of reference: Child A", "--field", "overview=" + overview, "--json"});
    EXPECT_RUN_OK(added);
    return Capture(added.out, R"re("record":"([0-9a-f]{32})")re");
  }

  std::string WriteFile(const std::string& name, const std::string& content) {
    const std::string path = world_.dir() + "/" + name;
    std::ofstream(path, std::ios::binary) << content;
    return path;
  }

  CliWorld world_;
  Person* bu_ = nullptr;
  Person* reviewer_ = nullptr;
};

TEST_F(EndToEndTest, TheBusinessUnitOpensACaseAndAssignsRoles) {
  Person& bu = world_.Enrol("B. Unit", true);
  Person& lead = world_.Enrol("P. Lead");
  Person& reviewer = world_.Enrol("R. Viewer");
  ASSERT_FALSE(HasFailure());
  const std::string case_id = OpenCase(bu);
  Assign(bu, lead, case_id, "safeguarding_lead", "police");
  Assign(bu, reviewer, case_id, "reviewer");

  const ProcessRun shown = world_.Cli(bu, {"case", "show", "--case", case_id});
  EXPECT_RUN_OK(shown);
  EXPECT_NE(shown.out.find("state: referred"), std::string::npos) << shown.out;
  for (const std::string& expected : std::vector<std::string>{
           "P. Lead", "safeguarding_lead/police", "R. Viewer", lead.user_id, reviewer.user_id}) {
    EXPECT_NE(shown.out.find(expected), std::string::npos) << expected << "\n" << shown.out;
  }
  const ProcessRun listed = world_.Cli(reviewer, {"case", "list", "--json"});
  EXPECT_RUN_OK(listed);
  EXPECT_NE(listed.out.find(R"("case":")" + case_id +
                            R"(","state":"referred","roles":["reviewer"],"grants":[],)"
                            R"("compartments":["drafts","shared"])"),
            std::string::npos)
      << listed.out;

  const ProcessRun not_staff = world_.Cli(reviewer, {"case", "create"});
  EXPECT_EQ(not_staff.exit_code, 3) << not_staff.err;
  EXPECT_NE(not_staff.err.find("business unit"), std::string::npos) << not_staff.err;
}

TEST_F(EndToEndTest, ARepresentativeSecuresAFileAndGrantsAPractitionerReadOnlyAccess) {
  Person& bu = world_.Enrol("B. Unit", true);
  Person& lead = world_.Enrol("P. Lead");
  Person& rep = world_.Enrol("P. Representative");
  Person& reader = world_.Enrol("P. Practitioner");
  ASSERT_FALSE(HasFailure());
  const std::string case_id = CaseWithPoliceRepresentative(bu, lead, rep, reader);

  std::string minutes;
  for (int line = 1; minutes.size() < 200'000; ++line) {
    minutes += "Strategy meeting minute " + std::to_string(line) + ": action agreed.\n";
  }
  const std::string file_id = SecurePoliceFile(rep, case_id, WriteFile("minutes.txt", minutes));
  ASSERT_EQ(file_id.size(), 32u);
  const ProcessRun sent = Sync(rep);
  EXPECT_RUN_OK(sent);
  EXPECT_NE(sent.out.find("agency:police: 1 change sent, 0 changes received (0 records "
                          "changed), 1 file up, 0 files down"),
            std::string::npos)
      << sent.out;

  GrantPoliceRead(rep, reader, case_id);
  const ProcessRun received = Sync(reader);
  EXPECT_RUN_OK(received);
  EXPECT_NE(received.out.find("1 file down"), std::string::npos) << received.out;
  const ProcessRun files =
      world_.Cli(reader, {"file", "list", "--case", case_id, "--compartment", "agency:police"});
  EXPECT_NE(files.out.find(file_id + "  minutes.txt"), std::string::npos) << files.out;
  const std::string copy = world_.dir() + "/copy.txt";
  EXPECT_RUN_OK(world_.Cli(reader, {"file", "get", "--case", case_id, "--compartment",
                                    "agency:police", "--file", file_id, "--to", copy}));
  EXPECT_EQ(ReadFile(copy), minutes);
  const ProcessRun roster = world_.Cli(bu, {"case", "show", "--case", case_id, "--json"});
  EXPECT_NE(roster.out.find(R"("user":")" + reader.user_id +
                            R"(","name":"P. Practitioner","organisation":"Partnership",)"
                            R"("holds":"read","compartment":"agency:police")"),
            std::string::npos)
      << roster.out;

  // Read only: the device knows it from the last sync and saves no change to be refused later.
  const ProcessRun refused = world_.Cli(
      reader, {"record", "add", "--case", case_id, "--compartment", "agency:police", "--type",
               "chronology_entry", "--field", "agency=police", "--field", "involvement_with=child",
               "--field", "date_from=2026-01-05", "--field", "description=Home visit"});
  EXPECT_EQ(refused.exit_code, 3) << refused.out << refused.err;
  EXPECT_NE(refused.err.find("read-only access to agency:police"), std::string::npos)
      << refused.err;
  EXPECT_RUN_OK(Sync(reader));
}

TEST_F(EndToEndTest, AReviewerIsRefusedTheAgencyCompartment) {
  const std::string case_id = CaseWithReviewer();
  ASSERT_FALSE(HasFailure());
  Person& bu = *bu_;
  Person& reviewer = *reviewer_;
  for (const Person* who : {&reviewer, &bu}) {
    const ProcessRun refused =
        world_.Cli(*who, {"member", "grant", "--case", case_id, "--compartment", "agency:police",
                          "--user", reviewer.user_id, "--access", "read"});
    EXPECT_EQ(refused.exit_code, 3) << who->name << ": " << refused.err;
    EXPECT_NE(refused.err.find("recorded in the access log"), std::string::npos) << refused.err;
    EXPECT_EQ(refused.out, "");
  }
  const ProcessRun synced = Sync(reviewer);
  EXPECT_RUN_OK(synced);
  EXPECT_EQ(synced.out.find("agency:police"), std::string::npos) << synced.out;
  const ProcessRun verified = world_.Cli(reviewer, {"log", "verify"});
  EXPECT_RUN_OK(verified);
  EXPECT_NE(verified.out.find("nothing was removed or rewritten"), std::string::npos)
      << verified.out;
}

TEST_F(EndToEndTest, DraftsGoToTheirOwnCompartmentAndOnlyTheBusinessUnitPurgesThem) {
  const std::string case_id = CaseWithReviewer();
  ASSERT_FALSE(HasFailure());
  EXPECT_RUN_OK(Sync(*bu_));
  EXPECT_RUN_OK(Sync(*reviewer_));
  const ProcessRun added =
      world_.Cli(*reviewer_, {"record", "add", "--case", case_id, "--type", "report_draft",
                              "--field", "title=Report: Child A", "--field", "version=1", "--field",
                              "body=First draft of the findings", "--json"});
  EXPECT_RUN_OK(added);
  const std::string draft = Capture(added.out, R"re("record":"([0-9a-f]{32})")re");
  EXPECT_RUN_OK(Sync(*reviewer_));
  EXPECT_RUN_OK(Sync(*bu_));
  const std::vector<std::string> list_drafts = {"record", "list",          "--case",
                                                case_id,  "--compartment", "drafts"};
  const ProcessRun listed = world_.Cli(*bu_, list_drafts);
  EXPECT_RUN_OK(listed);
  EXPECT_NE(listed.out.find(draft), std::string::npos) << listed.out;
  const ProcessRun shared = world_.Cli(*bu_, {"record", "list", "--case", case_id});
  EXPECT_EQ(shared.out.find(draft), std::string::npos) << "not in shared: " << shared.out;

  const ProcessRun refused = world_.Cli(*reviewer_, {"drafts", "purge", "--case", case_id});
  EXPECT_EQ(refused.exit_code, 3) << refused.err;
  EXPECT_NE(refused.err.find("recorded in the access log"), std::string::npos) << refused.err;
  const ProcessRun purged = world_.Cli(*bu_, {"drafts", "purge", "--case", case_id});
  EXPECT_RUN_OK(purged);
  const ProcessRun synced = Sync(*reviewer_);
  EXPECT_RUN_OK(synced);
  EXPECT_NE(synced.err.find("drafts: purged on the server, removed from this device"),
            std::string::npos)
      << synced.err;
  for (const Person* who : {bu_, reviewer_}) {
    const ProcessRun gone = world_.Cli(*who, list_drafts);
    EXPECT_EQ(gone.out.find(draft), std::string::npos) << who->name << ": " << gone.out;
  }
}

TEST_F(EndToEndTest, AViewerReadsOneSharedDraftOnATerminalOnlyUntilWithdrawnAndKeepsNoCopy) {
  const std::string case_id = CaseWithReviewer();
  ASSERT_FALSE(HasFailure());
  Person& family = world_.Enrol("F. Member");
  EXPECT_RUN_OK(world_.Cli(*bu_, {"member", "add", "--case", case_id, "--user", family.user_id,
                                  "--role", "viewer", "--hours", "48"}));
  Agree(family, case_id);
  EXPECT_RUN_OK(Sync(*reviewer_));
  const std::string body = "Draft findings on the last home visit";
  const ProcessRun added =
      world_.Cli(*reviewer_, {"record", "add", "--case", case_id, "--type", "report_draft",
                              "--field", "title=Report: Child A", "--field", "version=2", "--field",
                              "body=" + body, "--json"});
  EXPECT_RUN_OK(added);
  const std::string draft = Capture(added.out, R"re("record":"([0-9a-f]{32})")re");

  const ProcessRun shared =
      world_.Cli(*reviewer_, {"drafts", "share", "--case", case_id, "--record", draft, "--viewer",
                              family.user_id, "--json"});
  EXPECT_RUN_OK(shared);
  const std::string view = Capture(shared.out, R"re("view":"([0-9a-f]{32})")re");
  ASSERT_FALSE(view.empty()) << shared.out;

  const ProcessRun piped = world_.Cli(family, {"drafts", "view", "--case", case_id});
  EXPECT_EQ(piped.exit_code, 3) << piped.err;
  EXPECT_NE(piped.err.find("shown on a terminal only"), std::string::npos) << piped.err;
  EXPECT_EQ(piped.out.find(body), std::string::npos);

  const ProcessRun seen = world_.CliOnTerminal(family, {"drafts", "view", "--case", case_id});
  EXPECT_RUN_OK(seen);
  EXPECT_NE(seen.out.find(body), std::string::npos) << seen.out;
  EXPECT_NE(seen.out.find("read-only draft"), std::string::npos) << seen.out;

  EXPECT_RUN_OK(Sync(family));
  EXPECT_FALSE(casevault::testing::AnyFileContains(family.home, AsBytes(body)))
      << "nothing of the draft is stored on the viewer's device";
  EXPECT_FALSE(casevault::testing::AnyFileContains(family.home, AsBytes(draft)));
  const ProcessRun refused_export = world_.Cli(family, {"chronology", "export", "--case", case_id,
                                                        "--output", world_.dir() + "/family.csv"});
  EXPECT_NE(refused_export.exit_code, 0) << "a viewer holds no replica to export";

  EXPECT_RUN_OK(world_.Cli(*bu_, {"drafts", "withdraw", "--case", case_id, "--view", view}));
  const ProcessRun after =
      world_.CliOnTerminal(family, {"drafts", "view", "--case", case_id, "--view", view});
  EXPECT_EQ(after.exit_code, 3) << after.out;
  EXPECT_EQ(after.out.find(body), std::string::npos);
  const ProcessRun log = world_.Cli(*bu_, {"log", "show", "--case", case_id, "--json"});
  EXPECT_RUN_OK(log);
  EXPECT_NE(log.out.find(R"("action":"view-draft")"), std::string::npos) << log.out;
  EXPECT_NE(log.out.find(R"("allowed":false)"), std::string::npos) << log.out;
}

TEST_F(EndToEndTest, TwoDevicesEditTheSameRecordOfflineAndAPersonSettlesTheConflict) {
  const std::string case_id = CaseWithReviewer();
  ASSERT_FALSE(HasFailure());
  Person& bu = *bu_;
  Person& reviewer = *reviewer_;
  EXPECT_RUN_OK(Sync(bu));
  const std::string id =
      AddTerms(bu, case_id, "Scope: 2024.\nMethod: systems.\nTimescale: 6 months.\n");
  EXPECT_RUN_OK(Sync(bu));
  EXPECT_RUN_OK(Sync(reviewer));

  world_.StopServer();
  EXPECT_RUN_OK(world_.Cli(bu, {"record", "edit", "--case", case_id, "--record", id, "--field",
                                "title=Terms of reference (business unit)", "--field",
                                "overview=Scope: 2023 to 2024.\nMethod: systems.\nTimescale: 6 "
                                "months.\n"}));
  EXPECT_RUN_OK(world_.Cli(reviewer, {"record", "edit", "--case", case_id, "--record", id,
                                      "--field", "title=Terms of reference (reviewer)", "--field",
                                      "overview=Scope: 2024.\nMethod: systems.\nTimescale: 4 "
                                      "months.\n"}));
  world_.RestartServer();
  EXPECT_RUN_OK(Sync(reviewer));
  EXPECT_RUN_OK(Sync(bu));

  const ProcessRun conflicts = world_.Cli(bu, {"conflict", "list", "--case", case_id});
  EXPECT_RUN_OK(conflicts);
  EXPECT_NE(conflicts.out.find("field title:"), std::string::npos) << conflicts.out;
  EXPECT_NE(conflicts.out.find("value: Terms of reference (business unit)"), std::string::npos);
  EXPECT_NE(conflicts.out.find("value: Terms of reference (reviewer)"), std::string::npos);
  EXPECT_EQ(conflicts.out.find("overview"), std::string::npos) << "the texts merged line by line";
  const ProcessRun merged = world_.Cli(bu, {"record", "show", "--case", case_id, "--record", id});
  EXPECT_NE(merged.out.find("Scope: 2023 to 2024.\n      Method: systems.\n      Timescale: 4 "
                            "months."),
            std::string::npos)
      << merged.out;
  EXPECT_NE(merged.out.find("! title is in conflict"), std::string::npos);

  const ProcessRun json = world_.Cli(bu, {"conflict", "list", "--case", case_id, "--json"});
  const std::string pick =
      Capture(json.out, R"re("pick":(\d),"value":"Terms of reference \(reviewer\)")re");
  ASSERT_FALSE(pick.empty()) << json.out;
  EXPECT_RUN_OK(world_.Cli(bu, {"conflict", "resolve", "--case", case_id, "--record", id, "--field",
                                "title", "--pick", pick}));
  EXPECT_RUN_OK(Sync(bu));
  EXPECT_RUN_OK(Sync(reviewer));
  const ProcessRun settled =
      world_.Cli(reviewer, {"record", "show", "--case", case_id, "--record", id, "--json"});
  EXPECT_NE(settled.out.find(R"re("title":"Terms of reference (reviewer)")re"), std::string::npos)
      << settled.out;
  EXPECT_NE(settled.out.find(R"("conflicts":[])"), std::string::npos) << settled.out;
}

TEST_F(EndToEndTest, WhileTheServerIsDownEditsAreKeptAndTheNextSyncSendsThem) {
  const std::string case_id = CaseWithReviewer();
  ASSERT_FALSE(HasFailure());
  Person& bu = *bu_;
  Person& reviewer = *reviewer_;
  EXPECT_RUN_OK(Sync(bu));
  const std::string id = AddTerms(bu, case_id, "Scope: 2024.\n");

  world_.StopServer();
  EXPECT_RUN_OK(world_.Cli(bu, {"record", "edit", "--case", case_id, "--record", id, "--field",
                                "overview=Scope: 2024, edited on the train.\n"}));
  const ProcessRun down = Sync(bu);
  EXPECT_EQ(down.exit_code, 5) << down.err;
  EXPECT_NE(down.err.find("server unreachable, retrying"), std::string::npos) << down.err;
  const ProcessRun offline_list = world_.Cli(bu, {"case", "list"});
  EXPECT_RUN_OK(offline_list);
  EXPECT_NE(offline_list.out.find(case_id), std::string::npos) << offline_list.out;
  const ProcessRun history =
      world_.Cli(bu, {"record", "history", "--case", case_id, "--record", id});
  EXPECT_EQ(std::count(history.out.begin(), history.out.end(), '\n'), 2) << history.out;
  EXPECT_NE(history.out.find("edited: overview  [not synced yet]"), std::string::npos);

  world_.RestartServer();
  const ProcessRun up = Sync(bu);
  EXPECT_RUN_OK(up);
  EXPECT_NE(up.out.find("shared: 2 changes sent"), std::string::npos) << up.out;
  EXPECT_RUN_OK(Sync(reviewer));
  const ProcessRun shown =
      world_.Cli(reviewer, {"record", "show", "--case", case_id, "--record", id});
  EXPECT_NE(shown.out.find("overview: Scope: 2024, edited on the train."), std::string::npos)
      << shown.out;
}

TEST_F(EndToEndTest, ALostLaptopIsRevokedTheOthersRotateKeysAndItWipesItsCases) {
  const std::string case_id = CaseWithReviewer();
  ASSERT_FALSE(HasFailure());
  Person& desk = *reviewer_;
  Person& laptop = world_.AnotherDevice(desk);
  ASSERT_FALSE(HasFailure());
  EXPECT_RUN_OK(Sync(*bu_));
  const std::string id = AddTerms(*bu_, case_id, "Scope: 2024.\n");
  EXPECT_RUN_OK(Sync(*bu_));
  EXPECT_RUN_OK(Sync(laptop));
  const ProcessRun devices = world_.Cli(laptop, {"device", "list", "--json"});
  const std::string lost =
      Capture(devices.out, R"re("device":"([0-9a-f]{32})","revoked":false,"this_device":true)re");
  ASSERT_EQ(lost.size(), 32u) << devices.out;

  EXPECT_RUN_OK(world_.Cli(desk, {"device", "revoke", "--device", lost}));
  const ProcessRun listed = world_.Cli(desk, {"device", "list"});
  EXPECT_NE(listed.out.find(lost + "  revoked"), std::string::npos) << listed.out;
  const ProcessRun rotated = Sync(*bu_);
  EXPECT_RUN_OK(rotated);
  EXPECT_NE(rotated.out.find("keys rotated"), std::string::npos) << rotated.out;

  const ProcessRun wiped = Sync(laptop);
  EXPECT_EQ(wiped.exit_code, 3) << wiped.out << wiped.err;
  EXPECT_NE(wiped.err.find("revoked this device"), std::string::npos) << wiped.err;
  const ProcessRun gone = world_.Cli(laptop, {"record", "show", "--case", case_id, "--record", id});
  EXPECT_EQ(gone.exit_code, 4) << "the case is no longer on the laptop: " << gone.out;
  EXPECT_NE(world_.Cli(laptop, {"lease", "show"}).out.find("no cases on this device"),
            std::string::npos);
}

TEST_F(EndToEndTest, AFileDownloadCutMidwayResumesAndTheFileArrivesByteForByte) {
  Result<std::unique_ptr<CuttingProxy>> started = CuttingProxy::Start(world_.port());
  ASSERT_TRUE(started.ok()) << started.status().ToString();
  CuttingProxy& proxy = **started;
  Person& bu = world_.Enrol("B. Unit", true);
  Person& lead = world_.Enrol("P. Lead");
  Person& rep = world_.Enrol("P. Representative");
  Person& reader =
      world_.Enrol("P. Practitioner", false, "127.0.0.1:" + std::to_string(proxy.port()));
  ASSERT_FALSE(HasFailure());
  const std::string case_id = CaseWithPoliceRepresentative(bu, lead, rep, reader);

  // Sixteen chunks of bytes that do not compress, secured and sent by the representative.
  constexpr size_t kChunks = 16;
  std::string content(kChunks * crypto::kDefaultChunkSize - 777, '\0');
  std::mt19937 random(7);
  std::generate(content.begin(), content.end(), [&] { return static_cast<char>(random()); });
  const std::string file_id = SecurePoliceFile(rep, case_id, WriteFile("interview.bin", content));
  ASSERT_EQ(file_id.size(), 32u);
  EXPECT_RUN_OK(Sync(rep));
  GrantPoliceRead(rep, reader, case_id);

  // The practitioner's download is cut about 40% of the way through the file.
  proxy.CutAfter(CuttingProxy::Cut::kReply, 400'000);
  const ProcessRun cut = Sync(reader);
  EXPECT_EQ(proxy.cuts(), 1u) << "the proxy cut the connection in the middle of the file";
  if (cut.exit_code != 0) {
    EXPECT_EQ(cut.exit_code, 5) << cut.err;
    EXPECT_NE(cut.err.find("unreachable"), std::string::npos) << cut.err;
  }
  const ProcessRun resumed = Sync(reader);
  EXPECT_RUN_OK(resumed);
  EXPECT_EQ(proxy.cuts(), 1u) << "cut once";

  const std::string copy = world_.dir() + "/interview-copy.bin";
  EXPECT_RUN_OK(world_.Cli(reader, {"file", "get", "--case", case_id, "--compartment",
                                    "agency:police", "--file", file_id, "--to", copy}));
  const std::string received = ReadFile(copy);
  EXPECT_EQ(received.size(), content.size());
  EXPECT_TRUE(received == content) << "the file arrived byte for byte";

  // The server logged every chunk the practitioner fetched: each once, but the one whose reply
  // was cut, twice. A download that started again would have fetched the first chunks again.
  const ProcessRun log = world_.ServerAdmin({"log", "show", "--case", case_id});
  EXPECT_RUN_OK(log);
  std::istringstream lines(log.out);
  size_t fetched = 0;
  for (std::string line; std::getline(lines, line);) {
    if (line.find("user " + reader.user_id) != std::string::npos &&
        line.find(" get-chunk ") != std::string::npos) {
      ++fetched;
    }
  }
  EXPECT_EQ(fetched, kChunks + 1) << log.out;
}

TEST_F(EndToEndTest, AServerWhoseCertificateDoesNotMatchThePinIsRefused) {
  Person person{"P. Person", "", world_.dir() + "/home", "a passphrase"};
  const std::string code = world_.AddUser(person, false);
  EXPECT_RUN_OK(world_.Cli(person, {"init", "--kdf", "interactive"}));
  std::string wrong = world_.fingerprint();
  wrong[10] = wrong[10] == '0' ? '1' : '0';
  const ProcessRun refused = world_.Cli(person, {"enrol", "--server", world_.server_address(),
                                                 "--fingerprint", wrong, "--code", code});
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_NE(refused.err.find("does not match the pinned fingerprint"), std::string::npos)
      << refused.err;
  const ProcessRun not_enrolled = world_.Cli(person, {"case", "list"});
  EXPECT_EQ(not_enrolled.exit_code, 4) << "nothing was saved";
  EXPECT_RUN_OK(world_.Cli(person, {"enrol", "--server", world_.server_address(), "--fingerprint",
                                    world_.fingerprint(), "--code", code}))
      << "the code was never sent to the impostor";
}

TEST_F(EndToEndTest, AWrongPassphraseIsRefusedAndTheDeviceStillOpensWithTheRightOne) {
  Person& bu = world_.Enrol("B. Unit", true);
  ASSERT_FALSE(HasFailure());
  Person impostor = bu;
  impostor.passphrase = "not the passphrase";
  const ProcessRun refused = world_.Cli(impostor, {"case", "list"});
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_NE(refused.err.find("wrong passphrase"), std::string::npos) << refused.err;
  EXPECT_EQ(refused.out, "");
  EXPECT_RUN_OK(world_.Cli(bu, {"case", "list"}));
}

TEST_F(EndToEndTest, PastTheOfflineLeaseTheBusinessUnitSetTheCaseDoesNotOpenUntilItSyncs) {
  const std::string case_id = CaseWithReviewer();
  ASSERT_FALSE(HasFailure());
  Person& bu = *bu_;
  Person& reviewer = *reviewer_;
  const ProcessRun refused =
      world_.Cli(reviewer, {"case", "lease", "--case", case_id, "--days", "1"});
  EXPECT_EQ(refused.exit_code, 3) << refused.err;
  EXPECT_NE(refused.err.find("recorded in the access log"), std::string::npos) << refused.err;
  EXPECT_EQ(world_.Cli(bu, {"case", "lease", "--case", case_id, "--days", "91"}).exit_code, 2);
  EXPECT_RUN_OK(world_.Cli(bu, {"case", "lease", "--case", case_id, "--days", "1"}));
  EXPECT_RUN_OK(Sync(bu));
  const std::string id = AddTerms(bu, case_id, "Scope: 2024.\n");
  const ProcessRun lease = world_.Cli(bu, {"lease", "show", "--json"});
  EXPECT_NE(lease.out.find(R"("case":")" + case_id + R"(","lease_days":1,)"), std::string::npos)
      << lease.out;
  {
    // The last sync, moved two days back through the library (as if the laptop had been
    // offline since), with the lease it brought.
    auto home = DeviceHome::Unlock(Env::Default(), bu.home, bu.passphrase);
    ASSERT_TRUE(home.ok()) << home.status().ToString();
    const Id128 case_key = *Id128::FromHex(case_id);
    Replica& replica = (*home)->replica();
    ASSERT_TRUE(replica
                    .RecordCaseSynced(case_key, Env::Default().NowMicros() - 2 * kDay,
                                      *replica.CaseLeaseDays(case_key))
                    .ok());
  }
  const ProcessRun expired = world_.Cli(bu, {"record", "show", "--case", case_id, "--record", id});
  EXPECT_EQ(expired.exit_code, 4);
  EXPECT_NE(expired.err.find("offline lease of case " + case_id + " ended on "), std::string::npos)
      << expired.err;
  EXPECT_NE(expired.err.find("(1 day after its last sync)"), std::string::npos) << expired.err;
  EXPECT_NE(expired.err.find("run `casevault sync`"), std::string::npos);
  EXPECT_EQ(expired.out, "");
  EXPECT_RUN_OK(Sync(bu));
  const ProcessRun reopened = world_.Cli(bu, {"record", "show", "--case", case_id, "--record", id});
  EXPECT_RUN_OK(reopened);
  EXPECT_NE(reopened.out.find("overview: Scope: 2024."), std::string::npos) << reopened.out;
}

}  // namespace
}  // namespace casevault::client::cli
