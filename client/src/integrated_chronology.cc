#include "casevault/client/integrated_chronology.h"

#include <algorithm>
#include <tuple>

#include "casevault/client/records_of_type.h"

namespace casevault::client {
namespace {

constexpr std::string_view kShared = "shared";

template <typename T>
std::optional<T> ValueOf(const schema::Record& record, std::string_view name) {
  const schema::FieldValue* value = record.Get(name);
  const T* typed = value == nullptr ? nullptr : std::get_if<T>(value);
  return typed == nullptr ? std::nullopt : std::optional<T>(*typed);
}

ChronologyRow RowOf(const std::string& compartment, const IdentifiedRecord& entry) {
  const schema::Record& record = entry.record;
  return ChronologyRow{
      .compartment = compartment,
      .record_id = entry.id,
      .agency = TextField(record, "agency"),
      .involvement_with = TextField(record, "involvement_with"),
      .date_from = ValueOf<schema::Date>(record, "date_from").value_or(schema::Date{}),
      .date_to = ValueOf<schema::Date>(record, "date_to"),
      .description = TextField(record, "description"),
      .child_seen = ValueOf<bool>(record, "child_seen"),
      .child_seen_initials = TextField(record, "child_seen_initials"),
      .what_went_well = TextField(record, "what_went_well"),
      .worries = TextField(record, "worries"),
      .statutory_requirements_not_met = TextField(record, "statutory_requirements_not_met"),
  };
}

// What makes two entries the same event: a submitted copy repeats these of its original.
auto EventKey(const ChronologyRow& row) {
  return std::tie(row.agency, row.involvement_with, row.date_from, row.date_to, row.description);
}

bool SameIgnoringAsciiCase(std::string_view a, std::string_view b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](char x, char y) {
    const auto lower = [](char c) {
      return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
    };
    return lower(x) == lower(y);
  });
}

bool Keeps(const ChronologyFilter& filter, const ChronologyRow& row) {
  if (filter.agency && row.agency != *filter.agency) return false;
  if (filter.subject && !SameIgnoringAsciiCase(row.involvement_with, *filter.subject)) {
    return false;
  }
  const schema::Date last = row.date_to.value_or(row.date_from);
  if (filter.from && last < *filter.from) return false;
  return !(filter.to && *filter.to < row.date_from);
}

}  // namespace

std::vector<ChronologyRow> MergeChronologyRows(std::vector<ChronologyRow> rows) {
  std::vector<ChronologyRow> merged;
  for (ChronologyRow& row : rows) {
    const bool copied = row.compartment != kShared &&
                        std::any_of(rows.begin(), rows.end(), [&](const ChronologyRow& other) {
                          return other.compartment == kShared && EventKey(other) == EventKey(row);
                        });
    if (!copied) merged.push_back(row);
  }
  std::stable_sort(merged.begin(), merged.end(),
                   [](const ChronologyRow& a, const ChronologyRow& b) {
                     return std::tie(a.date_from, a.date_to, a.agency) <
                            std::tie(b.date_from, b.date_to, b.agency);
                   });
  return merged;
}

Result<IntegratedChronology> BuildIntegratedChronology(
    Replica& replica, const Id128& case_id, const std::set<std::string, std::less<>>& agencies) {
  IntegratedChronology chronology;
  chronology.case_id = case_id;
  const CompartmentRef shared{case_id, std::string(kShared)};
  if (replica.LatestEpoch(shared).status().code() == StatusCode::kNotFound) {
    return FailedPreconditionError("this device holds no key of the shared workspace of case " +
                                   case_id.ToHex() + " yet: run `casevault sync`");
  }
  std::vector<CompartmentRef> compartments = {shared};
  for (const std::string& agency : agencies) {
    CompartmentRef where{case_id, "agency:" + agency};
    Result<uint32_t> epoch = replica.LatestEpoch(where);
    if (epoch.status().code() == StatusCode::kNotFound) continue;
    CV_RETURN_IF_ERROR(epoch.status());
    compartments.push_back(std::move(where));
  }
  std::vector<ChronologyRow> rows;
  for (const CompartmentRef& where : compartments) {
    CV_ASSIGN_OR_RETURN(std::vector<IdentifiedRecord> entries,
                        RecordsOfType(replica, where, schema::RecordType::kChronologyEntry));
    for (const IdentifiedRecord& entry : entries) rows.push_back(RowOf(where.name, entry));
    chronology.compartments_read.push_back(where.name);
  }
  chronology.rows = MergeChronologyRows(std::move(rows));
  CV_ASSIGN_OR_RETURN(chronology.case_reference, CaseRecordText(replica, case_id, "reference"));
  return chronology;
}

std::vector<ChronologyRow> FilterChronology(std::span<const ChronologyRow> rows,
                                            const ChronologyFilter& filter) {
  std::vector<ChronologyRow> kept;
  for (const ChronologyRow& row : rows) {
    if (Keeps(filter, row)) kept.push_back(row);
  }
  return kept;
}

}  // namespace casevault::client
