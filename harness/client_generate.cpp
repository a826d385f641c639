// `mailsim client generate`: the OAuth authorization code flow with PKCE on a
// loopback redirect, then the token set stored encrypted for the side.
#include <fmt/format.h>

#include <iostream>

#include "client/connection/value_parsers.hpp"
#include "client/oauth/authorization_flow.hpp"
#include "client/oauth/token_setup.hpp"
#include "harness/client_subcommands.hpp"

namespace mailsim::harness {

int run_client_generate(const ClientCommon& common, const GenerateArgs& args, std::ostream& out, std::ostream& err) {
  CommandOutput output(common, "generate", out, err);
  auto config = output.load_connection();
  if (!config) return output.unusable_connection();
  const auto side = args.side == "inbound" ? client::Side::inbound : client::Side::outbound;
  // Make the default key file on first use: the person is setting tokens up now.
  auto setup = client::oauth::side_token_setup(*config, side, {}, /*create_key_file=*/true);
  if (auto* failure = std::get_if<client::Failure>(&setup))
    return output.finish(std::optional<client::Failure>(*failure), {}, std::chrono::milliseconds(0));
  auto& parts = std::get<client::oauth::SideTokenSetup>(setup);

  client::oauth::GenerateOptions options;
  options.headless = args.headless;
  options.open_browser = !args.no_browser;
  if (auto timeout = client::parse_duration(args.timeout); timeout.value) {
    options.timeout = *timeout.value;
  } else {
    return output.unusable("--timeout: " + timeout.error);
  }
  // The URL goes to stderr so --json keeps stdout to one document.
  options.show_url = [&err](const std::string& url) {
    err << "Open this address in a browser to consent:\n  " << url << "\n" << std::flush;
  };
  const auto started = std::chrono::steady_clock::now();
  const auto result = client::oauth::generate(*parts.client, *parts.store, parts.stored_as, options);
  const auto elapsed =
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started);
  auto& doc = output.document();
  doc["side"] = std::string(client::to_string(parts.stored_as));
  doc["store"] = parts.store->path().string();
  if (result.ok()) {
    doc["scope"] = result.tokens->scope;
    doc["refresh_token"] = !result.tokens->refresh_token.empty();
    if (!output.json())
      out << fmt::format("stored a new token set for {} in {} (scope: {}; refresh token: {})\n",
                         client::to_string(parts.stored_as), parts.store->path().string(), result.tokens->scope,
                         result.tokens->refresh_token.empty() ? "no" : "yes");
    if (result.replaced_damaged_store && !output.json())
      out << "the previous store failed its integrity check and was replaced\n";
  }
  return output.finish(result.failure, {}, elapsed);
}

}  // namespace mailsim::harness
