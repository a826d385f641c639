#pragma once
// The messages every IMAP interop test seeds (into our mock and into a real
// Dovecot alike), chosen for the MIME and header shapes servers disagree
// on, plus the client options and mock config the tests share.
#include <gtest/gtest.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "client/imap/imap_client.hpp"
#include "mockserver/imap/imap_server.hpp"

namespace mailsim::imap_interop {

inline const std::string kUser = "alice";
inline const std::string kPassword = "interop-Pa55";

struct SeedMessage {
  std::string name;  // what makes it interesting, for test names
  std::string raw;   // bytes as seeded
};

// INBOX, in UID order (UID n is element n-1).
const std::vector<SeedMessage>& seed_messages();
// One message by name; throws when there is no such message.
const std::string& seed_message(const std::string& name);
// UID of a message by name.
std::uint32_t seed_uid(const std::string& name);
// raw with every line ending CRLF: what an IMAP server serves for it.
std::string with_crlf(const std::string& raw);

client::Security client_security(mock::Security security);

// Our mock with kUser, the seed messages in INBOX and an empty "Archive".
mock::ImapServerConfig mock_config(mock::Security security);

client::imap::ImapClientOptions client_options(std::uint16_t port, client::Security security,
                                               const std::string& ca_pem);

// "" on success, else the failure in words (for assertion messages).
template <class T>
std::string why(const client::imap::Result<T>& result) {
  return result.ok() ? std::string() : client::describe(result.failure());
}
inline std::string why(const std::optional<client::Failure>& failure) {
  return failure ? client::describe(*failure) : std::string();
}

}  // namespace mailsim::imap_interop
