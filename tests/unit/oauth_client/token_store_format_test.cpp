// The store's cipher seen from outside: a file written by TokenStore opens
// with plain OpenSSL AES-256-GCM, 12-byte nonce, header as additional data.
// And a writer killed before its rename leaves the store as it was.
#include <openssl/evp.h>

#include <fstream>
#include <iterator>

#include "client/oauth/token_store.hpp"
#include "fakes.hpp"

namespace mailsim::client::oauth::test {
namespace {

std::string read_bytes(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// Independent of aes_gcm.cpp: EVP with the layout documented in token_store.hpp.
std::optional<std::string> open_aes_256_gcm(const StoreKey& key, const std::string& file) {
  constexpr std::size_t header = 8 + 1 + 8 + 12, tag = 16;
  if (file.size() < header + tag) return std::nullopt;
  const auto* bytes = reinterpret_cast<const unsigned char*>(file.data());
  const std::size_t body = file.size() - header - tag;
  std::string plain(body, '\0');
  EVP_CIPHER_CTX* ctx = EVP_CIPHER_CTX_new();
  int n = 0, last = 0;
  std::string tag_bytes = file.substr(file.size() - tag);
  const bool ok = EVP_DecryptInit_ex(ctx, EVP_aes_256_gcm(), nullptr, key.bytes().data(), bytes + 17) == 1 &&
                  EVP_DecryptUpdate(ctx, nullptr, &n, bytes, static_cast<int>(header)) == 1 &&
                  EVP_DecryptUpdate(ctx, reinterpret_cast<unsigned char*>(plain.data()), &n, bytes + header,
                                    static_cast<int>(body)) == 1 &&
                  EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_SET_TAG, static_cast<int>(tag), tag_bytes.data()) == 1 &&
                  EVP_DecryptFinal_ex(ctx, reinterpret_cast<unsigned char*>(plain.data()) + n, &last) == 1;
  EVP_CIPHER_CTX_free(ctx);
  if (!ok) return std::nullopt;
  return plain;
}

StoredTokens sample() {
  StoredTokens all;
  all.outbound = TokenSet{};
  all.outbound->access_token = "access-token-value";
  all.outbound->refresh_token = "refresh-token-value";
  all.outbound->obtained_at = VirtualClock::default_start();
  return all;
}

TEST(TokenStoreFormat, IsAes256GcmOverTheBodyWithTheHeaderAuthenticated) {
  TempFolder folder;
  const auto key = StoreKey::random();
  TokenStore(folder / "tokens.store", key).write(sample());
  const auto file = read_bytes(folder / "tokens.store");
  const auto plain = open_aes_256_gcm(key, file);
  ASSERT_TRUE(plain.has_value());
  EXPECT_EQ(parse_tokens(*plain), sample());
  // The header is bound to the body: changing the version byte breaks the tag.
  auto altered = file;
  altered[8] ^= 1;
  EXPECT_FALSE(open_aes_256_gcm(key, altered).has_value());
  EXPECT_FALSE(open_aes_256_gcm(StoreKey::random(), file).has_value());
}

TEST(TokenStoreFormat, AWriterKilledBeforeItsRenameLeavesTheStoreAsItWas) {
  TempFolder folder;
  const auto key = StoreKey::random();
  TokenStore store(folder / "tokens.store", key);
  store.write(sample());
  // What a killed writer leaves: a half-written temporary file beside the store.
  std::ofstream(folder / ".tokens.store.tmp-AbC123", std::ios::binary) << "MSTOKENS\x01half";
  EXPECT_EQ(store.read(), sample());
  auto next = sample();
  next.outbound->refresh_token = "rotated";
  store.write(next);
  EXPECT_EQ(TokenStore(folder / "tokens.store", key).read(), next);
}

}  // namespace
}  // namespace mailsim::client::oauth::test
