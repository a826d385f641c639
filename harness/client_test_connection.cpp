// `mailsim client test-connection`: both sides, every stage, a verdict each.
#include "client/connector/connector.hpp"
#include "client/connector/test_connection_format.hpp"
#include "harness/client_subcommands.hpp"
#include "harness/client_tokens.hpp"

namespace mailsim::harness {

int run_client_test_connection(const ClientCommon& common, std::ostream& out, std::ostream& err) {
  CommandOutput output(common, "test-connection", out, err);
  // Warnings (port 25 ...) come first: they often explain the result.
  auto config = output.load_connection(true);
  if (!config) return output.unusable_connection();
  if (!output.json()) out << "Testing " << common.connection << " (outbound and inbound in parallel)\n\n";

  const client::Connector connector = make_connector(std::move(*config));
  const client::TestConnectionReport report = connector.test_connection();

  int code = report.ok() ? kExitOk : kExitFailed;
  for (const auto* side : {&report.outbound, &report.inbound})
    if (side->failure && exit_code_for(*side->failure) == kExitUnusable) code = kExitUnusable;

  if (output.json()) {
    auto& doc = output.document();
    doc.update(client::test_connection_json(report, common.verbose));
    out << dump_json(doc);
  } else {
    out << client::format_test_connection(report, common.verbose);
    out << "\n" << (report.ok() ? "Both sides OK." : "Test Connection FAILED.") << "\n";
  }
  return code;
}

}  // namespace mailsim::harness
