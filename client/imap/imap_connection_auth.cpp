// ImapConnection: logging in (LOGIN or AUTHENTICATE with SASL).
#include <utility>

#include "client/imap/imap_connection.hpp"
#include "client/imap/imap_failure.hpp"
#include "common/base64.hpp"

namespace mailsim::client::imap {

namespace asio = net::asio;

namespace {

// A SASL exchange longer than this is a server leading us in circles.
constexpr int kMaxSaslRounds = 10;

Failure unsupported(std::string detail, bool tls) {
  Failure f = make_failure(Reason::auth_mechanism_unsupported, Stage::authenticate, std::move(detail));
  if (!tls) f.hint = "many servers offer login only over TLS; use security starttls or ssl_tls";
  return f;
}

}  // namespace

asio::awaitable<ImapConnection::Done> ImapConnection::authenticate() {
  // The exchanges clear the capabilities (a [CAPABILITY] code in the tagged
  // OK refills them); choose with the ones from before.
  const Capabilities caps = info_.capabilities;
  const bool tls = stream_ && stream_->is_tls();
  Done failure;

  if (options_.mechanism) {
    const auto m = *options_.mechanism;
    if (!caps.offers(m))
      co_return unsupported("the server does not offer AUTH=" + std::string(sasl::to_string(m)), tls);
    failure = co_await sasl_exchange(m);
  } else if (options_.auth == AuthMethod::login) {
    if (!caps.has("LOGINDISABLED")) {
      failure = co_await login_command();
    } else if (caps.offers(sasl::Mechanism::plain)) {
      transcript_.event("the server disables LOGIN (LOGINDISABLED); using AUTHENTICATE PLAIN");
      failure = co_await sasl_exchange(sasl::Mechanism::plain);
    } else {
      co_return unsupported("the server disables LOGIN here (LOGINDISABLED) and offers no AUTH=PLAIN", tls);
    }
  } else if (options_.auth == AuthMethod::plain) {
    if (!caps.offers(sasl::Mechanism::plain)) co_return unsupported("the server does not offer AUTH=PLAIN", tls);
    failure = co_await sasl_exchange(sasl::Mechanism::plain);
  } else {
    // OAUTHBEARER is the standard (RFC 7628), so it wins when both are offered.
    if (caps.offers(sasl::Mechanism::oauthbearer))
      failure = co_await sasl_exchange(sasl::Mechanism::oauthbearer);
    else if (caps.offers(sasl::Mechanism::xoauth2))
      failure = co_await sasl_exchange(sasl::Mechanism::xoauth2);
    else
      co_return unsupported("the server offers neither AUTH=OAUTHBEARER nor AUTH=XOAUTH2", tls);
  }
  if (failure) {
    if (!info_.capabilities.known()) info_.capabilities = caps;
    co_return failure;
  }
  transcript_.event("authenticated with " + info_.auth_mechanism.value_or("?"));
  if (info_.capabilities.known()) co_return std::nullopt;
  co_return co_await refresh_capabilities(Stage::authenticate);
}

asio::awaitable<ImapConnection::Done> ImapConnection::login_command() {
  const auto& credentials = *options_.credentials;
  if (credentials.user.empty() || credentials.password.empty())
    co_return make_failure(Reason::config_invalid, Stage::config, "LOGIN needs a user name and a password");
  CommandBuilder command = builder("LOGIN");
  command.astring(credentials.user).astring(credentials.password, true);
  info_.capabilities = Capabilities();
  auto result = co_await run(command.finish(), Stage::authenticate);
  if (!result) co_return result.failure();
  if (result.value().status != Status::ok) co_return failure_from_response(result.value(), Stage::authenticate);
  info_.auth_mechanism = "LOGIN";
  co_return std::nullopt;
}

asio::awaitable<ImapConnection::Done> ImapConnection::sasl_exchange(sasl::Mechanism mechanism) {
  const std::string name(sasl::to_string(mechanism));
  const bool oauth = sasl::is_oauth(mechanism);
  if (!sasl::credentials_allow(mechanism, *options_.credentials))
    co_return make_failure(Reason::config_invalid, Stage::config,
                           name + " needs " + (oauth ? "an access token" : "a user name and a password"));
  std::unique_ptr<sasl::ClientMechanism> sasl;
  try {
    sasl = sasl::make_client_mechanism(mechanism, *options_.credentials);
  } catch (const std::exception& e) {
    co_return make_failure(Reason::config_invalid, Stage::config, e.what());
  }

  // SASL-IR (RFC 4959) sends the initial response with the command ("="
  // for an empty one); without it, the response answers the first "+".
  const std::string tag = next_tag();
  std::string line = tag + " AUTHENTICATE " + name;
  std::optional<std::string> pending_initial;
  if (const auto initial = sasl->initial_response()) {
    if (info_.capabilities.has("SASL-IR")) {
      transcript_.client(line + " " + std::string(kRedacted));
      line += " " + (initial->empty() ? std::string("=") : base64_encode(*initial));
    } else {
      pending_initial = base64_encode(*initial);
      transcript_.client(line);
    }
  } else {
    transcript_.client(line);
  }
  in_step_ = false;
  info_.capabilities = Capabilities();  // a [CAPABILITY] code in the tagged OK refills them
  if (auto failure = co_await write(line + "\r\n", Stage::authenticate)) co_return failure;

  std::optional<std::string> oauth_error;  // the decoded JSON error challenge
  std::optional<std::string> problem;      // why we cancelled the exchange
  for (int round = 0;; ++round) {
    auto result = co_await read_response(Stage::authenticate, options_.timeouts.command);
    if (auto* failure = std::get_if<Failure>(&result)) {
      if (oauth_error) co_return oauth_failure(*oauth_error, bye_);
      co_return *failure;
    }
    ParseResult& parsed = std::get<ParseResult>(result);
    if (parsed.kind == ParseResult::Kind::error) continue;
    Response& response = parsed.response;
    if (const auto* status = std::get_if<StatusResponse>(&response); status && status->tag == tag) {
      in_step_ = true;
      observe(response);
      if (problem) {
        Failure f = make_failure(Reason::protocol_error, Stage::authenticate, *problem);
        f.server_words = status->words();
        co_return f;
      }
      if (status->status == Status::ok) {
        info_.auth_mechanism = name;
        co_return std::nullopt;
      }
      if (oauth_error) co_return oauth_failure(*oauth_error, *status);
      co_return failure_from_response(*status, Stage::authenticate, oauth);
    }
    const auto* continuation = std::get_if<Continuation>(&response);
    if (!continuation) {
      observe(response);
      surface(std::move(response), parsed.size);
      continue;
    }

    std::string answer;
    if (pending_initial) {
      answer = *std::exchange(pending_initial, std::nullopt);
    } else if (problem || oauth_error || round >= kMaxSaslRounds) {
      // A challenge after the OAuth error report, or an endless exchange:
      // cancel (RFC 3501 6.2.2) and let the tagged BAD end it.
      if (!problem && !oauth_error)
        problem = "the server sent more than " + std::to_string(kMaxSaslRounds) + " SASL challenges";
      answer = "*";
    } else {
      const auto challenge = base64_decode(continuation->text);
      const auto step = challenge ? sasl->step(*challenge) : sasl::ClientStep{};
      if (!challenge || step.protocol_error) {
        problem = challenge ? "the server's challenge makes no sense for " + name
                            : "the server's challenge is not base64";
        answer = "*";
      } else {
        if (step.server_error) {
          oauth_error = step.error_json;
          transcript_.event("OAuth error challenge: " + step.error_json);
        }
        answer = base64_encode(step.response);
      }
    }
    transcript_.client(answer == "*" ? "*" : kRedacted);
    if (auto failure = co_await write(answer + "\r\n", Stage::authenticate)) co_return failure;
  }
}

}  // namespace mailsim::client::imap
