#include "common_options.h"

#include <charconv>

namespace casevault::client::cli {

Result<sync::CompartmentRef> CompartmentOption(const Arguments& args, const Id128& case_id,
                                               const std::string& fallback) {
  std::string name = args.Value("--compartment").value_or(fallback);
  if (name.empty())
    return InvalidArgumentError("give --compartment (shared, drafts or agency:<id>)");
  if (!sync::IsValidCompartmentName(name)) {
    return InvalidArgumentError(
        "--compartment is shared, drafts or agency:<id> (e.g. agency:police), not \"" + name +
        "\"");
  }
  return sync::CompartmentRef{case_id, std::move(name)};
}

Result<sync::CompartmentRef> OpenCompartment(CommandContext& context, const std::string& fallback) {
  CV_ASSIGN_OR_RETURN(Id128 case_id, context.args().RequiredId("--case"));
  CV_ASSIGN_OR_RETURN(sync::CompartmentRef where,
                      CompartmentOption(context.args(), case_id, fallback));
  CV_RETURN_IF_ERROR(context.OpenCase(case_id));
  return where;
}

Result<sync::RecordState> RecordOption(CommandContext& context, const sync::CompartmentRef& where) {
  CV_ASSIGN_OR_RETURN(Id128 record_id, context.args().RequiredId("--record"));
  CV_ASSIGN_OR_RETURN(DeviceHome * home, context.Home());
  CV_ASSIGN_OR_RETURN(sync::RecordState state, home->replica().writer().State(where, record_id));
  if (!state.type || state.deleted) {
    return NotFoundError("no record " + record_id.ToHex() + " in " + where.name + " of case " +
                         where.case_id.ToHex() +
                         " on this device (`casevault record list` shows them)");
  }
  return state;
}

Status RequireKey(DeviceHome& home, const sync::CompartmentRef& where) {
  Result<uint32_t> epoch = home.replica().LatestEpoch(where);
  if (epoch.status().code() == StatusCode::kNotFound) {
    return FailedPreconditionError(
        "this device holds no key of " + where.name + " of case " + where.case_id.ToHex() +
        " yet: run `casevault sync` (the first sync of a member who may write creates it)");
  }
  CV_RETURN_IF_ERROR(epoch.status());
  CV_ASSIGN_OR_RETURN(std::optional<bool> writable, home.replica().Writable(where));
  if (writable == false) {
    return PermissionDeniedError("you have read-only access to " + where.name + " of case " +
                                 where.case_id.ToHex() +
                                 " (as of the last sync): nothing was saved");
  }
  return Status::Ok();
}

Result<ServerAddress> ParseHostPort(const std::string& text) {
  const size_t colon = text.rfind(':');
  int port = 0;
  if (colon != std::string::npos && colon > 0) {
    const char* begin = text.data() + colon + 1;
    const char* end = text.data() + text.size();
    const auto [stop, error] = std::from_chars(begin, end, port);
    if (begin == end || error != std::errc() || stop != end) port = 0;
  }
  if (port < 1 || port > 65535) {
    return InvalidArgumentError(
        "--server takes HOST:PORT, e.g. casevault.example.org:8443, not \"" + text + "\"");
  }
  ServerAddress address;
  address.host = text.substr(0, colon);
  address.port = port;
  return address;
}

}  // namespace casevault::client::cli
