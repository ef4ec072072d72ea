#include "sync_scene.h"

#include <cstdio>
#include <map>
#include <memory>

#include "casevault/client/compartment_sync.h"
#include "casevault/client/replica.h"
#include "casevault/crypto/hash.h"
#include "casevault/crypto/random_id.h"
#include "casevault/crypto/sealed_box.h"
#include "casevault/sync/hub.h"
#include "casevault/sync/local_writer.h"
#include "narration.h"

namespace casevault::demo {
namespace {

using sync::CompartmentRef;

constexpr std::string_view kOverview =
    "Scope: the agencies' contact with the family from January 2024.\n"
    "Method: systems methodology with practitioner learning events.\n"
    "Timescale: report to the partnership within six months.\n";

// One laptop: its device keys and encrypted replica.
struct Laptop {
  explicit Laptop(std::string owner_name) : owner(std::move(owner_name)) {}

  std::string owner;
  crypto::DeviceIdentity device = crypto::DeviceIdentity::Generate();
  std::unique_ptr<client::Replica> replica;
};

// Syncs compartment `where` of `laptop` with the hub; prints what came and went.
void SyncAndShow(Laptop& laptop, sync::Hub& hub, const CompartmentRef& where,
                 const std::map<Id128, crypto::SigningPublicKey>& devices) {
  Result<client::CompartmentSyncReport> report =
      client::SyncCompartment(*laptop.replica, hub, where, devices);
  std::string summary = report.status().ToString();
  if (report.ok()) {
    summary = std::to_string(report->ops.pushed) + " changes sent, " +
              std::to_string(report->ops.pulled) + " received";
    if (report->files_sent + report->files_received > 0) {
      summary += ", " + std::to_string(report->files_sent) + " files sent, " +
                 std::to_string(report->files_received) + " received";
    }
  }
  Check(report.ok() && report->files_waiting.empty(), laptop.owner + " syncs: " + summary);
}

Status Edit(Laptop& laptop, const CompartmentRef& shared, const Id128& id, const std::string& title,
            const std::string& overview) {
  sync::LocalWriter& writer = laptop.replica->writer();
  CV_ASSIGN_OR_RETURN(sync::RecordState state, writer.State(shared, id));
  CV_ASSIGN_OR_RETURN(schema::Record record, state.ToRecord());
  CV_RETURN_IF_ERROR(record.Set("title", title));
  CV_RETURN_IF_ERROR(record.Set("overview", overview));
  return writer.Update(shared, id, record);
}

std::string ShownText(const sync::RecordState& state, std::string_view field) {
  auto it = state.fields.find(field);
  if (it == state.fields.end() || !it->second.value) return "";
  return schema::FormatFieldValue(*it->second.value);
}

// A file secured on the police representative's desktop reaches their laptop through the hub.
void PlayFileTravel(Env& env, sync::Hub& hub, const Id128& case_id, const std::string& workdir) {
  Say("A secured file travels the same way: police desktop to police laptop, chunk by chunk");
  const CompartmentRef police{case_id, "agency:police"};
  const crypto::SecretKey police_key = crypto::SecretKey::Generate();
  Laptop desktop("police desktop");
  Laptop laptop("police laptop");
  const std::map<Id128, crypto::SigningPublicKey> devices = {
      {desktop.device.device_id(), desktop.device.signing_keys().public_key()},
      {laptop.device.device_id(), laptop.device.signing_keys().public_key()}};
  for (Laptop* device : {&desktop, &laptop}) {
    auto replica = client::Replica::Open(env, workdir + "/" + device->owner, device->device);
    if (!replica.ok() ||
        !(*replica)
             ->AddCompartmentKey(
                 police, 1, crypto::WrapKey(device->device.box_keys().public_key(), police_key))
             .ok()) {
      Check(false, device->owner + "'s replica opened with the agency:police key");
      return;
    }
    device->replica = *std::move(replica);
  }
  const std::string source = workdir + "/strategy-meeting-minutes.txt";
  std::string minutes;
  for (int line = 1; minutes.size() < 300'000; ++line) {
    minutes += "Strategy meeting minute " + std::to_string(line) + ": action agreed.\n";
  }
  Check(WriteFileAtomically(env, source, AsBytes(minutes)).ok(), "a 300 KB file to secure");
  client::FileImportOptions import;
  import.uploaded_by = "police representative";
  import.chunk_size = 64 * 1024;
  Result<Id128> file = desktop.replica->ImportFile(police, source, import);
  Check(file.ok(), "secured on the desktop in 5 encrypted chunks");
  if (!file.ok()) return;
  SyncAndShow(desktop, hub, police, devices);
  SyncAndShow(laptop, hub, police, devices);
  const std::string copy = workdir + "/minutes-on-laptop.txt";
  Check(laptop.replica->ExportFile(police, *file, copy).ok(),
        "the laptop opens it: every chunk and the whole-file hash verified");
  Result<Bytes> exported = ReadFileToBytes(env, copy);
  Check(exported.ok() && AsChars(*exported) == minutes, "byte-identical to the original");
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
  }

  schema::Record terms(schema::RecordType::kTermsOfReference);
  Check(terms.Set("title", std::string("Terms of reference: Child A")).ok() &&
            terms.Set("overview", std::string(kOverview)).ok(),
        "terms of reference drafted");
  Result<Id128> id = office.replica->writer().Create(shared, terms);
  Check(id.ok(), "business unit saves them (signed, sealed, queued for sync)");
  if (!id.ok()) return;
  SyncAndShow(office, hub, shared, devices);
  SyncAndShow(train, hub, shared, devices);
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
  SyncAndShow(office, hub, shared, devices);
  SyncAndShow(train, hub, shared, devices);
  SyncAndShow(office, hub, shared, devices);
  Result<sync::RecordState> seen = train.replica->writer().State(shared, *id);
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
  Check(train.replica->writer()
            .Resolve(shared, *id, "title",
                     schema::FieldValue(std::string("Terms of reference: Child A (agreed)")))
            .ok(),
        "reviewer picks the final title");
  SyncAndShow(train, hub, shared, devices);
  SyncAndShow(office, hub, shared, devices);
  Result<sync::RecordState> at_office = office.replica->writer().State(shared, *id);
  Result<sync::RecordState> on_train = train.replica->writer().State(shared, *id);
  Check(at_office.ok() && on_train.ok() && !at_office->HasConflicts() &&
            sync::EncodeRecordState(*at_office) == sync::EncodeRecordState(*on_train),
        "both replicas hold byte-identical merged state, with no conflict left");
  if (at_office.ok()) {
    std::printf(
        "   state hash %s...\n",
        ToHex(crypto::Blake2b256(sync::EncodeRecordState(*at_office))).substr(0, 16).c_str());
  }
  PlayFileTravel(env, hub, shared.case_id, workdir);
}

}  // namespace casevault::demo
