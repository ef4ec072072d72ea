// Development TLS: a self-signed certificate for a first run, and certificate fingerprints.
//
// `casevault-server --dev-tls` creates a certificate for localhost / 127.0.0.1 with its own
// P-256 key, so a server can run before an administrator installs a real one; clients pin its
// SHA-256 fingerprint instead of trusting a certificate authority. OpenSSL is used here for TLS
// material only; CaseVault's own cryptography is libsodium's.
#pragma once

#include <string>

#include "casevault/base/env.h"
#include "casevault/base/result.h"

namespace casevault::server {

// Where a certificate and its private key are, and the certificate's fingerprint.
struct TlsFiles {
  std::string cert_path;
  std::string key_path;
  // SHA-256 of the certificate's DER encoding, lowercase hex (what clients pin).
  std::string fingerprint;
};

// Writes `dir`/dev-cert.pem and `dir`/dev-key.pem (owner-only), a self-signed certificate valid
// for a year for DNS:localhost and IP:127.0.0.1, unless both exist already, in which case they
// are kept (a restarted server keeps the fingerprint its clients pinned). Returns the files.
Result<TlsFiles> EnsureDevCertificate(Env& env, const std::string& dir);

// The SHA-256 fingerprint (lowercase hex of the DER encoding) of the PEM certificate at `path`;
// InvalidArgument when the file holds no certificate.
Result<std::string> CertificateFingerprint(Env& env, const std::string& path);

}  // namespace casevault::server
