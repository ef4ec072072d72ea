#include "casevault/client/cli/record_view.h"

#include <gtest/gtest.h>

namespace casevault::client::cli {
namespace {

using schema::FieldValue;

Id128 IdOf(uint8_t byte) {
  Id128 id;
  id.bytes.fill(byte);
  return id;
}

sync::HlcStamp Stamp(int64_t seconds, uint8_t device) {
  return sync::HlcStamp{seconds * 1'000'000, 0, IdOf(device)};
}

// Terms of reference whose title is in conflict between devices 0xaa and 0xbb.
sync::RecordState TermsInConflict() {
  sync::RecordState state;
  state.record_id = IdOf(0x11);
  state.type = schema::RecordType::kTermsOfReference;
  sync::FieldState title;
  title.value = FieldValue(std::string("Child A review"));
  title.versions = {{Stamp(200, 0xbb), FieldValue(std::string("Child A review"))},
                    {Stamp(100, 0xaa), FieldValue(std::string("Review: Child A"))}};
  title.conflict = true;
  state.fields["title"] = title;
  sync::FieldState overview;
  overview.value = FieldValue(std::string("Scope: 2024.\nMethod: systems."));
  state.fields["overview"] = overview;
  sync::FieldState agreed;
  agreed.value = FieldValue(schema::Date{2026, 3, 1});
  state.fields["agreed_on"] = agreed;
  return state;
}

TEST(RecordView, TextShowsFieldsInSpecOrderIndentsLongTextAndMarksConflicts) {
  EXPECT_EQ(RecordText(TermsInConflict()),
            "record 11111111111111111111111111111111  terms_of_reference\n"
            "  title: Child A review\n"
            "  ! title is in conflict (2 versions): see `casevault conflict list`\n"
            "  overview:\n"
            "      Scope: 2024.\n"
            "      Method: systems.\n"
            "  agreed_on: 2026-03-01\n");
}

TEST(RecordView, JsonHoldsTypedValuesAndTheFieldsInConflict) {
  sync::RecordState state = TermsInConflict();
  state.fields["count"] = sync::FieldState{FieldValue(int64_t{3}), {}, false};
  JsonWriter json;
  WriteRecordJson(json, state);
  EXPECT_EQ(
      json.text(),
      R"({"record":"11111111111111111111111111111111","type":"terms_of_reference",)"
      R"("fields":{"title":"Child A review","overview":"Scope: 2024.\nMethod: systems.",)"
      R"("agreed_on":"2026-03-01","count":3},"conflicts":["title"],"delete_conflict":false})");
}

TEST(RecordView, ConflictsAreNumberedForPickingAndNameTheirDevices) {
  const std::string text = ConflictsText(TermsInConflict(), IdOf(0xaa));
  EXPECT_EQ(text,
            "record 11111111111111111111111111111111 (terms_of_reference), field title:\n"
            "  1) 1970-01-01T00:03:20Z by device bbbbbbbb, shown\n"
            "     value: Child A review\n"
            "  2) 1970-01-01T00:01:40Z by device aaaaaaaa (this device)\n"
            "     value: Review: Child A\n");
  JsonWriter json;
  WriteConflictsJson(json, TermsInConflict());
  EXPECT_NE(json.text().find(R"({"field":"title","versions":[{"pick":1,"value":"Child A review")"),
            std::string::npos)
      << json.text();
}

TEST(RecordView, ARecordWithoutConflictsHasNoConflictText) {
  sync::RecordState state = TermsInConflict();
  state.fields["title"].conflict = false;
  EXPECT_EQ(ConflictsText(state, IdOf(0xaa)), "");
  state.delete_conflict = sync::DeleteConflict{{Stamp(300, 0xbb)}, {Stamp(200, 0xaa)}};
  EXPECT_NE(ConflictsText(state, IdOf(0xaa)).find("resolve with --restore or --delete"),
            std::string::npos);
  EXPECT_NE(RecordText(state).find("conflict resolve --restore"), std::string::npos);
}

TEST(RecordView, TheLabelIsTheFirstLineOfTheFirstTextCutToFortyEightCharacters) {
  sync::RecordState state = TermsInConflict();
  EXPECT_EQ(RecordLabel(state), "Child A review");
  state.fields.erase("title");
  EXPECT_EQ(RecordLabel(state), "Scope: 2024.");
  state.fields["overview"].value = FieldValue(std::string(60, 'x'));
  EXPECT_EQ(RecordLabel(state), std::string(48, 'x') + "...");
  state.fields.erase("overview");
  EXPECT_EQ(RecordLabel(state), "");
}

TEST(RecordView, HistoryIsInStampOrderWithFieldNamesOnlyAndSyncState) {
  std::vector<sync::StoredOp> ops(2);
  ops[0].op.op_id = IdOf(0x01);
  ops[0].op.author_device = IdOf(0xbb);
  ops[0].op.stamp = Stamp(200, 0xbb);
  ops[0].op.kind = sync::OpKind::kSetFields;
  ops[0].op.writes = {{"title", FieldValue(std::string("secret words")), {}}};
  ops[1].op.op_id = IdOf(0x02);
  ops[1].op.author_device = IdOf(0xaa);
  ops[1].op.stamp = Stamp(100, 0xaa);
  ops[1].op.kind = sync::OpKind::kCreate;
  ops[1].op.writes = {{"title", FieldValue(std::string("x")), {}},
                      {"overview", FieldValue(std::string("y")), {}}};
  ops[1].position = sync::LogPosition{7, 0};
  const std::string text = HistoryText(ops, IdOf(0xaa));
  EXPECT_EQ(text,
            "1970-01-01T00:01:40Z  device aaaaaaaa (this device)  created: title, overview  "
            "[on the server, #7]\n"
            "1970-01-01T00:03:20Z  device bbbbbbbb  edited: title  [not synced yet]\n");
  EXPECT_EQ(text.find("secret words"), std::string::npos);
  JsonWriter json;
  WriteHistoryJson(json, ops);
  EXPECT_NE(json.text().find(R"("kind":"created","fields":["title","overview"],"server_seq":7)"),
            std::string::npos)
      << json.text();
  EXPECT_NE(json.text().find(R"("server_seq":null)"), std::string::npos);
}

}  // namespace
}  // namespace casevault::client::cli
