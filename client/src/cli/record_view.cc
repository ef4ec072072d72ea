#include "casevault/client/cli/record_view.h"

#include <algorithm>
#include <vector>

#include "casevault/client/cli/display_format.h"
#include "casevault/schema/record_spec.h"

namespace casevault::client::cli {
namespace {

constexpr size_t kLabelCharacters = 48;

std::string TypeName(const sync::RecordState& state) {
  return state.type ? std::string(schema::RecordTypeName(*state.type)) : "unknown type";
}

// The fields of `state` in display order: the spec's order, then any the spec lacks.
std::vector<const std::pair<const std::string, sync::FieldState>*> OrderedFields(
    const sync::RecordState& state) {
  std::vector<const std::pair<const std::string, sync::FieldState>*> ordered;
  if (state.type) {
    for (const schema::FieldSpec& spec : schema::SpecOf(*state.type).fields) {
      auto it = state.fields.find(spec.name);
      if (it != state.fields.end()) ordered.push_back(&*it);
    }
  }
  for (const auto& entry : state.fields) {
    if (std::find(ordered.begin(), ordered.end(), &entry) == ordered.end()) {
      ordered.push_back(&entry);
    }
  }
  return ordered;
}

std::string ValueText(const std::optional<schema::FieldValue>& value) {
  return value ? schema::FormatFieldValue(*value) : "(cleared)";
}

// "name: value", or for text over several lines the name then each line indented (a text of one
// line ending in a line break shows as one line).
std::string FieldLine(const std::string& name, const std::string& text, const std::string& indent) {
  const size_t first_break = text.find('\n');
  if (first_break == std::string::npos) return indent + name + ": " + text + "\n";
  if (first_break + 1 == text.size()) return indent + name + ": " + text;
  std::string out = indent + name + ":\n";
  size_t start = 0;
  while (start < text.size()) {
    const size_t end = std::min(text.find('\n', start), text.size());
    out += indent + "    " + text.substr(start, end - start) + "\n";
    start = end + 1;
  }
  return out;
}

std::string DeviceText(const Id128& device, const Id128& this_device) {
  return "device " + device.ToHex().substr(0, 8) + (device == this_device ? " (this device)" : "");
}

std::string_view OpKindName(sync::OpKind kind) {
  switch (kind) {
    case sync::OpKind::kCreate:
      return "created";
    case sync::OpKind::kSetFields:
      return "edited";
    case sync::OpKind::kDelete:
      return "deleted";
    case sync::OpKind::kResolve:
      return "resolved";
    case sync::OpKind::kAttachFile:
      return "attached file";
  }
  return "changed";
}

std::vector<const sync::StoredOp*> ByStamp(std::span<const sync::StoredOp> ops) {
  std::vector<const sync::StoredOp*> sorted;
  for (const sync::StoredOp& op : ops) sorted.push_back(&op);
  std::sort(sorted.begin(), sorted.end(),
            [](const auto* a, const auto* b) { return a->op.stamp < b->op.stamp; });
  return sorted;
}

std::vector<std::string> WrittenFields(const sync::Operation& op) {
  std::vector<std::string> names;
  for (const sync::FieldWrite& write : op.writes) names.push_back(write.field);
  return names;
}

}  // namespace

void WriteFieldValueJson(JsonWriter& json, const std::optional<schema::FieldValue>& value) {
  if (!value) {
    json.Null();
  } else if (const bool* flag = std::get_if<bool>(&*value)) {
    json.Bool(*flag);
  } else if (const int64_t* number = std::get_if<int64_t>(&*value)) {
    json.Int(*number);
  } else {
    json.String(schema::FormatFieldValue(*value));
  }
}

std::string RecordText(const sync::RecordState& state) {
  std::string out = "record " + state.record_id.ToHex() + "  " + TypeName(state) + "\n";
  for (const auto* entry : OrderedFields(state)) {
    const auto& [name, field] = *entry;
    if (!field.value && !field.conflict) continue;
    out += FieldLine(name, ValueText(field.value), "  ");
    if (field.conflict) {
      out += "  ! " + name + " is in conflict (" + std::to_string(field.versions.size()) +
             " versions): see `casevault conflict list`\n";
    }
  }
  if (state.delete_conflict) {
    out +=
        "  ! deleted on another device while edited: keep it with `casevault conflict resolve "
        "--restore` or confirm with `--delete`\n";
  }
  return out;
}

void WriteRecordJson(JsonWriter& json, const sync::RecordState& state) {
  json.BeginObject().Field("record", state.record_id.ToHex()).Field("type", TypeName(state));
  json.Key("fields").BeginObject();
  std::vector<std::string> conflicts;
  for (const auto* entry : OrderedFields(state)) {
    const auto& [name, field] = *entry;
    if (field.conflict) conflicts.push_back(name);
    if (!field.value) continue;
    json.Key(name);
    WriteFieldValueJson(json, field.value);
  }
  json.EndObject().Field("conflicts", conflicts);
  json.Field("delete_conflict", state.delete_conflict.has_value()).EndObject();
}

std::string RecordLabel(const sync::RecordState& state) {
  for (const auto* entry : OrderedFields(state)) {
    const std::optional<schema::FieldValue>& value = entry->second.value;
    const std::string* text = value ? std::get_if<std::string>(&*value) : nullptr;
    if (text == nullptr || text->empty()) continue;
    std::string label = text->substr(0, text->find('\n'));
    size_t characters = 0;
    for (size_t i = 0; i < label.size(); ++i) {
      if ((static_cast<unsigned char>(label[i]) & 0xc0) == 0x80) continue;
      if (++characters > kLabelCharacters) {
        label = label.substr(0, i) + "...";
        break;
      }
    }
    return label;
  }
  return "";
}

std::string ConflictsText(const sync::RecordState& state, const Id128& this_device) {
  std::string out;
  for (const auto* entry : OrderedFields(state)) {
    const auto& [name, field] = *entry;
    if (!field.conflict) continue;
    out +=
        "record " + state.record_id.ToHex() + " (" + TypeName(state) + "), field " + name + ":\n";
    for (size_t i = 0; i < field.versions.size(); ++i) {
      const sync::FieldVersion& version = field.versions[i];
      out += "  " + std::to_string(i + 1) + ") " + DisplayTime(version.stamp.physical_micros) +
             " by " + DeviceText(version.stamp.device, this_device) + (i == 0 ? ", shown" : "") +
             "\n";
      out += FieldLine("value", ValueText(version.value), "     ");
    }
  }
  if (state.delete_conflict) {
    out += "record " + state.record_id.ToHex() + " (" + TypeName(state) +
           "): deleted on a device that had not seen " +
           std::to_string(state.delete_conflict->unseen_versions.size()) +
           " later edit(s); resolve with --restore or --delete\n";
  }
  return out;
}

void WriteConflictsJson(JsonWriter& json, const sync::RecordState& state) {
  json.BeginObject().Field("record", state.record_id.ToHex()).Field("type", TypeName(state));
  json.Key("fields").BeginArray();
  for (const auto* entry : OrderedFields(state)) {
    const auto& [name, field] = *entry;
    if (!field.conflict) continue;
    json.BeginObject().Field("field", name).Key("versions").BeginArray();
    for (size_t i = 0; i < field.versions.size(); ++i) {
      const sync::FieldVersion& version = field.versions[i];
      json.BeginObject().Field("pick", i + 1).Key("value");
      WriteFieldValueJson(json, version.value);
      json.Field("written_at", DisplayTime(version.stamp.physical_micros))
          .Field("device", version.stamp.device.ToHex())
          .EndObject();
    }
    json.EndArray().EndObject();
  }
  json.EndArray().Field("delete_conflict", state.delete_conflict.has_value()).EndObject();
}

std::string HistoryText(std::span<const sync::StoredOp> ops, const Id128& this_device) {
  std::string out;
  for (const sync::StoredOp* stored : ByStamp(ops)) {
    const sync::Operation& op = stored->op;
    std::string line = DisplayTime(op.stamp.physical_micros) + "  " +
                       DeviceText(op.author_device, this_device) + "  " +
                       std::string(OpKindName(op.kind));
    const std::vector<std::string> fields = WrittenFields(op);
    for (size_t i = 0; i < fields.size(); ++i) line += (i == 0 ? ": " : ", ") + fields[i];
    line += stored->position ? "  [on the server, #" + std::to_string(stored->position->seq) + "]"
                             : "  [not synced yet]";
    out += line + "\n";
  }
  return out;
}

void WriteHistoryJson(JsonWriter& json, std::span<const sync::StoredOp> ops) {
  json.BeginArray();
  for (const sync::StoredOp* stored : ByStamp(ops)) {
    const sync::Operation& op = stored->op;
    json.BeginObject()
        .Field("op", op.op_id.ToHex())
        .Field("at", DisplayTime(op.stamp.physical_micros))
        .Field("device", op.author_device.ToHex())
        .Field("kind", OpKindName(op.kind))
        .Field("fields", WrittenFields(op))
        .Key("server_seq");
    if (stored->position) {
      json.Int(static_cast<int64_t>(stored->position->seq));
    } else {
      json.Null();
    }
    json.EndObject();
  }
  json.EndArray();
}

}  // namespace casevault::client::cli
