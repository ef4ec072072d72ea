// Record views: how `casevault` shows records, their conflicts and their history, as text for a
// person and as JSON for scripts. These print record content: only ever to the person's own
// standard output.
#pragma once

#include <optional>
#include <span>
#include <string>

#include "casevault/base/id.h"
#include "casevault/client/cli/json_writer.h"
#include "casevault/schema/field.h"
#include "casevault/sync/op_store.h"
#include "casevault/sync/record_merge.h"

namespace casevault::client::cli {

// `state` as text: a heading (id and type), then each field with a value in the order of the
// type's spec, long text indented below its name, and a note on each field in conflict and on
// a delete conflict saying how to resolve it.
std::string RecordText(const sync::RecordState& state);
// `state` as a JSON object: record, type, fields (name -> value), conflicts (the names of the
// fields in conflict) and delete_conflict.
void WriteRecordJson(JsonWriter& json, const sync::RecordState& state);

// A short label for a list: the first line of the first text field set, in spec order, cut to
// 48 characters ("" when none).
std::string RecordLabel(const sync::RecordState& state);

// The conflicts of `state` as text: for each field in conflict, its versions numbered from 1
// (the number `conflict resolve --pick` takes), each with its value, when and by which device
// it was written (marking `this_device`); then a delete conflict, if any. "" when none.
std::string ConflictsText(const sync::RecordState& state, const Id128& this_device);
// The conflicts of `state` as JSON: {record, type, fields: [{field, versions: [{pick, value,
// written_at, device}]}], delete_conflict}.
void WriteConflictsJson(JsonWriter& json, const sync::RecordState& state);

// The operations of a record, oldest first by stamp, one line each: when, which device (marking
// `this_device`), what it did, the fields it wrote (names only) and whether the server has it.
std::string HistoryText(std::span<const sync::StoredOp> ops, const Id128& this_device);
// The same as a JSON array of {op, at, device, kind, fields, server_seq (null while pending)}.
void WriteHistoryJson(JsonWriter& json, std::span<const sync::StoredOp> ops);

// `value` as JSON: yes/no as a boolean, integers as numbers, everything else as the text
// FormatFieldValue gives; null for a cleared value.
void WriteFieldValueJson(JsonWriter& json, const std::optional<schema::FieldValue>& value);

}  // namespace casevault::client::cli
