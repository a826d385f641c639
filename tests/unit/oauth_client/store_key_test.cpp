// The store key: its text forms, and the key file rules (owner only).
#include <sys/stat.h>

#include <fstream>

#include "client/oauth/store_key.hpp"
#include "common/base64.hpp"
#include "fakes.hpp"

namespace mailsim::client::oauth::test {
namespace {

const std::string kHex = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";

StoreKey::Bytes counting_bytes() {
  StoreKey::Bytes b{};
  for (std::size_t i = 0; i < b.size(); ++i) b[i] = static_cast<unsigned char>(i);
  return b;
}

std::filesystem::path write_file(const std::filesystem::path& path, const std::string& text, mode_t mode) {
  {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << text;
  }
  ::chmod(path.c_str(), mode);
  return path;
}

std::string error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const StoreKeyError& e) {
    return e.what();
  }
  return "";
}

TEST(StoreKey, ParsesHexAndBase64OfThirtyTwoBytes) {
  EXPECT_EQ(StoreKey::parse(kHex).bytes(), counting_bytes());
  EXPECT_EQ(StoreKey::parse("  " + kHex + "\n").bytes(), counting_bytes());
  const auto b = counting_bytes();
  const std::string raw(b.begin(), b.end());
  EXPECT_EQ(StoreKey::parse(base64_encode(raw)).bytes(), counting_bytes());
}

TEST(StoreKey, RefusesOtherTextWithoutEchoingIt) {
  for (const std::string& text : {std::string(""), kHex.substr(2), kHex + "00", std::string("zz") + kHex.substr(2),
                                 base64_encode("sixteen bytes...")}) {
    const auto message = error_of([&] { StoreKey::parse(text); });
    EXPECT_FALSE(message.empty()) << text;
    if (!text.empty()) {
      EXPECT_EQ(message.find(text), std::string::npos);
    }
  }
}

TEST(StoreKey, TheIdFollowsTheKey) {
  const StoreKey a(counting_bytes());
  EXPECT_EQ(StoreKey(counting_bytes()).id(), a.id());
  EXPECT_NE(StoreKey::random().id(), a.id());
  EXPECT_EQ(a.id_hex().size(), 16u);
  // One-way: the id is not a slice of the key.
  EXPECT_EQ(kHex.find(a.id_hex()), std::string::npos);
}

class KeyFileTest : public ::testing::Test {
 protected:
  TempFolder folder_;
};

TEST_F(KeyFileTest, ReadsAnOwnerOnlyKeyFileAsTextOrRawBytes) {
  EXPECT_EQ(read_key_file(write_file(folder_ / "hex", kHex + "\n", 0600)).bytes(), counting_bytes());
  EXPECT_EQ(read_key_file(write_file(folder_ / "ro", kHex, 0400)).bytes(), counting_bytes());
  const auto b = counting_bytes();
  EXPECT_EQ(read_key_file(write_file(folder_ / "raw", std::string(b.begin(), b.end()), 0600)).bytes(),
            counting_bytes());
}

TEST_F(KeyFileTest, RefusesAKeyFileOthersCanReach) {
  for (const mode_t mode : {0640, 0604, 0644, 0620, 0602, 0610}) {
    const auto path = write_file(folder_ / "key", kHex, mode);
    const auto message = error_of([&] { read_key_file(path); });
    SCOPED_TRACE(message);
    EXPECT_NE(message.find(path.string()), std::string::npos);
    EXPECT_NE(message.find("chmod 600"), std::string::npos);
    EXPECT_EQ(message.find(kHex), std::string::npos);
  }
}

TEST_F(KeyFileTest, RefusesWhatIsNotAKeyFile) {
  EXPECT_NE(error_of([&] { read_key_file(folder_ / "absent"); }).find("absent"), std::string::npos);
  std::filesystem::create_directory(folder_ / "dir");
  ::chmod((folder_ / "dir").c_str(), 0700);
  EXPECT_NE(error_of([&] { read_key_file(folder_ / "dir"); }).find("not a regular file"), std::string::npos);
  const auto big = write_file(folder_ / "big", std::string(4096, 'a'), 0600);
  EXPECT_NE(error_of([&] { read_key_file(big); }).find("too large"), std::string::npos);
  const auto wrong = write_file(folder_ / "wrong", "not a key", 0600);
  EXPECT_NE(error_of([&] { read_key_file(wrong); }).find("64 hex digits"), std::string::npos);
}

TEST_F(KeyFileTest, CreatesAnOwnerOnlyKeyFileOnceAndReadsItBack) {
  const auto path = folder_ / "conf" / "token.key";
  const auto made = create_key_file(path);
  struct stat info {};
  ASSERT_EQ(::stat(path.c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0600u);
  EXPECT_EQ(read_key_file(path).bytes(), made.bytes());
  EXPECT_THROW(create_key_file(path), StoreKeyError);
  EXPECT_EQ(read_key_file(path).bytes(), made.bytes());
}

TEST_F(KeyFileTest, ResolvesTheVariableBeforeTheFile) {
  const auto file = write_file(folder_ / "key", std::string(64, 'f'), 0600);
  EXPECT_EQ(resolve_store_key({kHex, file}, false).bytes(), counting_bytes());
  EXPECT_EQ(resolve_store_key({std::nullopt, file}, false).bytes(), StoreKey::parse(std::string(64, 'f')).bytes());
  const auto message = error_of([&] { resolve_store_key({std::string("bad"), file}, false); });
  EXPECT_NE(message.find(kTokenKeyVariable), std::string::npos);
}

TEST_F(KeyFileTest, CreatesAMissingKeyFileOnlyWhenAsked) {
  const auto path = folder_ / "new.key";
  const auto message = error_of([&] { resolve_store_key({std::nullopt, path}, false); });
  EXPECT_NE(message.find("does not exist"), std::string::npos);
  EXPECT_FALSE(std::filesystem::exists(path));
  const auto made = resolve_store_key({std::nullopt, path}, true);
  EXPECT_EQ(resolve_store_key({std::nullopt, path}, false).bytes(), made.bytes());
}

}  // namespace
}  // namespace mailsim::client::oauth::test
