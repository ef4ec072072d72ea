// casevault-demo WORKDIR: plays the foundation scenario in WORKDIR and checks every outcome.
//
// A police representative's laptop gets a keystore; a compartment key is wrapped to it; a
// chronology entry is sealed and opened; tampering and misplacement are refused; a secured file
// is encrypted in chunks and restored; a truncated copy is refused; the passphrase is changed.
// Exits 0 only if every step behaves as described.
#include <cstdio>
#include <string>

#include "casevault/base/env.h"
#include "casevault/crypto/device_identity.h"
#include "casevault/crypto/file_cipher.h"
#include "casevault/crypto/hash.h"
#include "casevault/crypto/keystore.h"
#include "casevault/crypto/random_id.h"
#include "casevault/crypto/record_seal.h"
#include "casevault/crypto/sealed_box.h"

namespace casevault {
namespace {

using namespace crypto;

int failures = 0;

void Say(const std::string& text) { std::printf("\n== %s\n", text.c_str()); }

void Check(bool ok, const std::string& what) {
  std::printf("   [%s] %s\n", ok ? "ok" : "FAILED", what.c_str());
  if (!ok) ++failures;
}

void CheckRefused(const Status& status, StatusCode expected, const std::string& what) {
  Check(status.code() == expected, what + " -> " + status.ToString());
}

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

int Run(const std::string& workdir) {
  Env& env = Env::Default();
  const std::string keystore = workdir + "/police-laptop.keystore";

  Say("A police representative's laptop creates its device keys and keystore (Argon2id MODERATE)");
  const DeviceIdentity created = DeviceIdentity::Generate();
  Check(CreateKeystore(env, keystore, "correct horse battery staple", created).ok(),
        "keystore written to " + keystore);
  std::printf("   device %s, signing key %s...\n", created.device_id().ToHex().c_str(),
              ToHex(created.signing_keys().public_key().bytes).substr(0, 16).c_str());
  CheckRefused(CreateKeystore(env, keystore, "another", DeviceIdentity::Generate()),
               StatusCode::kAlreadyExists, "creating it again is refused");

  Say("Unlocking needs the passphrase");
  CheckRefused(UnlockKeystore(env, keystore, "wrong guess").status(), StatusCode::kWrongPassphrase,
               "a wrong passphrase is refused");
  Result<DeviceIdentity> device = UnlockKeystore(env, keystore, "correct horse battery staple");
  Check(device.ok() && device->device_id() == created.device_id(),
        "the right passphrase unlocks the same device");
  if (!device.ok()) return 1;

  Say("The business unit wraps the case's agency:police compartment key to the laptop");
  const SecretKey compartment_key = SecretKey::Generate();
  const Bytes wrapped = WrapKey(device->box_keys().public_key(), compartment_key);
  Result<SecretKey> unwrapped = UnwrapKey(device->box_keys(), wrapped);
  Check(unwrapped.ok() && unwrapped->view().size() == SecretKey::kSize,
        "only this laptop's key opens the " + std::to_string(wrapped.size()) + "-byte wrapped key");
  CheckRefused(UnwrapKey(BoxKeyPair::Generate(), wrapped).status(),
               StatusCode::kAuthenticationFailed, "another device cannot unwrap it");
  if (!unwrapped.ok()) return 1;

  Say("A chronology entry is sealed into the compartment");
  const std::string case_id = NewRandomId().ToHex();
  const std::string record_id = NewRandomId().ToHex();
  const RecordAad aad{case_id, "agency:police", record_id, 1};
  const std::string entry = "2026-03-02 welfare visit; child seen (initials A.B.); no concerns";
  const Bytes sealed = SealRecord(*unwrapped, aad, AsBytes(entry));
  Check(AsChars(sealed).find("welfare") == std::string_view::npos,
        "the " + std::to_string(sealed.size()) + "-byte envelope holds no plaintext");
  Result<Bytes> opened = OpenRecord(compartment_key, aad, sealed);
  Check(opened.ok() && AsChars(*opened) == entry, "it opens to the same entry");
  const RecordAad elsewhere{case_id, "agency:police", NewRandomId().ToHex(), 1};
  CheckRefused(OpenRecord(compartment_key, elsewhere, sealed).status(),
               StatusCode::kAuthenticationFailed, "moved to another record id, it is refused");
  Bytes tampered = sealed;
  tampered[tampered.size() / 2] ^= 0x01;
  CheckRefused(OpenRecord(compartment_key, aad, tampered).status(),
               StatusCode::kAuthenticationFailed, "one flipped bit is refused");

  Say("A 5 MiB scanned case file is secured in 64 KiB chunks under its own file key");
  const std::string original = workdir + "/case-notes.pdf";
  const std::string encrypted = workdir + "/case-notes.pdf.cvef";
  const std::string restored = workdir + "/case-notes.restored.pdf";
  Check(WriteDocument(env, original, 5 * 1024 * 1024 + 123).ok(), "document written");
  const SecretKey file_key = SecretKey::Generate();
  const Id128 file_id = NewRandomId();
  Check(StreamFile(env, Direction::kEncrypt, file_key, file_id, original, encrypted).ok(),
        "file encrypted");
  Check(StreamFile(env, Direction::kDecrypt, file_key, file_id, encrypted, restored).ok(),
        "file restored");
  Result<Hash256> want = HashFile(env, original);
  Result<Hash256> got = HashFile(env, restored);
  Check(want.ok() && got.ok() && *want == *got, "restored file has the original BLAKE2b hash");

  Say("A copy cut short in transit is refused, not silently accepted");
  Result<Bytes> whole = ReadFileToBytes(env, encrypted);
  if (!whole.ok()) return 1;
  whole->resize(whole->size() - 70 * 1024);
  Check(WriteFileAtomically(env, encrypted, *whole).ok(), "encrypted copy truncated by 70 KiB");
  CheckRefused(StreamFile(env, Direction::kDecrypt, file_key, file_id, encrypted, restored),
               StatusCode::kTruncated, "decrypting the cut copy");

  Say("The representative changes the passphrase");
  Check(ChangeKeystorePassphrase(env, keystore, "correct horse battery staple",
                                 "a longer passphrase for 2027")
            .ok(),
        "keystore re-encrypted atomically");
  CheckRefused(UnlockKeystore(env, keystore, "correct horse battery staple").status(),
               StatusCode::kWrongPassphrase, "the old passphrase no longer works");
  Result<DeviceIdentity> again = UnlockKeystore(env, keystore, "a longer passphrase for 2027");
  Check(again.ok() && again->device_id() == created.device_id(),
        "the new passphrase opens the same device keys");

  std::printf("\n%s: %d check(s) failed\n", failures == 0 ? "demo passed" : "DEMO FAILED",
              failures);
  return failures == 0 ? 0 : 1;
}

}  // namespace
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
