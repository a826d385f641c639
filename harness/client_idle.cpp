// `mailsim client idle`: waits until mail arrives in a folder or time runs out.
#include <fmt/format.h>

#include "client/connection/value_parsers.hpp"
#include "client/connector/connector.hpp"
#include "harness/client_subcommands.hpp"
#include "harness/client_tokens.hpp"

namespace mailsim::harness {

int run_client_idle(const ClientCommon& common, const IdleArgs& args, std::ostream& out, std::ostream& err) {
  CommandOutput output(common, "idle", out, err);
  auto config = output.load_connection();
  if (!config) return output.unusable_connection();
  const auto timeout = client::parse_duration(args.timeout);
  if (!timeout.value) return output.unusable("--timeout: " + timeout.error);

  const auto outcome = make_connector(std::move(*config)).idle(args.folder, *timeout.value);
  const client::IdleReport& r = outcome.value;
  auto& doc = output.document();
  doc["folder"] = args.folder;
  doc["new_messages"] = r.new_messages;
  doc["timed_out"] = r.timed_out;
  doc["exists"] = r.exists;
  doc["new_uids"] = r.new_uids;
  if (outcome.ok() && !output.json()) {
    if (r.new_messages) {
      std::string uids;
      for (const auto uid : r.new_uids) uids += (uids.empty() ? "" : ",") + std::to_string(uid);
      out << fmt::format("new mail in {}: UID {} ({} messages now)\n", args.folder, uids.empty() ? "?" : uids,
                         r.exists);
    } else {
      out << fmt::format("no new mail in {} within {}\n", args.folder, args.timeout);
    }
  }
  const int code = output.finish(outcome);
  // Waiting for mail that did not come is what a script wants to notice.
  return code == kExitOk && !r.new_messages ? kExitFailed : code;
}

}  // namespace mailsim::harness
