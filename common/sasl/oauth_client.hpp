#pragma once
// Client side shared by XOAUTH2 and OAUTHBEARER: one message carrying the
// token, then at most an error report that gets the mechanism's dummy reply.
#include <memory>
#include <string>

#include "common/sasl/sasl_client.hpp"

namespace mailsim::sasl {

// dummy_reply: "" for XOAUTH2, "\x01" for OAUTHBEARER (RFC 7628 3.2.3).
std::unique_ptr<ClientMechanism> make_oauth_client(Mechanism m, std::string payload, std::string dummy_reply);

}  // namespace mailsim::sasl
