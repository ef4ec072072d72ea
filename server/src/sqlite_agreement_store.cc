#include "casevault/server/sqlite_agreement_store.h"

#include <string_view>

#include "sqlite_store_checks.h"

namespace casevault::server {
namespace {

// The kind column of `agreement`.
std::string_view KindOf(Agreement agreement) {
  return agreement == Agreement::kConfidentiality ? "confidentiality" : "interest";
}

}  // namespace

Status SqliteAgreementStore::Record(const Id128& user_id, const Id128& case_id, Agreement agreement,
                                    int64_t recorded_micros) {
  const ServerDatabase::Session session = database_.Lock();
  CV_RETURN_IF_ERROR(CheckUserExists(session, user_id));
  CV_ASSIGN_OR_RETURN(auto insert,
                      session.Statement("INSERT OR IGNORE INTO agreements(case_id, user_id, kind, "
                                        "recorded_at) VALUES(?, ?, ?, ?)"));
  CV_RETURN_IF_ERROR(insert->BindBlob(1, case_id.bytes));
  CV_RETURN_IF_ERROR(insert->BindBlob(2, user_id.bytes));
  CV_RETURN_IF_ERROR(insert->BindText(3, KindOf(agreement)));
  CV_RETURN_IF_ERROR(insert->BindInt(4, recorded_micros));
  return insert->Run();
}

Result<std::vector<Agreement>> SqliteAgreementStore::Recorded(const Id128& user_id,
                                                              const Id128& case_id) {
  const ServerDatabase::Session session = database_.Lock();
  CV_ASSIGN_OR_RETURN(auto select, session.Statement("SELECT kind FROM agreements WHERE case_id = "
                                                     "? AND user_id = ?"));
  CV_RETURN_IF_ERROR(select->BindBlob(1, case_id.bytes));
  CV_RETURN_IF_ERROR(select->BindBlob(2, user_id.bytes));
  bool confidentiality = false, interest = false;
  for (;;) {
    CV_ASSIGN_OR_RETURN(bool row, select->Step());
    if (!row) break;
    confidentiality =
        confidentiality || select->ColumnText(0) == KindOf(Agreement::kConfidentiality);
    interest = interest || select->ColumnText(0) == KindOf(Agreement::kInterest);
  }
  std::vector<Agreement> recorded;
  if (confidentiality) recorded.push_back(Agreement::kConfidentiality);
  if (interest) recorded.push_back(Agreement::kInterest);
  return recorded;
}

}  // namespace casevault::server
