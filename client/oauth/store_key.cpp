#include "client/oauth/store_key.hpp"

#include <fcntl.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <system_error>

#include "common/base64.hpp"

namespace mailsim::client::oauth {
namespace {

// A key file is a few dozen bytes; anything big is not one.
constexpr std::size_t kMaxKeyFileBytes = 1024;

std::string_view trim(std::string_view text) {
  const auto space = [](unsigned char c) { return std::isspace(c) != 0; };
  while (!text.empty() && space(text.front())) text.remove_prefix(1);
  while (!text.empty() && space(text.back())) text.remove_suffix(1);
  return text;
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::optional<StoreKey::Bytes> from_hex(std::string_view text) {
  if (text.size() != 2 * StoreKey::kSize) return std::nullopt;
  StoreKey::Bytes bytes{};
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    const int hi = hex_value(text[2 * i]);
    const int lo = hex_value(text[2 * i + 1]);
    if (hi < 0 || lo < 0) return std::nullopt;
    bytes[i] = static_cast<unsigned char>(hi << 4 | lo);
  }
  return bytes;
}

std::string to_hex(const unsigned char* data, std::size_t size) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(2 * size);
  for (std::size_t i = 0; i < size; ++i) {
    out += kDigits[data[i] >> 4];
    out += kDigits[data[i] & 15];
  }
  return out;
}

std::string describe_errno(int error) { return std::error_code(error, std::generic_category()).message(); }

// Closes the descriptor on every path out.
struct Fd {
  int fd = -1;
  ~Fd() {
    if (fd >= 0) ::close(fd);
  }
};

std::string mode_text(mode_t mode) {
  char text[8];
  std::snprintf(text, sizeof text, "%04o", static_cast<unsigned>(mode & 07777));
  return text;
}

}  // namespace

StoreKey::StoreKey(const Bytes& bytes) : bytes_(bytes), id_{} {
  // A one-way label: SHA-256 over a fixed prefix and the key, first 8 bytes.
  static constexpr std::string_view kLabel = "mailsim token store key id";
  std::string input(kLabel);
  input.append(reinterpret_cast<const char*>(bytes_.data()), bytes_.size());
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  if (EVP_Digest(input.data(), input.size(), digest, &length, EVP_sha256(), nullptr) != 1 || length < id_.size()) {
    OPENSSL_cleanse(input.data(), input.size());
    throw StoreKeyError("token key: SHA-256 is unavailable");
  }
  OPENSSL_cleanse(input.data(), input.size());
  std::copy_n(digest, id_.size(), id_.begin());
}

StoreKey StoreKey::random() {
  Bytes bytes{};
  if (RAND_bytes(bytes.data(), static_cast<int>(bytes.size())) != 1) {
    throw StoreKeyError("token key: the random generator failed");
  }
  return StoreKey(bytes);
}

StoreKey StoreKey::parse(std::string_view text) {
  text = trim(text);
  if (const auto hex = from_hex(text)) return StoreKey(*hex);
  if (const auto decoded = base64_decode(text); decoded && decoded->size() == kSize) {
    Bytes bytes{};
    std::copy(decoded->begin(), decoded->end(), bytes.begin());
    return StoreKey(bytes);
  }
  throw StoreKeyError("the token key is not 64 hex digits or base64 of 32 bytes");
}

std::string StoreKey::id_hex() const { return to_hex(id_.data(), id_.size()); }

