#include "common/sasl/oauth_client.hpp"

#include "common/sasl/mechanisms.hpp"
#include "common/sasl/oauth_error_json.hpp"

namespace mailsim::sasl {
namespace {

class OAuthClient final : public ClientMechanism {
 public:
  OAuthClient(Mechanism m, std::string payload, std::string dummy_reply)
      : mechanism_(m), payload_(std::move(payload)), dummy_reply_(std::move(dummy_reply)) {}

  Mechanism mechanism() const override { return mechanism_; }
  std::optional<std::string> initial_response() override { return payload_; }

  ClientStep step(std::string_view challenge) override {
    if (error_seen_) return client_protocol_error();
    // Without SASL-IR the server first sends an empty challenge.
    if (challenge.empty()) {
      if (answered_) return client_protocol_error();
      answered_ = true;
      return client_response(payload_);
    }
    if (!looks_like_json_object(challenge)) return client_protocol_error();
    error_seen_ = true;
    ClientStep s = client_response(dummy_reply_);
    s.server_error = true;
    s.error_json = std::string(challenge);
    return s;
  }

 private:
  Mechanism mechanism_;
  std::string payload_;
  std::string dummy_reply_;
  bool answered_ = false;
  bool error_seen_ = false;
};

}  // namespace

std::unique_ptr<ClientMechanism> make_oauth_client(Mechanism m, std::string payload, std::string dummy_reply) {
  return std::make_unique<OAuthClient>(m, std::move(payload), std::move(dummy_reply));
}

}  // namespace mailsim::sasl
