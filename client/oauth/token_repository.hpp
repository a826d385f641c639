#pragma once
// Where the token manager keeps token sets between runs. TokenStore is the
// encrypted file; tests substitute their own.
#include <optional>
#include <stdexcept>
#include <string>

#include "client/connector/side.hpp"
#include "client/oauth/token_set.hpp"

namespace mailsim::client::oauth {

// Why a store could not be read or written. The message names the file and
// what to do, and never contains a token.
class TokenStoreError : public std::runtime_error {
 public:
  enum class Kind {
    unreadable,           // I/O error or no key
    not_a_store,          // no store header: another file, or its first bytes damaged
    unsupported_version,  // written by a newer mailsim
    wrong_key,            // encrypted with a different key
    damaged,              // truncated, or failed authentication: altered or corrupt
    unwritable,           // the new file could not be written
  };
  TokenStoreError(Kind kind, const std::string& message) : std::runtime_error(message), kind_(kind) {}
  Kind kind() const { return kind_; }

 private:
  Kind kind_;
};

class TokenRepository {
 public:
  virtual ~TokenRepository() = default;
  // nullopt when nothing is stored for the side. Throws TokenStoreError.
  virtual std::optional<TokenSet> load(Side side) = 0;
  // Durable when it returns. Throws TokenStoreError.
  virtual void save(Side side, const TokenSet& tokens) = 0;
};

}  // namespace mailsim::client::oauth
