#include "client/connector/client_options.hpp"

#include <utility>

namespace mailsim::client {

tls::ClientTlsOptions client_tls_options(const ConnectionConfig& config, const ConnectorOptions& options) {
  tls::ClientTlsOptions tls;
  tls.verify = config.tls.verify;
  tls.ca_file = config.tls.ca_file;
  tls.ca_pem = options.extra_ca_pem;
  // The loader has refused anything else; keep the safe default regardless.
  tls.min_version = tls::parse_version(config.tls.min_version).value_or(tls::Version::tls1_2);
  return tls;
}

smtp::SmtpClientOptions smtp_client_options(const ConnectionConfig& config, const ConnectorOptions& options,
                                            std::optional<sasl::ClientCredentials> credentials) {
  smtp::SmtpClientOptions smtp;
  smtp.host = config.outbound.host;
  smtp.port = config.outbound.port;
  smtp.security = config.outbound.security;
  smtp.tls = client_tls_options(config, options);
  smtp.credentials = std::move(credentials);
  smtp.helo_name = options.helo_name;
  smtp.timeouts.connect = config.timeouts.connect;
  smtp.timeouts.command = config.timeouts.command;
  smtp.timeouts.overall = config.timeouts.overall;
  return smtp;
}

imap::ImapClientOptions imap_client_options(const ConnectionConfig& config, const ConnectorOptions& options,
                                            std::optional<sasl::ClientCredentials> credentials, bool oauth) {
  imap::ImapClientOptions imap;
  imap.host = config.inbound.host;
  imap.port = config.inbound.port;
  imap.security = config.inbound.security;
  imap.tls = client_tls_options(config, options);
  imap.credentials = std::move(credentials);
  imap.auth = oauth ? imap::AuthMethod::oauth : imap::AuthMethod::login;
  imap.timeouts.connect = config.timeouts.connect;
  imap.timeouts.command = config.timeouts.command;
  imap.timeouts.overall = config.timeouts.overall;
  return imap;
}

}  // namespace mailsim::client
