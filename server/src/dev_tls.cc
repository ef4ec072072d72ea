#include "casevault/server/dev_tls.h"

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <memory>

#include "casevault/crypto/random_id.h"
#include "casevault/crypto/sha256.h"

namespace casevault::server {
namespace {

struct OpenSslFree {
  void operator()(X509* x) const { X509_free(x); }
  void operator()(EVP_PKEY* k) const { EVP_PKEY_free(k); }
  void operator()(BIO* b) const { BIO_free(b); }
  void operator()(X509_EXTENSION* e) const { X509_EXTENSION_free(e); }
  void operator()(BIGNUM* n) const { BN_free(n); }
};
template <typename T>
using OpenSslPtr = std::unique_ptr<T, OpenSslFree>;

constexpr long kValiditySeconds = 365L * 24 * 3600;

Status OpenSslError(std::string what) {
  return InternalError("OpenSSL could not " + what + " for the development certificate");
}

// The bytes written to a memory BIO by `write`.
template <typename Write>
Result<Bytes> ToPem(Write&& write, std::string_view what) {
  OpenSslPtr<BIO> bio(BIO_new(BIO_s_mem()));
  if (!bio || write(bio.get()) != 1) return OpenSslError("write the " + std::string(what));
  char* data = nullptr;
  const long size = BIO_get_mem_data(bio.get(), &data);
  if (size <= 0 || data == nullptr) return OpenSslError("write the " + std::string(what));
  return Bytes(reinterpret_cast<const uint8_t*>(data),
               reinterpret_cast<const uint8_t*>(data) + size);
}

Result<std::string> FingerprintOf(X509* cert) {
  unsigned char* der = nullptr;
  const int size = i2d_X509(cert, &der);
  if (size <= 0) return OpenSslError("encode the certificate");
  const crypto::Sha256Digest digest = crypto::Sha256(ByteView(der, static_cast<size_t>(size)));
  OPENSSL_free(der);
  return ToHex(digest);
}

Result<OpenSslPtr<X509>> MakeCertificate(EVP_PKEY* key) {
  OpenSslPtr<X509> cert(X509_new());
  if (!cert) return OpenSslError("allocate a certificate");
  Id128 serial = crypto::NewRandomId();
  serial.bytes[0] &= 0x7f;  // a positive serial number
  OpenSslPtr<BIGNUM> serial_number(BN_bin2bn(serial.bytes.data(), Id128::kSize, nullptr));
  X509_NAME* name = X509_get_subject_name(cert.get());
  if (!serial_number || X509_set_version(cert.get(), 2) != 1 ||
      BN_to_ASN1_INTEGER(serial_number.get(), X509_get_serialNumber(cert.get())) == nullptr ||
      X509_gmtime_adj(X509_getm_notBefore(cert.get()), -3600) == nullptr ||
      X509_gmtime_adj(X509_getm_notAfter(cert.get()), kValiditySeconds) == nullptr ||
      X509_set_pubkey(cert.get(), key) != 1 ||
      X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                                 reinterpret_cast<const unsigned char*>("casevault-dev"), -1, -1,
                                 0) != 1 ||
      X509_set_issuer_name(cert.get(), name) != 1) {
    return OpenSslError("fill in the certificate");
  }
  X509V3_CTX context;
  X509V3_set_ctx_nodb(&context);
  X509V3_set_ctx(&context, cert.get(), cert.get(), nullptr, nullptr, 0);
  OpenSslPtr<X509_EXTENSION> alt_names(
      X509V3_EXT_conf_nid(nullptr, &context, NID_subject_alt_name, "DNS:localhost,IP:127.0.0.1"));
  if (!alt_names || X509_add_ext(cert.get(), alt_names.get(), -1) != 1) {
    return OpenSslError("name localhost in the certificate");
  }
  if (X509_sign(cert.get(), key, EVP_sha256()) <= 0) return OpenSslError("sign the certificate");
  return cert;
}

}  // namespace

Result<std::string> CertificateFingerprint(Env& env, const std::string& path) {
  CV_ASSIGN_OR_RETURN(Bytes pem, ReadFileToBytes(env, path));
  OpenSslPtr<BIO> bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
  OpenSslPtr<X509> cert(bio ? PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr) : nullptr);
  if (!cert) return InvalidArgumentError(path + " holds no PEM certificate");
  return FingerprintOf(cert.get());
}

Result<TlsFiles> EnsureDevCertificate(Env& env, const std::string& dir) {
  TlsFiles files{dir + "/dev-cert.pem", dir + "/dev-key.pem", ""};
  if (!env.FileExists(files.cert_path) || !env.FileExists(files.key_path)) {
    OpenSslPtr<EVP_PKEY> key(EVP_EC_gen("P-256"));
    if (!key) return OpenSslError("generate a P-256 key");
    CV_ASSIGN_OR_RETURN(OpenSslPtr<X509> cert, MakeCertificate(key.get()));
    CV_ASSIGN_OR_RETURN(Bytes key_pem, ToPem(
                                           [&](BIO* bio) {
                                             return PEM_write_bio_PrivateKey(bio, key.get(),
                                                                             nullptr, nullptr, 0,
                                                                             nullptr, nullptr);
                                           },
                                           "private key"));
    CV_ASSIGN_OR_RETURN(
        Bytes cert_pem,
        ToPem([&](BIO* bio) { return PEM_write_bio_X509(bio, cert.get()); }, "certificate"));
    CV_RETURN_IF_ERROR(env.CreateDirs(dir));
    // The key first: a certificate on disk always has its key beside it.
    CV_RETURN_IF_ERROR(WriteFileAtomically(env, files.key_path, key_pem));
    CV_RETURN_IF_ERROR(WriteFileAtomically(env, files.cert_path, cert_pem));
  }
  CV_ASSIGN_OR_RETURN(files.fingerprint, CertificateFingerprint(env, files.cert_path));
  return files;
}

}  // namespace casevault::server
