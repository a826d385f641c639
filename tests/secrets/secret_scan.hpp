#pragma once
// Known secrets and every form they could leak in: raw, base64, and inside
// the SASL strings (PLAIN, XOAUTH2, OAUTHBEARER) and the HTTP Basic
// credentials built from them. Findings name the secret by its label, never
// by its value, so a failing test does not leak it either.
#include <string>
#include <vector>

namespace mailsim::test {

struct Secret {
  std::string label;  // where it came from, e.g. "scenarios/x.yaml: password of alice"
  std::string value;
};

struct Needle {
  std::string label;  // the secret's label and the form, e.g. "... (base64 of SASL PLAIN)"
  std::string text;
};

// Short values ("unused", "secret") are words that appear in transcripts on
// their own; they are searched only inside the longer SASL forms.
inline constexpr std::size_t kMinRawLength = 8;

class SecretSet {
 public:
  void add_password(const std::string& label, const std::string& user, const std::string& password);
  void add_client_secret(const std::string& label, const std::string& client_id, const std::string& secret);
  // Access and refresh tokens; `users` are the names they may be sent for.
  void add_token(const std::string& label, const std::string& token, const std::vector<std::string>& users);
  const std::vector<Needle>& needles() const { return needles_; }
  std::size_t size() const { return secrets_; }

 private:
  void add_raw(const std::string& label, const std::string& value);
  void add_base64(const std::string& label, const std::string& form, const std::string& value);
  std::vector<Needle> needles_;
  std::size_t secrets_ = 0;
};

// Every needle found in `text`, as "where: label".
std::vector<std::string> find_leaks(const SecretSet& secrets, const std::string& text, const std::string& where);

// Strings shaped like a JWT (header.payload.), found without knowing them:
// tokens issued in another process (the `mailsim run` child).
std::vector<std::string> find_jwt_shapes(const std::string& text, const std::string& where);

}  // namespace mailsim::test
