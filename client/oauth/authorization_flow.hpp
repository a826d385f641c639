#pragma once
// `generate`: the authorization code flow with PKCE S256 and a loopback
// redirect (RFC 6749 4.1, RFC 7636, RFC 8252). The URL is shown (and opened
// when a desktop is there); in headless mode, for tests and CI against the
// auto-consenting mock, it is followed with plain HTTP GETs instead. The
// state is checked, the code exchanged, and the token set stored.
#include <chrono>
#include <functional>
#include <optional>
#include <string>

#include "client/connector/side.hpp"
#include "client/oauth/token_client.hpp"
#include "client/oauth/token_set.hpp"
#include "client/oauth/token_store.hpp"
#include "client/reason.hpp"

namespace mailsim::client::oauth {

struct GenerateOptions {
  // GET the authorization URL ourselves and deliver its redirect to the
  // listener, as a browser would: only an auto-consenting server allows it.
  bool headless = false;
  // How long to wait for the redirect (a person may take a while).
  std::chrono::milliseconds timeout{std::chrono::minutes(5)};
  // Shows the URL to the person; null prints it to standard output.
  std::function<void(const std::string& url)> show_url;
  bool open_browser = true;  // not headless: xdg-open when DISPLAY is set
  std::string callback_path = "/callback";
};

struct GenerateResult {
  std::optional<TokenSet> tokens;
  std::optional<Failure> failure;  // set exactly when tokens is not
  std::string authorization_url;   // as shown or followed; holds no secret
  // generate(): the store was damaged and has been replaced by one holding
  // only this side's new set.
  bool replaced_damaged_store = false;

  bool ok() const { return tokens.has_value(); }
};

// The whole flow up to and including the code exchange; stores nothing.
GenerateResult run_authorization_flow(TokenClient& client, const GenerateOptions& options = {});

// The flow, then the set saved for `side` (inbound same_as_outbound_oauth2
// generates for outbound). A store that fails its integrity check is
// replaced, since the person asked for new tokens; one that is not a token
// store, or was written with another key, is left alone and reported.
GenerateResult generate(TokenClient& client, TokenStore& store, Side side, const GenerateOptions& options = {});

}  // namespace mailsim::client::oauth