StoreKey read_key_file(const std::filesystem::path& path) {
  const std::string name = path.string();
  Fd file{::open(name.c_str(), O_RDONLY | O_CLOEXEC)};
  if (file.fd < 0) {
    const int error = errno;
    throw StoreKeyError("token key file " + name + ": " + describe_errno(error));
  }
  // Checked on the open descriptor, so the file cannot be swapped in between.
  struct stat info {};
  if (::fstat(file.fd, &info) != 0) throw StoreKeyError("token key file " + name + ": " + describe_errno(errno));
  if (!S_ISREG(info.st_mode)) throw StoreKeyError("token key file " + name + " is not a regular file");
  if (info.st_uid != ::geteuid()) {
    throw StoreKeyError("token key file " + name + " belongs to another user; it must be yours alone");
  }
  if ((info.st_mode & (S_IRWXG | S_IRWXO)) != 0) {
    throw StoreKeyError("token key file " + name + " has mode " + mode_text(info.st_mode) +
                        ": group or others may access it; run: chmod 600 " + name);
  }
  if (info.st_size > static_cast<off_t>(kMaxKeyFileBytes)) {
    throw StoreKeyError("token key file " + name + " is too large to hold a key");
  }
  std::string content(kMaxKeyFileBytes + 1, '\0');
  std::size_t used = 0;
  while (used < content.size()) {
    const auto n = ::read(file.fd, content.data() + used, content.size() - used);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) throw StoreKeyError("token key file " + name + ": " + describe_errno(errno));
    if (n == 0) break;
    used += static_cast<std::size_t>(n);
  }
  content.resize(used);
  const auto wipe = [&] { OPENSSL_cleanse(content.data(), content.size()); };
  if (used > kMaxKeyFileBytes) {
    wipe();
    throw StoreKeyError("token key file " + name + " is too large to hold a key");
  }
  if (used == StoreKey::kSize) {
    StoreKey::Bytes bytes{};
    std::copy(content.begin(), content.end(), bytes.begin());
    wipe();
    return StoreKey(bytes);
  }
  try {
    auto key = StoreKey::parse(content);
    wipe();
    return key;
  } catch (const StoreKeyError& e) {
    wipe();
    throw StoreKeyError("token key file " + name + ": " + e.what());
  }
}

StoreKey create_key_file(const std::filesystem::path& path) {
  const std::string name = path.string();
  std::error_code ec;
  if (path.has_parent_path()) {
    std::filesystem::create_directories(path.parent_path(), ec);
    if (ec) throw StoreKeyError("token key file " + name + ": cannot create its folder: " + ec.message());
  }
  Fd file{::open(name.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600)};
  if (file.fd < 0) throw StoreKeyError("token key file " + name + ": cannot create it: " + describe_errno(errno));
  const auto key = StoreKey::random();
  std::string text = to_hex(key.bytes().data(), key.bytes().size()) + "\n";
  std::size_t written = 0;
  while (written < text.size()) {
    const auto n = ::write(file.fd, text.data() + written, text.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      const int error = errno;
      OPENSSL_cleanse(text.data(), text.size());
      ::unlink(name.c_str());
      throw StoreKeyError("token key file " + name + ": cannot write it: " + describe_errno(error));
    }
    written += static_cast<std::size_t>(n);
  }
  OPENSSL_cleanse(text.data(), text.size());
  if (::fsync(file.fd) != 0) {
    const int error = errno;
    ::unlink(name.c_str());
    throw StoreKeyError("token key file " + name + ": cannot write it: " + describe_errno(error));
  }
  return key;
}

std::filesystem::path default_key_file() {
  const char* config = std::getenv("XDG_CONFIG_HOME");
  if (config && *config) return std::filesystem::path(config) / "mailsim" / "token.key";
  const char* home = std::getenv("HOME");
  if (!home || !*home) {
    throw StoreKeyError(std::string("no token key: set ") + kTokenKeyVariable + " or " + kTokenKeyFileVariable +
                        " (HOME is not set, so there is no default key file)");
  }
  return std::filesystem::path(home) / ".config" / "mailsim" / "token.key";
}

KeySources key_sources_from_environment() {
  KeySources sources;
  if (const char* text = std::getenv(kTokenKeyVariable); text && *text) sources.key_text = text;
  if (const char* file = std::getenv(kTokenKeyFileVariable); file && *file) {
    sources.key_file = std::filesystem::path(file);
  } else if (!sources.key_text) {
    sources.key_file = default_key_file();
  }
  return sources;
}

StoreKey resolve_store_key(const KeySources& sources, bool create_missing_file) {
  if (sources.key_text) {
    try {
      return StoreKey::parse(*sources.key_text);
    } catch (const StoreKeyError& e) {
      throw StoreKeyError(std::string(kTokenKeyVariable) + ": " + e.what());
    }
  }
  if (!sources.key_file) {
    throw StoreKeyError(std::string("no token key: set ") + kTokenKeyVariable + " or " + kTokenKeyFileVariable);
  }
  std::error_code ec;
  const bool exists = std::filesystem::exists(*sources.key_file, ec);
  if (!exists && !ec) {
    if (create_missing_file) return create_key_file(*sources.key_file);
    throw StoreKeyError("no token key: " + sources.key_file->string() + " does not exist; set " + kTokenKeyVariable +
                        " or run generate to create it");
  }
  return read_key_file(*sources.key_file);
}

}  // namespace mailsim::client::oauth
