// The integrated chronology with the real `casevault` and `casevault-server` binaries: a police
// representative's secured entry and its submitted copy are listed once, the reviewer sees only
// the copy, and the reviewer's offline export reaches the server's access log at the next sync.
#include <gtest/gtest.h>

#include "cli_world.h"

namespace casevault::client::cli {
namespace {

TEST(EndToEndChronology, ExportsAreListedOnceAndReachTheAccessLog) {
  CliWorld world;
  ASSERT_TRUE(world.running());
  Person& bu = world.Enrol("B. Unit", true);
  Person& lead = world.Enrol("P. Lead");
  Person& rep = world.Enrol("P. Representative");
  Person& reviewer = world.Enrol("R. Viewer");
  ASSERT_FALSE(::testing::Test::HasFailure());
  const auto run = [&world](const Person& person, const std::vector<std::string>& args) {
    const ProcessRun done = world.Cli(person, args);
    EXPECT_EQ(done.exit_code, 0) << done.err;
    return done;
  };
  const auto agree = [&run](const Person& person, const std::string& case_id) {
    run(person, {"agreement", "sign", "--case", case_id});
    run(person, {"interest", "declare", "--case", case_id});
  };
  const std::string case_id =
      Capture(run(bu, {"case", "create", "--json"}).out, R"re("case":"([0-9a-f]{32})")re");
  ASSERT_EQ(case_id.size(), 32u);
  agree(bu, case_id);
  run(bu, {"member", "add", "--case", case_id, "--user", lead.user_id, "--role",
           "safeguarding_lead", "--agency", "police"});
  run(bu, {"member", "add", "--case", case_id, "--user", reviewer.user_id, "--role", "reviewer"});
  agree(lead, case_id);
  run(lead, {"member", "nominate", "--case", case_id, "--user", rep.user_id, "--agency", "police"});
  agree(rep, case_id);
  agree(reviewer, case_id);
  run(bu, {"sync"});
  run(rep, {"sync"});
  for (const char* compartment : {"agency:police", "shared"}) {
    run(rep, {"record", "add", "--case", case_id, "--compartment", compartment, "--type",
              "chronology_entry", "--field", "agency=police", "--field", "involvement_with=child",
              "--field", "date_from=2026-01-05", "--field", "description=Home visit"});
  }
  run(rep, {"sync"});
  const ProcessRun rep_view = run(rep, {"chronology", "show", "--case", case_id, "--json"});
  EXPECT_NE(rep_view.out.find(R"("compartments":["shared","agency:police"])"), std::string::npos)
      << rep_view.out;
  EXPECT_EQ(rep_view.out.find("Home visit"), rep_view.out.rfind("Home visit")) << rep_view.out;

  run(reviewer, {"sync"});
  const std::string csv = world.dir() + "/chronology.csv";
  run(reviewer, {"chronology", "export", "--case", case_id, "--output", csv});
  EXPECT_NE(ReadFile(csv).find("\r\npolice,child,2026-01-05,,Home visit,"), std::string::npos)
      << ReadFile(csv);
  run(reviewer, {"sync"});
  const ProcessRun log = run(bu, {"log", "show", "--case", case_id});
  EXPECT_NE(log.out.find("user " + reviewer.user_id +
                         "  export shared chronology-csv  allowed: read offline"),
            std::string::npos)
      << log.out;
}

}  // namespace
}  // namespace casevault::client::cli
