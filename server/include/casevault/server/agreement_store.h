// AgreementStore: where the server keeps what each person recorded before their first access to
// a case: the confidentiality agreement they signed and their declaration of interest.
//
// It only keeps: that both are needed before access is AccessPolicy's rule. Each call is atomic
// with respect to every other, and implementations are safe to call from several threads.
// SqliteAgreementStore keeps them in server.db.
#pragma once

#include <cstdint>
#include <vector>

#include "casevault/base/id.h"
#include "casevault/base/result.h"

namespace casevault::server {

// The two things a person records before their first access to a case.
enum class Agreement { kConfidentiality, kInterest };

class AgreementStore {
 public:
  virtual ~AgreementStore() = default;

  // Records that `user_id` made `agreement` for case `case_id` at `recorded_micros`; recording
  // it again keeps the first time. NotFound for an unknown user.
  virtual Status Record(const Id128& user_id, const Id128& case_id, Agreement agreement,
                        int64_t recorded_micros) = 0;
  // The agreements `user_id` recorded for case `case_id`, each once, in enum order.
  virtual Result<std::vector<Agreement>> Recorded(const Id128& user_id, const Id128& case_id) = 0;
};

}  // namespace casevault::server
