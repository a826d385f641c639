#pragma once
// The connection file's settings as the SMTP and IMAP clients take them.
// Pure mapping: no I/O, credentials resolved beforehand (side_credentials.hpp).
#include <optional>

#include "client/connection/connection_config.hpp"
#include "client/connector/connector_options.hpp"
#include "client/imap/imap_options.hpp"
#include "client/smtp/smtp_options.hpp"
#include "common/sasl/sasl_client.hpp"
#include "common/tls/tls_context.hpp"

namespace mailsim::client {

// tls block + ConnectorOptions::extra_ca_pem.
tls::ClientTlsOptions client_tls_options(const ConnectionConfig& config, const ConnectorOptions& options);

smtp::SmtpClientOptions smtp_client_options(const ConnectionConfig& config, const ConnectorOptions& options,
                                            std::optional<sasl::ClientCredentials> credentials);

// oauth: the credentials hold an access token (AUTHENTICATE OAUTHBEARER or
// XOAUTH2); else LOGIN with the password.
imap::ImapClientOptions imap_client_options(const ConnectionConfig& config, const ConnectorOptions& options,
                                            std::optional<sasl::ClientCredentials> credentials, bool oauth);

}  // namespace mailsim::client
