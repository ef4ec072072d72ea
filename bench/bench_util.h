// bench_util: what the benchmarks share: failing, the optimiser sink, timing, medians,
// alternating repetitions and paired ratios, `metric` / `ratio` lines, the command line, files
// and the temporary directory. Area-specific inputs and measurements stay in each benchmark.
//
// stdout holds only `metric <name> <value> <unit>` and `ratio <name> <value>` lines, printed by
// PrintMetric / PrintRatio (or the PrintMedian* forms); progress and spreads go to stderr.
#pragma once

#include <fcntl.h>
#include <sodium.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <filesystem>
#include <functional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>
#include <vector>

#include "casevault/base/bytes.h"
#include "casevault/base/result.h"
#include "casevault/base/status.h"

namespace casevault::bench {

// --- Failing and the sink --------------------------------------------------------------------

// Stops the benchmark with `message`; main reports it and cleans up.
[[noreturn]] inline void Fail(const std::string& message) { throw std::runtime_error(message); }

// Fails with `what` and the current errno.
[[noreturn]] inline void FailErrno(const std::string& what) {
  Fail(what + ": " + std::strerror(errno));
}

// Fails with `what` unless `status` is OK.
inline void Check(const Status& status, const std::string& what) {
  if (!status.ok()) Fail(what + ": " + status.ToString());
}

// The value of `result`, or a failure naming `what`.
template <typename T>
T Take(Result<T> result, const std::string& what) {
  Check(result.status(), what);
  return *std::move(result);
}

// Work the benchmark must not let the optimiser drop: output bytes are xor'ed in here.
inline volatile uint8_t g_sink = 0;

// Marks `byte` as used.
inline void Consume(uint8_t byte) { g_sink = g_sink ^ byte; }

// `size` random bytes.
inline Bytes RandomBytes(size_t size) {
  Bytes out(size);
  randombytes_buf(out.data(), out.size());
  return out;
}

// --- Timing and statistics -------------------------------------------------------------------

// The clock every benchmark times with.
using Clock = std::chrono::steady_clock;

// Seconds since `start`.
inline double SecondsSince(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// Runs `work` once; returns the seconds it took.
inline double TimeIt(const std::function<void()>& work) {
  const Clock::time_point start = Clock::now();
  work();
  return SecondsSince(start);
}

// The median of `values`, which must not be empty.
inline double Median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  const size_t mid = values.size() / 2;
  return values.size() % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
}

// One timed run of a figure; returns its rate.
using RateRun = std::function<double()>;

// Rates [run][rep] of `repetitions` passes over `runs`, forwards on even passes, backwards on odd.
inline std::vector<std::vector<double>> AlternatingRates(const std::vector<RateRun>& runs,
                                                         int repetitions) {
  std::vector<std::vector<double>> rates(runs.size());
  for (int rep = 0; rep < repetitions; ++rep) {
    for (size_t i = 0; i < runs.size(); ++i) {
      const size_t r = rep % 2 == 0 ? i : runs.size() - 1 - i;
      rates[r].push_back(runs[r]());
    }
  }
  return rates;
}

// The ratio project[i] / raw[i] of each repetition i, which cancels drift in the machine's load.
inline std::vector<double> PairedRatios(const std::vector<double>& project,
                                        const std::vector<double>& raw) {
  std::vector<double> ratios;
  for (size_t i = 0; i < raw.size(); ++i) ratios.push_back(project[i] / raw[i]);
  return ratios;
}

// --- stdout lines ----------------------------------------------------------------------------

// Prints `metric <name> <value> <unit>` on stdout, the value with one decimal.
inline void PrintMetric(const std::string& name, double value, const char* unit) {
  std::printf("metric %s %.1f %s\n", name.c_str(), value, unit);
}

// Prints `ratio <name> <value>` on stdout, the value with three decimals.
inline void PrintRatio(const std::string& name, double value) {
  std::printf("ratio %s %.3f\n", name.c_str(), value);
}

// Prints the range of `values` (not empty) on stderr and their median as a metric line.
inline void PrintMedianMetric(const std::string& name, const std::vector<double>& values,
                              const char* unit) {
  const auto [low, high] = std::minmax_element(values.begin(), values.end());
  std::fprintf(stderr, "  %s runs: %.1f-%.1f %s\n", name.c_str(), *low, *high, unit);
  PrintMetric(name, Median(values), unit);
}

// Prints the range of `ratios` (not empty) and `note` on stderr, their median as a ratio line.
inline void PrintMedianRatio(const std::string& name, const std::vector<double>& ratios,
                             const std::string& note = "") {
  const auto [low, high] = std::minmax_element(ratios.begin(), ratios.end());
  std::fprintf(stderr, "  %s per repetition: %.3f-%.3f%s\n", name.c_str(), *low, *high,
               note.c_str());
  PrintRatio(name, Median(ratios));
}

// --- Command line ----------------------------------------------------------------------------

// What a benchmark's option handler made of one argument.
enum class ArgStatus {
  kTaken,    // understood (with any value it consumed)
  kUnknown,  // not an option of this benchmark
  kBad,      // an option with a bad value; the handler has said why on stderr
};

// Handles argument argv[i] named `arg`, advancing `i` past any value it consumes.
using OptionHandler = std::function<ArgStatus(std::string_view arg, int& i)>;

// Parses --help, --quick (calls `quick`), the rest by `option`; false (exit code set) to stop.
inline bool ParseCommandLine(int argc, char** argv, const char* program, const char* usage,
                             const std::function<void()>& quick, const OptionHandler& option,
                             int& exit_code) {
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg == "--help") {
      std::fputs(usage, stdout);
      exit_code = 0;
      return false;
    }
    if (arg == "--quick") {
      quick();
      continue;
    }
    const ArgStatus status = option ? option(arg, i) : ArgStatus::kUnknown;
    if (status == ArgStatus::kTaken) continue;
    if (status == ArgStatus::kUnknown) {
      std::fprintf(stderr, "%s: unknown argument %s\n%s", program, argv[i], usage);
    }
    exit_code = 2;
    return false;
  }
  return true;
}

