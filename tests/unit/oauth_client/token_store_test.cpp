// The encrypted token store: round trips, and every way a file can be wrong
// gives a clear error instead of tokens, an empty store or a crash.
#include <sys/stat.h>

#include <fstream>
#include <iterator>

#include "client/oauth/token_store.hpp"
#include "fakes.hpp"

namespace mailsim::client::oauth::test {
namespace {

using Kind = TokenStoreError::Kind;

TokenSet sample(std::string suffix) {
  TokenSet t;
  t.access_token = "access-" + suffix;
  t.refresh_token = "refresh-" + suffix;
  t.scope = "https://mail.example/ offline_access";
  t.token_type = "Bearer";
  t.obtained_at = VirtualClock::default_start();
  t.expires_at = t.obtained_at + std::chrono::seconds(3600);
  return t;
}

std::string read_bytes(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void write_bytes(const std::filesystem::path& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << bytes;
}

class TokenStoreTest : public ::testing::Test {
 protected:
  TempFolder folder_;
  StoreKey key_ = StoreKey::random();
  std::filesystem::path path_ = folder_ / "tokens.store";
  TokenStore store_{path_, key_};

  StoredTokens both() {
    StoredTokens all;
    all.outbound = sample("out");
    all.inbound = sample("in");
    all.inbound->expires_at.reset();
    all.inbound->refresh_token.clear();
    return all;
  }

  // Expects read() to fail with this kind and a message naming the file
  // and never a token.
  void expect_error(Kind kind) {
    try {
      TokenStore(path_, key_).read();
      ADD_FAILURE() << "read() succeeded";
    } catch (const TokenStoreError& e) {
      EXPECT_EQ(e.kind(), kind) << e.what();
      const std::string message = e.what();
      EXPECT_NE(message.find(path_.string()), std::string::npos) << message;
      EXPECT_EQ(message.find("access-"), std::string::npos) << message;
      EXPECT_EQ(message.find("refresh-"), std::string::npos) << message;
    }
  }
};

TEST_F(TokenStoreTest, AMissingFileIsAnEmptyStore) {
  EXPECT_EQ(store_.read(), StoredTokens{});
  EXPECT_EQ(store_.load(Side::outbound), std::nullopt);
}

TEST_F(TokenStoreTest, RoundTripsBothSides) {
  const auto all = both();
  store_.write(all);
  EXPECT_EQ(TokenStore(path_, key_).read(), all);
}

TEST_F(TokenStoreTest, SavingOneSideKeepsTheOther) {
  store_.save(Side::outbound, sample("a"));
  store_.save(Side::inbound, sample("b"));
  store_.save(Side::outbound, sample("c"));
  TokenStore again(path_, key_);
  EXPECT_EQ(again.load(Side::outbound), sample("c"));
  EXPECT_EQ(again.load(Side::inbound), sample("b"));
}

TEST_F(TokenStoreTest, TheFileIsEncryptedAndOwnerOnly) {
  store_.write(both());
  const auto bytes = read_bytes(path_);
  EXPECT_TRUE(bytes.starts_with("MSTOKENS"));
  EXPECT_EQ(bytes.find("access-out"), std::string::npos);
  EXPECT_EQ(bytes.find("refresh-out"), std::string::npos);
  EXPECT_EQ(bytes.find("offline_access"), std::string::npos);
  struct stat info {};
  ASSERT_EQ(::stat(path_.c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0600u);
}

TEST_F(TokenStoreTest, EachWriteUsesAFreshNonce) {
  store_.write(both());
  const auto first = read_bytes(path_);
  store_.write(both());
  const auto second = read_bytes(path_);
  ASSERT_EQ(first.size(), second.size());
  // Header: magic (8), version (1), key id (8), then the 12-byte nonce.
  EXPECT_EQ(first.substr(0, 17), second.substr(0, 17));
  EXPECT_NE(first.substr(17, 12), second.substr(17, 12));
  EXPECT_NE(first.substr(29), second.substr(29));
}

TEST_F(TokenStoreTest, WritesLeaveNoTemporaryFileBehind) {
  store_.write(both());
  store_.save(Side::outbound, sample("x"));
  EXPECT_EQ(folder_.names(), std::vector<std::string>{"tokens.store"});
}

TEST_F(TokenStoreTest, ReplacesAFileWithLooserModeByAnOwnerOnlyOne) {
  write_bytes(path_, "");
  ::chmod(path_.c_str(), 0644);
  store_.write(both());
  struct stat info {};
  ASSERT_EQ(::stat(path_.c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0600u);
}

TEST_F(TokenStoreTest, CreatesTheStoreFolder) {
  TokenStore nested(folder_ / "a" / "b" / "tokens", key_);
  nested.write(both());
  EXPECT_EQ(TokenStore(folder_ / "a" / "b" / "tokens", key_).read(), both());
}

TEST_F(TokenStoreTest, AnUnwritableLocationIsAClearErrorAndLeavesNothing) {
  // A file where the folder should be: fails for root too.
  write_bytes(folder_ / "not-a-folder", "x");
  TokenStore store(folder_ / "not-a-folder" / "tokens", key_);
  try {
    store.write(both());
    ADD_FAILURE() << "write() succeeded";
  } catch (const TokenStoreError& e) {
    EXPECT_EQ(e.kind(), Kind::unwritable);
    EXPECT_NE(std::string(e.what()).find("not-a-folder"), std::string::npos) << e.what();
  }
  EXPECT_THROW(store.save(Side::outbound, sample("x")), TokenStoreError);
  EXPECT_EQ(folder_.names(), std::vector<std::string>{"not-a-folder"});
}

TEST_F(TokenStoreTest, FlippingAnyByteIsDetected) {
  store_.write(both());
  const auto original = read_bytes(path_);
  for (std::size_t i = 0; i < original.size(); ++i) {
    auto tampered = original;
    tampered[i] = static_cast<char>(tampered[i] ^ 0x01);
    write_bytes(path_, tampered);
    SCOPED_TRACE("byte " + std::to_string(i));
    EXPECT_THROW(TokenStore(path_, key_).read(), TokenStoreError);
  }
  // The body and tag: the integrity check names the damage.
  auto tampered = original;
  tampered[original.size() - 1] ^= 0x40;
  write_bytes(path_, tampered);
  expect_error(Kind::damaged);
}

TEST_F(TokenStoreTest, EveryTruncationIsDetected) {
  store_.write(both());
  const auto original = read_bytes(path_);
  for (std::size_t n = 0; n < original.size(); ++n) {
    write_bytes(path_, original.substr(0, n));
    SCOPED_TRACE("length " + std::to_string(n));
    EXPECT_THROW(TokenStore(path_, key_).read(), TokenStoreError);
  }
  write_bytes(path_, original.substr(0, 20));
  expect_error(Kind::damaged);
}

TEST_F(TokenStoreTest, AppendedBytesAreDetected) {
  store_.write(both());
  write_bytes(path_, read_bytes(path_) + "x");
  expect_error(Kind::damaged);
}

TEST_F(TokenStoreTest, AnotherKeyIsNamedAsSuch) {
  store_.write(both());
  const auto other = StoreKey::random();
  try {
    TokenStore(path_, other).read();
    ADD_FAILURE() << "read() succeeded";
  } catch (const TokenStoreError& e) {
    EXPECT_EQ(e.kind(), Kind::wrong_key);
    const std::string message = e.what();
    EXPECT_NE(message.find("another key"), std::string::npos) << message;
    EXPECT_NE(message.find(key_.id_hex()), std::string::npos) << message;
    EXPECT_NE(message.find(other.id_hex()), std::string::npos) << message;
  }
}

TEST_F(TokenStoreTest, AnotherFileIsNotAStore) {
  write_bytes(path_, "outbound:\n  host: smtp.example.com\n");
  expect_error(Kind::not_a_store);
}

TEST_F(TokenStoreTest, ANewerFormatVersionIsNamed) {
  store_.write(both());
  auto bytes = read_bytes(path_);
  bytes[8] = 2;
  write_bytes(path_, bytes);
  expect_error(Kind::unsupported_version);
}

TEST_F(TokenStoreTest, AnOversizedFileIsRefusedUnread) {
  write_bytes(path_, "MSTOKENS" + std::string(TokenStore::kMaxFileBytes, 'x'));
  expect_error(Kind::not_a_store);
}

TEST_F(TokenStoreTest, SavingIntoADamagedStoreFailsRatherThanStartingOver) {
  store_.write(both());
  auto bytes = read_bytes(path_);
  bytes[40] ^= 1;
  write_bytes(path_, bytes);
  EXPECT_THROW(store_.save(Side::outbound, sample("new")), TokenStoreError);
  EXPECT_EQ(read_bytes(path_), bytes);
}

TEST(TokenSetJson, RejectsDocumentsThatAreNotTokenSets) {
  EXPECT_THROW(parse_tokens("[]"), std::runtime_error);
  EXPECT_THROW(parse_tokens("{\"format\":2}"), std::runtime_error);
  EXPECT_THROW(parse_tokens("{\"format\":1,\"outbound\":{\"access_token\":1}}"), std::runtime_error);
  EXPECT_THROW(parse_tokens("{\"format\":1,\"outbound\":{\"access_token\":\"a\",\"refresh_token\":\"\",\"scope\":\"\","
                            "\"token_type\":\"Bearer\",\"obtained_at\":1e300,\"expires_at\":null}}"),
               std::runtime_error);
  EXPECT_EQ(parse_tokens("{\"format\":1}"), StoredTokens{});
}

}  // namespace
}  // namespace mailsim::client::oauth::test
