#include "client/oauth/token_store.hpp"

#include <fcntl.h>
#include <openssl/crypto.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <string_view>
#include <system_error>

#include "client/oauth/aes_gcm.hpp"

namespace mailsim::client::oauth {
namespace {

using Kind = TokenStoreError::Kind;

constexpr std::string_view kMagic = "MSTOKENS";
constexpr std::size_t kKeyIdSize = 8;
constexpr std::size_t kHeaderSize = kMagic.size() + 1 + kKeyIdSize + kGcmNonceSize;

std::string errno_text(int error) { return std::error_code(error, std::generic_category()).message(); }

struct Fd {
  int fd = -1;
  ~Fd() {
    if (fd >= 0) ::close(fd);
  }
};

// Wipes a plaintext copy of the tokens when it goes out of scope.
struct Wiped {
  std::string text;
  ~Wiped() { OPENSSL_cleanse(text.data(), text.size()); }
};

std::string hex(std::string_view bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  for (unsigned char c : bytes) {
    out += kDigits[c >> 4];
    out += kDigits[c & 15];
  }
  return out;
}

bool write_all(int fd, std::string_view data) {
  while (!data.empty()) {
    const auto n = ::write(fd, data.data(), data.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return false;
    data.remove_prefix(static_cast<std::size_t>(n));
  }
  return true;
}

// The rename is durable only once the folder's entry is on disk.
void sync_folder(const std::filesystem::path& folder) {
  Fd dir{::open(folder.empty() ? "." : folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC)};
  if (dir.fd >= 0) ::fsync(dir.fd);
}

}  // namespace

TokenStore::TokenStore(std::filesystem::path path, StoreKey key) : path_(std::move(path)), key_(key) {}

StoredTokens TokenStore::read() const {
  const std::string name = path_.string();
  Fd file{::open(name.c_str(), O_RDONLY | O_CLOEXEC)};
  if (file.fd < 0) {
    if (errno == ENOENT) return {};
    throw TokenStoreError(Kind::unreadable, "token store " + name + ": " + errno_text(errno));
  }
  struct stat info {};
  if (::fstat(file.fd, &info) != 0) throw TokenStoreError(Kind::unreadable, "token store " + name + ": " + errno_text(errno));
  if (!S_ISREG(info.st_mode)) throw TokenStoreError(Kind::not_a_store, "token store " + name + " is not a regular file");
  if (info.st_size > static_cast<off_t>(kMaxFileBytes)) {
    throw TokenStoreError(Kind::not_a_store, "token store " + name + " is too large to be a token store");
  }
  std::string content(static_cast<std::size_t>(info.st_size) + 1, '\0');
  std::size_t used = 0;
  while (used < content.size()) {
    const auto n = ::read(file.fd, content.data() + used, content.size() - used);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) throw TokenStoreError(Kind::unreadable, "token store " + name + ": " + errno_text(errno));
    if (n == 0) break;
    used += static_cast<std::size_t>(n);
  }
  if (used > kMaxFileBytes) {
    throw TokenStoreError(Kind::not_a_store, "token store " + name + " is too large to be a token store");
  }
  content.resize(used);
  const std::string_view data = content;

  if (!data.starts_with(kMagic)) {
    const bool prefix = kMagic.starts_with(data);
    throw TokenStoreError(prefix ? Kind::damaged : Kind::not_a_store,
                          "token store " + name + (prefix ? " is truncated" : " is not a mailsim token store") +
                              "; run generate to replace it");
  }
  if (data.size() > kMagic.size() && static_cast<unsigned char>(data[kMagic.size()]) != kVersion) {
    throw TokenStoreError(Kind::unsupported_version,
                          "token store " + name + " has format version " +
                              std::to_string(static_cast<unsigned char>(data[kMagic.size()])) +
                              "; this mailsim reads version " + std::to_string(kVersion));
  }
  if (data.size() < kHeaderSize + kGcmTagSize) {
    throw TokenStoreError(Kind::damaged, "token store " + name + " is truncated; run generate to replace it");
  }
  const auto key_id = data.substr(kMagic.size() + 1, kKeyIdSize);
  if (!std::equal(key_id.begin(), key_id.end(), key_.id().begin(),
                  [](char a, unsigned char b) { return static_cast<unsigned char>(a) == b; })) {
    throw TokenStoreError(Kind::wrong_key, "token store " + name + " was encrypted with another key (key id " +
                                               hex(key_id) + ", this key is " + key_.id_hex() +
                                               "), or its header was altered; use the key it was written with");
  }
  GcmNonce nonce{};
  const auto nonce_bytes = data.substr(kMagic.size() + 1 + kKeyIdSize, kGcmNonceSize);
  std::copy(nonce_bytes.begin(), nonce_bytes.end(), nonce.begin());
  auto plain = gcm_open(key_, nonce, data.substr(0, kHeaderSize), data.substr(kHeaderSize));
  if (!plain) {
    throw TokenStoreError(Kind::damaged, "token store " + name +
                                             " failed its integrity check: it was altered or damaged; "
                                             "run generate to replace it");
  }
  Wiped text{std::move(*plain)};
  try {
    return parse_tokens(text.text);
  } catch (const std::runtime_error& e) {
    throw TokenStoreError(Kind::damaged, "token store " + name + ": " + e.what());
  }
}

void TokenStore::write(const StoredTokens& tokens) const {
  const std::string name = path_.string();
  const auto fail = [&](const std::string& what, int error) {
    return TokenStoreError(Kind::unwritable, "token store " + name + ": " + what + ": " + errno_text(error));
  };

  std::string header(kMagic);
  header += static_cast<char>(kVersion);
  header.append(reinterpret_cast<const char*>(key_.id().data()), key_.id().size());
  const auto nonce = random_nonce();
  header.append(reinterpret_cast<const char*>(nonce.data()), nonce.size());
  const Wiped plain{serialize_tokens(tokens)};
  const std::string content = header + gcm_seal(key_, nonce, header, plain.text);

  const auto folder = path_.parent_path();
  if (!folder.empty()) {
    std::error_code ec;
    std::filesystem::create_directories(folder, ec);
    if (ec) throw TokenStoreError(Kind::unwritable, "token store " + name + ": cannot create its folder: " + ec.message());
  }
  // mkstemp creates the file with mode 0600 in the store's own folder, so
  // the rename below never crosses file systems.
  std::string temp = (folder / ("." + path_.filename().string() + ".tmp-XXXXXX")).string();
  Fd file{::mkstemp(temp.data())};
  if (file.fd < 0) throw fail("cannot create a temporary file", errno);
  const auto discard = [&](const std::string& what) {
    const int error = errno;
    ::unlink(temp.c_str());
    return fail(what, error);
  };
  if (::fchmod(file.fd, 0600) != 0) throw discard("cannot set mode 0600");
  if (!write_all(file.fd, content)) throw discard("cannot write");
  if (::fsync(file.fd) != 0) throw discard("cannot flush to disk");
  const int fd = file.fd;
  file.fd = -1;
  if (::close(fd) != 0) throw discard("cannot write");
  if (::rename(temp.c_str(), name.c_str()) != 0) throw discard("cannot replace the store");
  sync_folder(folder);
}

std::optional<TokenSet> TokenStore::load(Side side) {
  std::lock_guard lock(mutex_);
  return read().of(side);
}

void TokenStore::save(Side side, const TokenSet& tokens) {
  std::lock_guard lock(mutex_);
  auto all = read();
  all.of(side) = tokens;
  write(all);
}

}  // namespace mailsim::client::oauth