// Takes a size of 1 to 2^20 MiB after argv[i] into `mib`; kUnknown when none follows.
inline ArgStatus TakeMibValue(const char* program, int argc, char** argv, int& i, uint64_t& mib) {
  if (i + 1 >= argc) return ArgStatus::kUnknown;
  const char* option = argv[i];
  const char* text = argv[++i];
  char* end = nullptr;
  errno = 0;
  const unsigned long long value = std::strtoull(text, &end, 10);
  if (errno != 0 || end == text || *end != '\0' || value == 0 || value > (1 << 20)) {
    std::fprintf(stderr, "%s: %s wants 1 to %d, got %s\n", program, option, 1 << 20, text);
    return ArgStatus::kBad;
  }
  mib = value;
  return ArgStatus::kTaken;
}

// A benchmark's main: `parse` into a default Config, `run` it; a throw is printed and returns 1.
template <typename Config>
int BenchMain(int argc, char** argv, const char* program,
              bool (*parse)(int argc, char** argv, Config& config, int& exit_code),
              void (*run)(const Config& config)) {
  Config config;
  int exit_code = 0;
  if (!parse(argc, argv, config, exit_code)) return exit_code;
  try {
    run(config);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "%s: %s\n", program, e.what());
    return 1;
  }
  return 0;
}

// --- Files and directories -------------------------------------------------------------------

// An open file descriptor, closed when destroyed.
class Fd {
 public:
  // Opens `path` with `flags` (and O_CLOEXEC; mode 0600 when creating), or fails.
  Fd(const std::string& path, int flags) : fd_(::open(path.c_str(), flags | O_CLOEXEC, 0600)) {
    if (fd_ < 0) FailErrno("open " + path);
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  ~Fd() { ::close(fd_); }
  int get() const { return fd_; }

 private:
  int fd_;
};

// Reads until `size` bytes or the end of the file; returns how many were read.
inline size_t ReadFull(int fd, uint8_t* data, size_t size) {
  size_t total = 0;
  while (total < size) {
    const ssize_t n = ::read(fd, data + total, size - total);
    if (n < 0) {
      if (errno == EINTR) continue;
      FailErrno("read");
    }
    if (n == 0) break;
    total += static_cast<size_t>(n);
  }
  return total;
}

// Writes all `size` bytes at `data`.
inline void WriteAll(int fd, const uint8_t* data, size_t size) {
  size_t written = 0;
  while (written < size) {
    const ssize_t n = ::write(fd, data + written, size - written);
    if (n < 0) {
      if (errno == EINTR) continue;
      FailErrno("write");
    }
    written += static_cast<size_t>(n);
  }
}

// Removes `path` if it exists.
inline void RemoveIfExists(const std::string& path) {
  if (::unlink(path.c_str()) != 0 && errno != ENOENT) FailErrno("unlink " + path);
}

// Removes `path` and everything under it.
inline void RemoveTree(const std::string& path) { std::filesystem::remove_all(path); }

// Writes `size` random bytes to `path` in 1 MiB blocks and syncs it.
inline void WriteRandomFile(const std::string& path, uint64_t size) {
  const Fd output(path, O_WRONLY | O_CREAT | O_TRUNC);
  Bytes block(1 << 20);
  for (uint64_t left = size; left > 0;) {
    const size_t n = static_cast<size_t>(std::min<uint64_t>(left, block.size()));
    randombytes_buf(block.data(), n);
    WriteAll(output.get(), block.data(), n);
    left -= n;
  }
  if (::fsync(output.get()) != 0) FailErrno("fsync " + path);
}

// Fails unless files `a` and `b` have the same content.
inline void CheckSameContent(const std::string& a, const std::string& b) {
  const Fd fa(a, O_RDONLY), fb(b, O_RDONLY);
  Bytes ba(1 << 20), bb(1 << 20);
  for (;;) {
    const size_t na = ReadFull(fa.get(), ba.data(), ba.size());
    const size_t nb = ReadFull(fb.get(), bb.data(), bb.size());
    if (na != nb || !std::equal(ba.begin(), ba.begin() + na, bb.begin())) {
      Fail(b + " does not match " + a);
    }
    if (na == 0) return;
  }
}

// A fresh private directory under the system temporary directory, removed when destroyed.
class TempDir {
 public:
  // Creates `<temp>/<prefix>.XXXXXX`, or fails.
  explicit TempDir(const std::string& prefix) {
    std::string pattern = std::filesystem::temp_directory_path() / (prefix + ".XXXXXX");
    if (::mkdtemp(pattern.data()) == nullptr) FailErrno("mkdtemp");
    path_ = pattern;
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  ~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  // `name` inside the directory.
  std::string File(const std::string& name) const { return path_ + "/" + name; }
  // syncfs of the directory's file system: a timed run neither inherits nor leaves writeback.
  void Settle() const {
    const Fd dir(path_, O_RDONLY | O_DIRECTORY);
    if (::syncfs(dir.get()) != 0) FailErrno("syncfs " + path_);
  }

 private:
  std::string path_;
};

}  // namespace casevault::bench
