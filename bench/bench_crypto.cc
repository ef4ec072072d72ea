// bench_crypto: raw libsodium against CaseVault's crypto wrappers, on the same inputs, in one
// run, so that the machine's own limit is measured next to what the project achieves.
//
// Figures: XChaCha20-Poly1305 AEAD seal/open on 1 KiB and 64 KiB (raw vs SealRecord and
// OpenRecord), 64 KiB chunks (raw secretstream push/pull vs FileCipher::SealChunk/OpenChunk)
// and whole-file streaming through read(2)/write(2) (raw secretstream vs EncryptFileStream and
// DecryptFileStream), plus the peak RSS of a process that only encrypts the file.
//
// stdout holds only `metric <name> <value> <unit>` and `ratio <name> <project/raw>` lines;
// progress and notes go to stderr. A metric is the median of timed runs that alternate raw and
// project; a ratio is the median of the ratios of each back-to-back pair of runs.
#include <fcntl.h>
#include <sodium.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <exception>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "bench_util.h"
#include "casevault/base/bytes.h"
#include "casevault/base/env.h"
#include "casevault/base/id.h"
#include "casevault/crypto/file_cipher.h"
#include "casevault/crypto/random_id.h"
#include "casevault/crypto/record_seal.h"
#include "casevault/crypto/secret_bytes.h"

namespace casevault::bench {
namespace {

using crypto::FileCipher;
using crypto::SecretKey;

constexpr size_t kRecordSize = 1024;
constexpr size_t kChunkSize = 64 * 1024;
// Pre-sealed chunks cycled through by the chunk-open figures (1 MiB of ciphertext per pass).
constexpr size_t kChunksPerPass = 16;
constexpr size_t kStreamHeaderBytes = crypto_secretstream_xchacha20poly1305_HEADERBYTES;
constexpr size_t kStreamAbytes = crypto_secretstream_xchacha20poly1305_ABYTES;
constexpr size_t kAeadNonceBytes = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
constexpr size_t kAeadAbytes = crypto_aead_xchacha20poly1305_ietf_ABYTES;

constexpr const char* kProgram = "bench_crypto";

struct Config {
  double min_seconds = 0.3;  // minimum length of one timed run
  int repetitions = 7;       // timed runs per side; the median is reported
  uint64_t file_mib = 256;   // size of the streamed file
};

// One batch of work; returns the units it processed (bytes or operations).
using Batch = std::function<uint64_t()>;

// Runs `batch` until at least `min_seconds` have passed; returns units per second.
double TimedRate(const Batch& batch, double min_seconds) {
  const Clock::time_point start = Clock::now();
  uint64_t units = 0;
  double elapsed = 0;
  do {
    units += batch();
    elapsed = SecondsSince(start);
  } while (elapsed < min_seconds);
  return static_cast<double>(units) / elapsed;
}

// How a comparison is printed: names, and whether its units are bytes (MB/s) or ops (ops/s).
struct Figure {
  std::string raw_name;
  std::string project_name;
  std::string ratio_name;
  bool bytes = true;
};

// Measures and prints one comparison: two metric lines and the ratio line. Both batches are
// warmed up, then timed in alternating order.
void Report(const Config& config, const Figure& figure, const Batch& raw, const Batch& project) {
  std::fprintf(stderr, "measuring %s...\n", figure.ratio_name.c_str());
  TimedRate(raw, config.min_seconds / 3);
  TimedRate(project, config.min_seconds / 3);
  const std::vector<std::vector<double>> rates =
      AlternatingRates({[&] { return TimedRate(raw, config.min_seconds); },
                        [&] { return TimedRate(project, config.min_seconds); }},
                       config.repetitions);
  const std::vector<double>& raw_rates = rates[0];
  const std::vector<double>& project_rates = rates[1];
  const double scale = figure.bytes ? 1e-6 : 1.0;
  const char* unit = figure.bytes ? "MB/s" : "ops/s";
  // Each repetition's raw and project runs are back to back, so their ratio cancels drift in
  // what else the machine is doing; the ratio line is the median of these paired ratios.
  const std::vector<double> ratios = PairedRatios(project_rates, raw_rates);
  const auto [raw_min, raw_max] = std::minmax_element(raw_rates.begin(), raw_rates.end());
  const auto [project_min, project_max] =
      std::minmax_element(project_rates.begin(), project_rates.end());
  const auto [ratio_min, ratio_max] = std::minmax_element(ratios.begin(), ratios.end());
  std::fprintf(stderr, "  runs: raw %.1f-%.1f, project %.1f-%.1f %s, ratio %.3f-%.3f\n",
               *raw_min * scale, *raw_max * scale, *project_min * scale, *project_max * scale, unit,
               *ratio_min, *ratio_max);
  PrintMetric(figure.raw_name, Median(raw_rates) * scale, unit);
  PrintMetric(figure.project_name, Median(project_rates) * scale, unit);
  PrintRatio(figure.ratio_name, Median(ratios));
  std::fflush(stdout);
}

// The key, record binding and file id shared by both sides.
struct Inputs {
  SecretKey key = SecretKey::Generate();
  std::string case_id = crypto::NewRandomId().ToHex();
  std::string record_id = crypto::NewRandomId().ToHex();
  crypto::RecordAad aad{case_id, "agency:police", record_id, 3};
  // The raw side binds the same fields, concatenated once, as a direct user of the AEAD would.
  Bytes raw_ad;
  Id128 file_id = crypto::NewRandomId();

