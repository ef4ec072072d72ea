#include "sync_scene.h"

#include <cstdio>
#include <map>
#include <memory>

#include "casevault/client/replica.h"
#include "casevault/crypto/hash.h"
#include "casevault/crypto/random_id.h"
#include "casevault/crypto/sealed_box.h"
#include "casevault/sync/hub.h"
#include "casevault/sync/local_writer.h"
#include "casevault/sync/sync_engine.h"
#include "narration.h"

namespace casevault::demo {
namespace {

using sync::CompartmentRef;

constexpr std::string_view kOverview =
    "Scope: the agencies' contact with the family from January 2024.\n"
    "Method: systems methodology with practitioner learning events.\n"
    "Timescale: report to the partnership within six months.\n";

// One laptop: its device keys, encrypted replica, clock, writer and sync engine.
struct Laptop {
  explicit Laptop(std::string owner_name) : owner(std::move(owner_name)) {}

  std::string owner;
  crypto::DeviceIdentity device = crypto::DeviceIdentity::Generate();
  std::unique_ptr<client::Replica> replica;
  std::unique_ptr<sync::HybridClock> clock;
  std::unique_ptr<sync::LocalWriter> writer;
  std::unique_ptr<sync::SyncEngine> engine;
};

// Syncs `laptop` and refreshes the records that changed; prints what came and went.
void SyncAndShow(Laptop& laptop, const CompartmentRef& shared) {
  Result<sync::SyncReport> report = laptop.engine->Sync(shared);
  Check(report.ok(), laptop.owner + " syncs: " +
                         (report.ok() ? std::to_string(report->pushed) + " sent, " +
                                            std::to_string(report->pulled) + " received"
                                      : report.status().ToString()));
  if (report.ok()) {
    Check(laptop.replica->Materialize(shared, report->changed_records).ok(),
          laptop.owner + "'s replica updated");
  }
}

Status Edit(Laptop& laptop, const CompartmentRef& shared, const Id128& id, const std::string& title,
            const std::string& overview) {
  CV_ASSIGN_OR_RETURN(sync::RecordState state, laptop.writer->State(shared, id));
  CV_ASSIGN_OR_RETURN(schema::Record record, state.ToRecord());
  CV_RETURN_IF_ERROR(record.Set("title", title));
  CV_RETURN_IF_ERROR(record.Set("overview", overview));
  CV_RETURN_IF_ERROR(laptop.writer->Update(shared, id, record));
  const Id128 ids[] = {id};
  return laptop.replica->Materialize(shared, ids);
}

std::string ShownText(const sync::RecordState& state, std::string_view field) {
  auto it = state.fields.find(field);
  if (it == state.fields.end() || !it->second.value) return "";
  return schema::FormatFieldValue(*it->second.value);
}

}  // namespace

void PlaySyncScene(const std::string& workdir) {
  Say("Two laptops share the review workspace: the business unit's and the lead reviewer's");
  Env& env = Env::Default();
  sync::MemoryHubStore hub_store;
  sync::Hub hub(hub_store, env);
  const CompartmentRef shared{crypto::NewRandomId(), "shared"};
  const crypto::SecretKey shared_key = crypto::SecretKey::Generate();
  Laptop office("business unit");
  Laptop train("lead reviewer");
  const std::map<Id128, crypto::SigningPublicKey> devices = {
      {office.device.device_id(), office.device.signing_keys().public_key()},
      {train.device.device_id(), train.device.signing_keys().public_key()}};
  for (Laptop* laptop : {&office, &train}) {
    auto replica = client::Replica::Open(env, workdir + "/" + laptop->owner, laptop->device);
    Check(replica.ok(), laptop->owner + "'s replica opened");
    if (!replica.ok()) return;
    laptop->replica = *std::move(replica);
    Check(laptop->replica
              ->AddCompartmentKey(
                  shared, 1, crypto::WrapKey(laptop->device.box_keys().public_key(), shared_key))
              .ok(),
          "shared workspace key wrapped to " + laptop->owner);
    laptop->clock = std::make_unique<sync::HybridClock>(env, laptop->device.device_id());
    laptop->writer = std::make_unique<sync::LocalWriter>(*laptop->replica, *laptop->replica,
                                                         *laptop->clock, laptop->device);
    laptop->engine = std::make_unique<sync::SyncEngine>(*laptop->replica, hub, *laptop->replica,
                                                        *laptop->clock, devices);
  }

  schema::Record terms(schema::RecordType::kTermsOfReference);
  Check(terms.Set("title", std::string("Terms of reference: Child A")).ok() &&
            terms.Set("overview", std::string(kOverview)).ok(),
        "terms of reference drafted");
  Result<Id128> id = office.writer->Create(shared, terms);
  Check(id.ok(), "business unit saves them (signed, sealed, queued for sync)");
  if (!id.ok()) return;
  SyncAndShow(office, shared);
  SyncAndShow(train, shared);
  Result<schema::Record> received = train.replica->GetRecord(shared, *id);
  Check(received.ok() && *received == terms, "the reviewer's replica holds the same record");

  Say("Offline, both edit the same record: the reviewer on a train, the business unit online");
  std::string reviewer_overview(kOverview);
  reviewer_overview.replace(0, reviewer_overview.find('\n'),
                            "Scope: contact with the family from June 2023 (the first referral).");
  Check(Edit(train, shared, *id, "ToR: Child A (reviewer's draft)", reviewer_overview).ok(),
        "reviewer changes the scope line and the title, offline");
  std::string office_overview(kOverview);
  office_overview.replace(office_overview.rfind("Timescale"), std::string::npos,
                          "Timescale: report to the partnership by 30 June 2027.\n");
  Check(Edit(office, shared, *id, "ToR: Child A (agreed by panel)", office_overview).ok(),
        "business unit changes the timescale line and the title");

  Say("Both sync; no text is lost, and the true conflict is shown to a person");
  SyncAndShow(office, shared);
  SyncAndShow(train, shared);
  SyncAndShow(office, shared);
  Result<sync::RecordState> seen = train.writer->State(shared, *id);
  if (!seen.ok()) return;
  const std::string merged = ShownText(*seen, "overview");
  Check(!seen->fields.at("overview").conflict && merged.find("June 2023") != std::string::npos &&
            merged.find("30 June 2027") != std::string::npos,
        "the overview merged both edits line by line, without a conflict");
  const sync::FieldState& title = seen->fields.at("title");
  Check(title.conflict && title.versions.size() == 2, "the title is in conflict, both kept:");
  for (const sync::FieldVersion& version : title.versions) {
    std::printf(
        "     \"%s\" by %s\n",
        version.value ? schema::FormatFieldValue(*version.value).c_str() : "(cleared)",
        version.stamp.device == office.device.device_id() ? "business unit" : "lead reviewer");
  }

  Say("The reviewer resolves the title; everyone converges");
  Check(train.writer
            ->Resolve(shared, *id, "title",
                      schema::FieldValue(std::string("Terms of reference: Child A (agreed)")))
            .ok(),
        "reviewer picks the final title");
  SyncAndShow(train, shared);
  SyncAndShow(office, shared);
  Result<sync::RecordState> at_office = office.writer->State(shared, *id);
  Result<sync::RecordState> on_train = train.writer->State(shared, *id);
  Check(at_office.ok() && on_train.ok() && !at_office->HasConflicts() &&
            sync::EncodeRecordState(*at_office) == sync::EncodeRecordState(*on_train),
        "both replicas hold byte-identical merged state, with no conflict left");
  if (at_office.ok()) {
    std::printf(
        "   state hash %s...\n",
        ToHex(crypto::Blake2b256(sync::EncodeRecordState(*at_office))).substr(0, 16).c_str());
  }
}

}  // namespace casevault::demo
