#include "secrets/secret_scan.hpp"

#include "common/base64.hpp"

namespace mailsim::test {

void SecretSet::add_raw(const std::string& label, const std::string& value) {
  if (value.size() >= kMinRawLength) needles_.push_back({label, value});
}

void SecretSet::add_base64(const std::string& label, const std::string& form, const std::string& value) {
  needles_.push_back({label + " (base64 of " + form + ")", base64_encode(value)});
}

void SecretSet::add_password(const std::string& label, const std::string& user, const std::string& password) {
  ++secrets_;
  add_raw(label, password);
  if (password.size() >= kMinRawLength) add_base64(label, "the password", password);
  add_base64(label, "SASL PLAIN", std::string(1, '\0') + user + '\0' + password);
  add_base64(label, "SASL PLAIN with authzid", user + '\0' + user + '\0' + password);
}

void SecretSet::add_client_secret(const std::string& label, const std::string& client_id, const std::string& secret) {
  ++secrets_;
  add_raw(label, secret);
  if (secret.size() >= kMinRawLength) add_base64(label, "the client secret", secret);
  add_base64(label, "HTTP Basic credentials", client_id + ":" + secret);
}

void SecretSet::add_token(const std::string& label, const std::string& token, const std::vector<std::string>& users) {
  ++secrets_;
  add_raw(label, token);
  add_base64(label, "the token", token);
  for (const auto& user : users) {
    add_base64(label, "SASL XOAUTH2", "user=" + user + "\x01" "auth=Bearer " + token + "\x01\x01");
    add_base64(label, "SASL OAUTHBEARER", "n,a=" + user + ",\x01" "auth=Bearer " + token + "\x01\x01");
  }
}

std::vector<std::string> find_leaks(const SecretSet& secrets, const std::string& text, const std::string& where) {
  std::vector<std::string> found;
  for (const auto& needle : secrets.needles()) {
    if (text.find(needle.text) != std::string::npos) found.push_back(where + ": " + needle.label);
  }
  return found;
}

namespace {

bool base64url_char(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
}

// Length of a run of base64url characters starting with "eyJ" at `at` and
// ending in '.', or 0.
std::size_t jwt_segment(const std::string& text, std::size_t at) {
  if (text.compare(at, 3, "eyJ") != 0) return 0;
  std::size_t end = at + 3;
  while (end < text.size() && base64url_char(text[end])) ++end;
  return end < text.size() && text[end] == '.' && end - at >= 11 ? end + 1 - at : 0;
}

}  // namespace

std::vector<std::string> find_jwt_shapes(const std::string& text, const std::string& where) {
  // base64url of '{"' starts every JWT header and payload.
  std::vector<std::string> found;
  for (auto at = text.find("eyJ"); at != std::string::npos; at = text.find("eyJ", at + 1)) {
    const auto header = jwt_segment(text, at);
    if (header && jwt_segment(text, at + header)) found.push_back(where + ": a JWT at offset " + std::to_string(at));
  }
  return found;
}

}  // namespace mailsim::test