  Inputs() {
    for (std::string_view field : {aad.case_id, aad.compartment, aad.record_id}) {
      const ByteView bytes = AsBytes(field);
      raw_ad.insert(raw_ad.end(), bytes.begin(), bytes.end());
    }
    AppendU32(raw_ad, aad.epoch);
  }
  // `aad` views this object's own strings, so it must stay where it was built.
  Inputs(const Inputs&) = delete;
  Inputs& operator=(const Inputs&) = delete;
  const uint8_t* raw_key() const { return key.view().data(); }
};

// Raw AEAD seal of messages of `size` bytes, each with a fresh random nonce.
Batch RawAeadSeal(const Inputs& in, size_t size, int per_batch) {
  auto message = std::make_shared<Bytes>(RandomBytes(size));
  auto out = std::make_shared<Bytes>(size + kAeadAbytes);
  return [&in, message, out, per_batch]() -> uint64_t {
    uint8_t nonce[kAeadNonceBytes];
    for (int i = 0; i < per_batch; ++i) {
      randombytes_buf(nonce, sizeof nonce);
      crypto_aead_xchacha20poly1305_ietf_encrypt(out->data(), nullptr, message->data(),
                                                 message->size(), in.raw_ad.data(),
                                                 in.raw_ad.size(), nullptr, nonce, in.raw_key());
      Consume((*out)[i % out->size()]);
    }
    return per_batch;
  };
}

// Raw AEAD open of one message of `size` bytes, sealed beforehand.
Batch RawAeadOpen(const Inputs& in, size_t size, int per_batch) {
  const Bytes message = RandomBytes(size);
  auto nonce = std::make_shared<Bytes>(RandomBytes(kAeadNonceBytes));
  auto sealed = std::make_shared<Bytes>(size + kAeadAbytes);
  crypto_aead_xchacha20poly1305_ietf_encrypt(sealed->data(), nullptr, message.data(),
                                             message.size(), in.raw_ad.data(), in.raw_ad.size(),
                                             nullptr, nonce->data(), in.raw_key());
  auto out = std::make_shared<Bytes>(size);
  return [&in, nonce, sealed, out, per_batch]() -> uint64_t {
    for (int i = 0; i < per_batch; ++i) {
      if (crypto_aead_xchacha20poly1305_ietf_decrypt(
              out->data(), nullptr, nullptr, sealed->data(), sealed->size(), in.raw_ad.data(),
              in.raw_ad.size(), nonce->data(), in.raw_key()) != 0) {
        Fail("raw AEAD open failed");
      }
      Consume((*out)[i % out->size()]);
    }
    return per_batch;
  };
}

// SealRecord of messages of `size` bytes; each call allocates its envelope, as callers do.
Batch ProjectSealRecord(const Inputs& in, size_t size, int per_batch) {
  auto message = std::make_shared<Bytes>(RandomBytes(size));
  return [&in, message, per_batch]() -> uint64_t {
    for (int i = 0; i < per_batch; ++i) {
      const Bytes envelope = crypto::SealRecord(in.key, in.aad, *message);
      Consume(envelope[i % envelope.size()]);
    }
    return per_batch;
  };
}

// OpenRecord of one envelope of `size` plaintext bytes, sealed beforehand.
Batch ProjectOpenRecord(const Inputs& in, size_t size, int per_batch) {
  auto envelope = std::make_shared<Bytes>(crypto::SealRecord(in.key, in.aad, RandomBytes(size)));
  return [&in, envelope, per_batch]() -> uint64_t {
    for (int i = 0; i < per_batch; ++i) {
      const Result<Bytes> plaintext = crypto::OpenRecord(in.key, in.aad, *envelope);
      if (!plaintext.ok()) Fail("OpenRecord failed: " + plaintext.status().ToString());
      Consume((*plaintext)[i % plaintext->size()]);
    }
    return per_batch;
  };
}

// Scales a per-operation batch to bytes.
Batch InBytes(Batch ops, size_t bytes_per_op) {
  return [ops = std::move(ops), bytes_per_op]() -> uint64_t { return ops() * bytes_per_op; };
}

// Raw secretstream push of kChunksPerPass chunks of 64 KiB into a preallocated buffer.
Batch RawStreamPush(const Inputs& in) {
  auto chunk = std::make_shared<Bytes>(RandomBytes(kChunkSize));
  auto out = std::make_shared<Bytes>(kChunkSize + kStreamAbytes);
  return [&in, chunk, out]() -> uint64_t {
    crypto_secretstream_xchacha20poly1305_state state;
    uint8_t header[kStreamHeaderBytes];
    crypto_secretstream_xchacha20poly1305_init_push(&state, header, in.raw_key());
    for (size_t i = 0; i < kChunksPerPass; ++i) {
      const uint8_t tag = i + 1 == kChunksPerPass
                              ? crypto_secretstream_xchacha20poly1305_TAG_FINAL
                              : crypto_secretstream_xchacha20poly1305_TAG_MESSAGE;
      crypto_secretstream_xchacha20poly1305_push(&state, out->data(), nullptr, chunk->data(),
                                                 chunk->size(), nullptr, 0, tag);
      Consume((*out)[i]);
    }
    return kChunksPerPass * kChunkSize;
  };
}

// Raw secretstream pull of a pre-pushed stream of kChunksPerPass chunks of 64 KiB.
Batch RawStreamPull(const Inputs& in) {
  struct Stream {
    uint8_t header[kStreamHeaderBytes];
    std::vector<Bytes> chunks;
    Bytes out = Bytes(kChunkSize);
  };
  auto stream = std::make_shared<Stream>();
  crypto_secretstream_xchacha20poly1305_state state;
  crypto_secretstream_xchacha20poly1305_init_push(&state, stream->header, in.raw_key());
  const Bytes plaintext = RandomBytes(kChunkSize);
  for (size_t i = 0; i < kChunksPerPass; ++i) {
    Bytes sealed(kChunkSize + kStreamAbytes);
    const uint8_t tag = i + 1 == kChunksPerPass ? crypto_secretstream_xchacha20poly1305_TAG_FINAL
                                                : crypto_secretstream_xchacha20poly1305_TAG_MESSAGE;
    crypto_secretstream_xchacha20poly1305_push(&state, sealed.data(), nullptr, plaintext.data(),
                                               plaintext.size(), nullptr, 0, tag);
    stream->chunks.push_back(std::move(sealed));
  }
  return [&in, stream]() -> uint64_t {
    crypto_secretstream_xchacha20poly1305_state pull;
    if (crypto_secretstream_xchacha20poly1305_init_pull(&pull, stream->header, in.raw_key()) != 0) {
      Fail("raw secretstream header refused");
    }
    for (size_t i = 0; i < kChunksPerPass; ++i) {
      uint8_t tag = 0;
      if (crypto_secretstream_xchacha20poly1305_pull(&pull, stream->out.data(), nullptr, &tag,
                                                     stream->chunks[i].data(),
                                                     stream->chunks[i].size(), nullptr, 0) != 0) {
        Fail("raw secretstream pull failed");
      }
      Consume(stream->out[i]);
    }
    return kChunksPerPass * kChunkSize;
  };
}

// FileCipher::SealChunk of kChunksPerPass chunks of 64 KiB, reusing the output buffer.
Batch ProjectSealChunk(const Inputs& in) {
  auto chunk = std::make_shared<Bytes>(RandomBytes(kChunkSize));
  auto out = std::make_shared<Bytes>();
  return [&in, chunk, out]() -> uint64_t {
    const FileCipher cipher(in.key, in.file_id, kChunkSize);
    for (size_t i = 0; i < kChunksPerPass; ++i) {
      Check(cipher.SealChunk(i, i + 1 == kChunksPerPass, *chunk, *out), "SealChunk");
      Consume((*out)[i]);
    }
    return kChunksPerPass * kChunkSize;
  };
}

// FileCipher::OpenChunk of kChunksPerPass chunks of 64 KiB sealed beforehand.
Batch ProjectOpenChunk(const Inputs& in) {
  auto chunks = std::make_shared<std::vector<Bytes>>();
  const FileCipher cipher(in.key, in.file_id, kChunkSize);
  const Bytes plaintext = RandomBytes(kChunkSize);
  for (size_t i = 0; i < kChunksPerPass; ++i) {
    Bytes sealed;
    Check(cipher.SealChunk(i, i + 1 == kChunksPerPass, plaintext, sealed), "SealChunk");
    chunks->push_back(std::move(sealed));
  }
  auto out = std::make_shared<Bytes>();
  return [&in, chunks, out]() -> uint64_t {
    const FileCipher opener(in.key, in.file_id, kChunkSize);
    for (size_t i = 0; i < kChunksPerPass; ++i) {
      Check(opener.OpenChunk(i, i + 1 == kChunksPerPass, (*chunks)[i], *out), "OpenChunk");
      Consume((*out)[i]);
    }
    return kChunksPerPass * kChunkSize;
  };
}

// --- File streaming -------------------------------------------------------------------------

// Raw: read(2) 64 KiB chunks, secretstream-push each (the last one tagged final, found by
// reading one chunk ahead), write(2) the header and each sealed chunk. Returns plaintext bytes.
uint64_t RawEncryptFile(const Inputs& in, const std::string& from, const std::string& to) {
  const Fd input(from, O_RDONLY);
  const Fd output(to, O_WRONLY | O_CREAT | O_TRUNC);
  crypto_secretstream_xchacha20poly1305_state state;
  uint8_t header[kStreamHeaderBytes];
  crypto_secretstream_xchacha20poly1305_init_push(&state, header, in.raw_key());
  WriteAll(output.get(), header, sizeof header);
  Bytes current(kChunkSize), next(kChunkSize), sealed(kChunkSize + kStreamAbytes);
  size_t current_size = ReadFull(input.get(), current.data(), current.size());
  uint64_t total = 0;
  for (;;) {
    size_t next_size = 0;
    if (current_size == kChunkSize) next_size = ReadFull(input.get(), next.data(), next.size());
    const bool is_final = next_size == 0;
    unsigned long long sealed_size = 0;
    crypto_secretstream_xchacha20poly1305_push(
        &state, sealed.data(), &sealed_size, current.data(), current_size, nullptr, 0,
        is_final ? crypto_secretstream_xchacha20poly1305_TAG_FINAL
                 : crypto_secretstream_xchacha20poly1305_TAG_MESSAGE);
    WriteAll(output.get(), sealed.data(), sealed_size);
    total += current_size;
    if (is_final) return total;
    std::swap(current, next);
    current_size = next_size;
  }
}

// Raw: the inverse of RawEncryptFile, refusing a stream without its final chunk or with data
// after it. Returns plaintext bytes.
uint64_t RawDecryptFile(const Inputs& in, const std::string& from, const std::string& to) {
  const Fd input(from, O_RDONLY);
  const Fd output(to, O_WRONLY | O_CREAT | O_TRUNC);
  uint8_t header[kStreamHeaderBytes];
  crypto_secretstream_xchacha20poly1305_state state;
  if (ReadFull(input.get(), header, sizeof header) != sizeof header ||
      crypto_secretstream_xchacha20poly1305_init_pull(&state, header, in.raw_key()) != 0) {
    Fail("raw encrypted file has a bad header");
  }
  Bytes sealed(kChunkSize + kStreamAbytes), plaintext(kChunkSize);
  uint64_t total = 0;
  for (uint8_t tag = 0; tag != crypto_secretstream_xchacha20poly1305_TAG_FINAL;) {
    const size_t sealed_size = ReadFull(input.get(), sealed.data(), sealed.size());
    unsigned long long plaintext_size = 0;
    if (crypto_secretstream_xchacha20poly1305_pull(&state, plaintext.data(), &plaintext_size, &tag,
                                                   sealed.data(), sealed_size, nullptr, 0) != 0) {
      Fail("raw encrypted file failed authentication or is truncated");
    }
    WriteAll(output.get(), plaintext.data(), plaintext_size);
    total += plaintext_size;
  }
  uint8_t extra = 0;
  if (ReadFull(input.get(), &extra, 1) != 0) Fail("raw encrypted file has trailing data");
  return total;
}

// EncryptFileStream or DecryptFileStream.
using StreamFunction = Status (*)(const SecretKey&, const Id128&, SequentialFile&, WritableFile&,
                                  const crypto::FileStreamOptions&);

// Project: `stream` from `from` to `to`, both opened through Env::Default(). Returns `size`, the
// plaintext bytes of the file.
uint64_t ProjectStreamFile(StreamFunction stream, const Inputs& in, const std::string& from,
                           const std::string& to, uint64_t size) {
  Env& env = Env::Default();
  Result<std::unique_ptr<SequentialFile>> input = env.NewSequentialFile(from);
  Check(input.status(), "open " + from);
  Result<std::unique_ptr<WritableFile>> output = env.NewWritableFile(to);
  Check(output.status(), "create " + to);
  Check(stream(in.key, in.file_id, **input, **output, {}), "streaming " + from);
  Check((*output)->Close(), "close " + to);
  return size;
}

// Forces `path` to disk, so that its writeback does not happen during a timed run.
void SyncFile(const std::string& path) {
  const Fd file(path, O_RDONLY);
  if (::fsync(file.get()) != 0) FailErrno("fsync " + path);
}

// `write`, which writes `to`, preceded by removing `to`. Each timed pass writes a fresh file: on
// ext4, closing a file that O_TRUNC emptied starts writeback of all its pages (auto_da_alloc),
// which would time the disk rather than the code.
Batch WithFreshOutput(std::string to, Batch write) {
  return [to = std::move(to), write = std::move(write)] {
    RemoveIfExists(to);
    return write();
  };
}

// The peak RSS, in MiB, of a forked child that only runs the project's encryption of `from`.
// The child starts from the parent's resident memory, so the figure includes that baseline.
double ProjectEncryptPeakRssMib(const Inputs& in, const std::string& from, const std::string& to,
                                uint64_t size) {
  std::fflush(stdout);
  std::fflush(stderr);
  const pid_t pid = ::fork();
  if (pid < 0) FailErrno("fork");
  if (pid == 0) {
    try {
      ProjectStreamFile(crypto::EncryptFileStream, in, from, to, size);
    } catch (const std::exception& e) {
      std::fprintf(stderr, "bench_crypto child: %s\n", e.what());
      ::_exit(1);
    }
    ::_exit(0);
  }
  int status = 0;
  struct rusage usage {};
  if (::wait4(pid, &status, 0, &usage) != pid) FailErrno("wait4");
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) Fail("RSS child failed");
  return static_cast<double>(usage.ru_maxrss) / 1024.0;  // ru_maxrss is in KiB
}

// Measures and prints the file streaming figures on a file of config.file_mib MiB.
void RunFileStreaming(const Config& config, const Inputs& in) {
  const TempDir dir(kProgram);
  const uint64_t size = config.file_mib << 20;
  const std::string plain = dir.File("plain"), raw_sealed = dir.File("raw.sealed"),
                    raw_opened = dir.File("raw.opened"), sealed = dir.File("project.sealed"),
                    opened = dir.File("project.opened");
  std::fprintf(stderr, "writing a %llu MiB random file...\n",
               static_cast<unsigned long long>(config.file_mib));
  WriteRandomFile(plain, size);

  PrintMetric("file_encrypt_peak_rss", ProjectEncryptPeakRssMib(in, plain, sealed, size), "MiB");
  RemoveIfExists(sealed);

  Report(config, {"raw_file_encrypt_stream", "project_file_encrypt_stream", "file_encrypt_stream"},
         WithFreshOutput(raw_sealed, [&] { return RawEncryptFile(in, plain, raw_sealed); }),
         WithFreshOutput(sealed, [&] {
           return ProjectStreamFile(crypto::EncryptFileStream, in, plain, sealed, size);
         }));
  SyncFile(raw_sealed);
  SyncFile(sealed);
  Report(config, {"raw_file_decrypt_stream", "project_file_decrypt_stream", "file_decrypt_stream"},
         WithFreshOutput(raw_opened, [&] { return RawDecryptFile(in, raw_sealed, raw_opened); }),
         WithFreshOutput(opened, [&] {
           return ProjectStreamFile(crypto::DecryptFileStream, in, sealed, opened, size);
         }));

  std::fprintf(stderr, "checking round trips...\n");
  CheckSameContent(plain, raw_opened);
  CheckSameContent(plain, opened);
}

// Measures and prints every figure.
void Run(const Config& config) {
  if (sodium_init() < 0) Fail("sodium_init failed");
  const Inputs in;
  // Batches of about a millisecond, so the clock is read rarely.
  constexpr int kRecordsPerBatch = 256;
  constexpr int kLargePerBatch = 16;

  Report(config, {"raw_aead_seal_1k", "project_seal_record_1k", "seal_1k", false},
         RawAeadSeal(in, kRecordSize, kRecordsPerBatch),
         ProjectSealRecord(in, kRecordSize, kRecordsPerBatch));
  Report(config, {"raw_aead_open_1k", "project_open_record_1k", "open_1k", false},
         RawAeadOpen(in, kRecordSize, kRecordsPerBatch),
         ProjectOpenRecord(in, kRecordSize, kRecordsPerBatch));
  Report(config, {"raw_aead_seal_64k", "project_seal_record_64k", "seal_64k"},
         InBytes(RawAeadSeal(in, kChunkSize, kLargePerBatch), kChunkSize),
         InBytes(ProjectSealRecord(in, kChunkSize, kLargePerBatch), kChunkSize));
  Report(config, {"raw_aead_open_64k", "project_open_record_64k", "open_64k"},
         InBytes(RawAeadOpen(in, kChunkSize, kLargePerBatch), kChunkSize),
         InBytes(ProjectOpenRecord(in, kChunkSize, kLargePerBatch), kChunkSize));
  Report(config, {"raw_secretstream_push_64k", "project_seal_chunk_64k", "chunk_seal_64k"},
         RawStreamPush(in), ProjectSealChunk(in));
  Report(config, {"raw_secretstream_pull_64k", "project_open_chunk_64k", "chunk_open_64k"},
         RawStreamPull(in), ProjectOpenChunk(in));
  RunFileStreaming(config, in);
}

constexpr const char* kUsage =
    "usage: bench_crypto [--quick] [--file-mib N] [--help]\n"
    "\n"
    "Measures raw libsodium and CaseVault's crypto wrappers on the same inputs and prints\n"
    "`metric <name> <value> <unit>` and `ratio <name> <project/raw>` lines on stdout.\n"
    "\n"
    "  --quick       smoke run: short timings, 3 repetitions, a 16 MiB file\n"
    "  --file-mib N  size of the streamed file in MiB (default 256)\n"
    "  --help        this text\n";

// Parses the command line into `config`; returns false (after printing why) to stop, with the
// exit code in `exit_code`.
bool ParseArgs(int argc, char** argv, Config& config, int& exit_code) {
  bool file_mib_given = false;
  return ParseCommandLine(
      argc, argv, kProgram, kUsage,
      [&] {
        config.min_seconds = 0.05;
        config.repetitions = 3;
        if (!file_mib_given) config.file_mib = 16;
      },
      [&](std::string_view arg, int& i) {
        if (arg != "--file-mib") return ArgStatus::kUnknown;
        file_mib_given = true;
        return TakeMibValue(kProgram, argc, argv, i, config.file_mib);
      },
      exit_code);
}

}  // namespace
}  // namespace casevault::bench

int main(int argc, char** argv) {
  return casevault::bench::BenchMain(argc, argv, casevault::bench::kProgram,
                                     casevault::bench::ParseArgs, casevault::bench::Run);
}
