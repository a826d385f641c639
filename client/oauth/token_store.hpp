#pragma once
// The token store file: both sides' token sets, encrypted at rest with
// AES-256-GCM. Layout (all in one file, header authenticated with the body):
//   "MSTOKENS" | version (1 byte) | key id (8) | nonce (12) | ciphertext | tag (16)
// Each write uses a fresh random nonce and replaces the file atomically
// (a temporary file in the same folder, fsync, rename) with mode 0600.
#include <filesystem>
#include <mutex>
#include <optional>

#include "client/oauth/store_key.hpp"
#include "client/oauth/token_repository.hpp"
#include "client/oauth/token_set.hpp"

namespace mailsim::client::oauth {

class TokenStore final : public TokenRepository {
 public:
  static constexpr unsigned char kVersion = 1;
  // Far above two token sets; a bigger file is not ours.
  static constexpr std::size_t kMaxFileBytes = 1 << 20;

  TokenStore(std::filesystem::path path, StoreKey key);

  // Everything stored; empty when the file does not exist yet. Throws
  // TokenStoreError for any other problem: a damaged store is never read as
  // an empty one.
  StoredTokens read() const;
  // Replaces the whole file. Throws TokenStoreError.
  void write(const StoredTokens& tokens) const;

  // One side, read-modify-write under a lock so the two sides of one file
  // can be saved from different threads.
  std::optional<TokenSet> load(Side side) override;
  void save(Side side, const TokenSet& tokens) override;

  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
  StoreKey key_;
  std::mutex mutex_;
};

}  // namespace mailsim::client::oauth
