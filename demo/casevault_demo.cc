// casevault-demo WORKDIR: plays the foundation scenario in WORKDIR and checks every outcome.
//
// A police representative's laptop gets a keystore; a compartment key is wrapped to it; a
// chronology entry is sealed and opened; tampering and misplacement are refused; a secured file
// is encrypted in chunks and restored; a truncated copy is refused; the passphrase is changed;
// then the laptop's encrypted replica takes a chronology entry and a secured file and gives them
// back, with no plaintext anywhere in its files; finally two laptops edit the same terms of
// reference offline and converge through the in-process hub, a conflict shown and resolved.
// Exits 0 only if every step behaves as described.
#include <cstdio>
#include <filesystem>
#include <optional>
#include <string>

#include "casevault/base/env.h"
#include "casevault/client/replica.h"
#include "casevault/crypto/device_identity.h"
#include "casevault/crypto/file_cipher.h"
#include "casevault/crypto/hash.h"
#include "casevault/crypto/keystore.h"
#include "casevault/crypto/random_id.h"
#include "casevault/crypto/record_seal.h"
#include "casevault/crypto/sealed_box.h"
#include "narration.h"
#include "sync_scene.h"

namespace casevault {
namespace {

using namespace crypto;
using demo::Check;
using demo::CheckRefused;
using demo::Say;

constexpr std::string_view kPassphrase = "correct horse battery staple";
constexpr std::string_view kNewPassphrase = "a longer passphrase for 2027";
constexpr std::string_view kEntry =
    "2026-03-02 welfare visit; child seen (initials A.B.); no concerns";

// What the scenes share: the work directory, the laptop's identity and the case's keys.
struct Scenario {
  Env& env = Env::Default();
  std::string workdir;
  std::string keystore;
  std::string document;
  std::optional<DeviceIdentity> device;
  const Id128 case_id = NewRandomId();
  const SecretKey police_key = SecretKey::Generate();
  Bytes wrapped_police_key;
};

Status WriteDocument(Env& env, const std::string& path, size_t size) {
  CV_ASSIGN_OR_RETURN(auto file, env.NewWritableFile(path));
  Bytes block(64 * 1024);
  for (size_t done = 0; done < size; done += block.size()) {
    env.RandomBytes(block);
    CV_RETURN_IF_ERROR(file->Append(ByteView(block).first(std::min(block.size(), size - done))));
  }
  CV_RETURN_IF_ERROR(file->Sync());
  return file->Close();
}

enum class Direction { kEncrypt, kDecrypt };

Status StreamFile(Env& env, Direction direction, const SecretKey& key, const Id128& id,
                  const std::string& from, const std::string& to) {
  const bool decrypt = direction == Direction::kDecrypt;
  CV_ASSIGN_OR_RETURN(auto in, env.NewSequentialFile(from));
  CV_ASSIGN_OR_RETURN(auto out, env.NewWritableFile(to));
  FileStreamOptions options;
  uint64_t chunks = 0;
  options.progress = [&](uint64_t) { ++chunks; };
  CV_RETURN_IF_ERROR(decrypt ? DecryptFileStream(key, id, *in, *out, options)
                             : EncryptFileStream(key, id, *in, *out, options));
  std::printf("   %s %llu chunks\n", decrypt ? "verified and decrypted" : "encrypted",
              static_cast<unsigned long long>(chunks));
  CV_RETURN_IF_ERROR(out->Sync());
  return out->Close();
}

Result<Hash256> HashFile(Env& env, const std::string& path) {
  CV_ASSIGN_OR_RETURN(Bytes content, ReadFileToBytes(env, path));
  return Blake2b256(content);
}

// True when some file under `dir` contains `needle`.
bool AnyFileContains(const std::string& dir, std::string_view needle) {
  for (const auto& entry : std::filesystem::recursive_directory_iterator(dir)) {
    if (!entry.is_regular_file()) continue;
    Result<Bytes> bytes = ReadFileToBytes(Env::Default(), entry.path());
    if (bytes.ok() && AsChars(*bytes).find(needle) != std::string_view::npos) return true;
  }
  return false;
}

void CreateKeystoreScene(Scenario& s) {
  Say("A police representative's laptop creates its device keys and keystore (Argon2id MODERATE)");
  const DeviceIdentity created = DeviceIdentity::Generate();
  Check(CreateKeystore(s.env, s.keystore, kPassphrase, created).ok(),
        "keystore written to " + s.keystore);
  std::printf("   device %s, signing key %s...\n", created.device_id().ToHex().c_str(),
              ToHex(created.signing_keys().public_key().bytes).substr(0, 16).c_str());
  CheckRefused(CreateKeystore(s.env, s.keystore, "another", DeviceIdentity::Generate()),
               StatusCode::kAlreadyExists, "creating it again is refused");

  Say("Unlocking needs the passphrase");
  CheckRefused(UnlockKeystore(s.env, s.keystore, "wrong guess").status(),
               StatusCode::kWrongPassphrase, "a wrong passphrase is refused");
  Result<DeviceIdentity> device = UnlockKeystore(s.env, s.keystore, kPassphrase);
  Check(device.ok() && device->device_id() == created.device_id(),
        "the right passphrase unlocks the same device");
  if (device.ok()) s.device.emplace(*std::move(device));
}

void SealRecordScene(Scenario& s) {
  Say("The business unit wraps the case's agency:police compartment key to the laptop");
  s.wrapped_police_key = WrapKey(s.device->box_keys().public_key(), s.police_key);
  Result<SecretKey> unwrapped = UnwrapKey(s.device->box_keys(), s.wrapped_police_key);
  Check(unwrapped.ok(), "only this laptop's key opens the " +
                            std::to_string(s.wrapped_police_key.size()) + "-byte wrapped key");
  CheckRefused(UnwrapKey(BoxKeyPair::Generate(), s.wrapped_police_key).status(),
               StatusCode::kAuthenticationFailed, "another device cannot unwrap it");
  if (!unwrapped.ok()) return;

  Say("A chronology entry is sealed into the compartment");
  const std::string case_hex = s.case_id.ToHex();
  const std::string record_hex = NewRandomId().ToHex();
  const RecordAad aad{case_hex, "agency:police", record_hex, 1};
  const Bytes sealed = SealRecord(*unwrapped, aad, AsBytes(kEntry));
  Check(AsChars(sealed).find("welfare") == std::string_view::npos,
        "the " + std::to_string(sealed.size()) + "-byte envelope holds no plaintext");
  Result<Bytes> opened = OpenRecord(s.police_key, aad, sealed);
  Check(opened.ok() && AsChars(*opened) == kEntry, "it opens to the same entry");
  const std::string other_hex = NewRandomId().ToHex();
  CheckRefused(OpenRecord(s.police_key, {case_hex, "agency:police", other_hex, 1}, sealed).status(),
               StatusCode::kAuthenticationFailed, "moved to another record id, it is refused");
  Bytes tampered = sealed;
  tampered[tampered.size() / 2] ^= 0x01;
  CheckRefused(OpenRecord(s.police_key, aad, tampered).status(), StatusCode::kAuthenticationFailed,
               "one flipped bit is refused");
}

void EncryptFileScene(Scenario& s) {
  Say("A 5 MiB scanned case file is encrypted in 64 KiB chunks under its own file key");
  const std::string encrypted = s.workdir + "/case-notes.pdf.cvef";
  const std::string restored = s.workdir + "/case-notes.restored.pdf";
  Check(WriteDocument(s.env, s.document, 5 * 1024 * 1024 + 123).ok(), "document written");
  const SecretKey file_key = SecretKey::Generate();
  const Id128 file_id = NewRandomId();
  Check(StreamFile(s.env, Direction::kEncrypt, file_key, file_id, s.document, encrypted).ok(),
        "file encrypted");
  Check(StreamFile(s.env, Direction::kDecrypt, file_key, file_id, encrypted, restored).ok(),
        "file restored");
  Result<Hash256> want = HashFile(s.env, s.document);
  Result<Hash256> got = HashFile(s.env, restored);
  Check(want.ok() && got.ok() && *want == *got, "restored file has the original BLAKE2b hash");

  Say("A copy cut short in transit is refused, not silently accepted");
  Result<Bytes> whole = ReadFileToBytes(s.env, encrypted);
  if (!whole.ok()) return;
  whole->resize(whole->size() - 70 * 1024);
  Check(WriteFileAtomically(s.env, encrypted, *whole).ok(), "encrypted copy truncated by 70 KiB");
  CheckRefused(StreamFile(s.env, Direction::kDecrypt, file_key, file_id, encrypted, restored),
               StatusCode::kTruncated, "decrypting the cut copy");
}

void ChangePassphraseScene(Scenario& s) {
  Say("The representative changes the passphrase");
  Check(ChangeKeystorePassphrase(s.env, s.keystore, kPassphrase, kNewPassphrase).ok(),
        "keystore re-encrypted atomically");
  CheckRefused(UnlockKeystore(s.env, s.keystore, kPassphrase).status(),
               StatusCode::kWrongPassphrase, "the old passphrase no longer works");
  Result<DeviceIdentity> again = UnlockKeystore(s.env, s.keystore, kNewPassphrase);
  Check(again.ok() && again->device_id() == s.device->device_id(),
        "the new passphrase opens the same device keys");
}

void ReplicaScene(Scenario& s) {
  Say("The laptop's encrypted replica takes a chronology entry and the secured file");
  const std::string dir = s.workdir + "/replica";
  const client::CompartmentRef police{s.case_id, "agency:police"};
  auto replica = client::Replica::Open(s.env, dir, *s.device);
  Check(replica.ok(), "replica opened at " + dir);
  if (!replica.ok()) return;
  Check((*replica)->AddCompartmentKey(police, 1, s.wrapped_police_key).ok(),
        "the wrapped agency:police key is stored as received");

  schema::Record entry(schema::RecordType::kChronologyEntry);
  Check(entry.Set("agency", std::string("police")).ok() &&
            entry.Set("involvement_with", std::string("child")).ok() &&
            entry.Set("date_from", *schema::Date::Parse("2026-03-02")).ok() &&
            entry.Set("description", std::string(kEntry)).ok() &&
            entry.Set("child_seen", true).ok() &&
            entry.Set("child_seen_initials", std::string("A.B.")).ok(),
        "chronology entry filled in");
  const Id128 entry_id = NewRandomId();
  Check((*replica)->PutRecord(police, entry_id, entry).ok(), "chronology entry saved");
  schema::Record backwards = entry;
  Check(backwards.Set("date_to", *schema::Date::Parse("2026-03-01")).ok(), "a mistyped end date");
  CheckRefused((*replica)->PutRecord(police, NewRandomId(), backwards),
               StatusCode::kInvalidArgument, "an entry ending before it starts is refused");

  client::FileImportOptions import;
  import.display_name = "case-notes.pdf";
  import.media_type = "application/pdf";
  import.uploaded_by = "police nominated representative";
  int last_percent = -1;
  import.progress = [&](uint64_t done, uint64_t total) {
    const int percent = total == 0 ? 100 : static_cast<int>(100 * done / total);
  if (percent / 25 != last_percent / 25) std::printf("   securing... %d%%\n", percent);
  last_percent = percent;
};
Result<Id128> file = (*replica)->ImportFile(police, s.document, import);
Check(file.ok(), "case-notes.pdf secured into agency:police");
if (!file.ok()) return;

Say("Reopened, the replica gives both back; its files hold no plaintext");
replica->reset();
replica = client::Replica::Open(s.env, dir, *s.device);
Check(replica.ok(), "replica reopened");
if (!replica.ok()) return;
Result<schema::Record> read = (*replica)->GetRecord(police, entry_id);
Check(read.ok() && *read == entry, "the chronology entry reads back unchanged");
Result<schema::Record> secured = (*replica)->GetRecord(police, *file);
if (secured.ok()) {
  std::printf("   secured file record: %s, %s bytes, BLAKE2b %s...\n",
              schema::FormatFieldValue(*secured->Get("name")).c_str(),
              schema::FormatFieldValue(*secured->Get("size_bytes")).c_str(),
              schema::FormatFieldValue(*secured->Get("plaintext_hash")).substr(0, 16).c_str());
}
const std::string exported = s.workdir + "/case-notes.exported.pdf";
Check((*replica)->ExportFile(police, *file, exported).ok(), "case-notes.pdf exported");
Result<Hash256> want = HashFile(s.env, s.document);
Result<Hash256> got = HashFile(s.env, exported);
Check(want.ok() && got.ok() && *want == *got, "the export matches the original");
CheckRefused((*replica)->ExportFile(police, *file, exported), StatusCode::kAlreadyExists,
             "exporting over an existing file needs permission");
Check(!AnyFileContains(dir, "welfare visit") && !AnyFileContains(dir, "case-notes") &&
          !AnyFileContains(dir, "agency:police"),
      "no entry text, file name or compartment name appears in any replica file");
}  // namespace

int Run(const std::string& workdir) {
  Scenario s;
  s.workdir = workdir;
  s.keystore = workdir + "/police-laptop.keystore";
  s.document = workdir + "/case-notes.pdf";
  CreateKeystoreScene(s);
  if (s.device) {
    SealRecordScene(s);
    EncryptFileScene(s);
    ChangePassphraseScene(s);
    ReplicaScene(s);
  }
  demo::PlaySyncScene(workdir);
  const int failures = demo::Failures();
  std::printf("\n%s: %d check(s) failed\n", failures == 0 ? "demo passed" : "DEMO FAILED",
              failures);
  return failures == 0 ? 0 : 1;
}

}  // namespace casevault
}  // namespace casevault

int main(int argc, char** argv) {
  if (argc != 2 || std::string(argv[1]) == "--help") {
    std::fprintf(stderr,
                 "usage: casevault-demo WORKDIR\n"
                 "Plays the CaseVault foundation demonstration in WORKDIR (an empty directory)\n"
                 "and exits non-zero if any step misbehaves.\n");
    return argc == 2 ? 0 : 2;
  }
  return casevault::Run(argv[1]);
}
