#pragma once
// The 256-bit key that encrypts a token store, and where it comes from: an
// environment variable (base64 or hex of 32 bytes) or a key file only its
// owner may read.
#include <array>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace mailsim::client::oauth {

inline constexpr const char* kTokenKeyVariable = "MAILSIM_TOKEN_KEY";
inline constexpr const char* kTokenKeyFileVariable = "MAILSIM_TOKEN_KEY_FILE";

// Any problem with a key: missing, malformed, or a file others could read.
class StoreKeyError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class StoreKey {
 public:
  static constexpr std::size_t kSize = 32;
  using Bytes = std::array<unsigned char, kSize>;

  explicit StoreKey(const Bytes& bytes);
  static StoreKey random();
  // 64 hex digits or base64 of 32 bytes, surrounding whitespace ignored.
  // Throws StoreKeyError (without echoing the text).
  static StoreKey parse(std::string_view text);

  const Bytes& bytes() const { return bytes_; }
  // 8 bytes derived one-way from the key and stored in the clear in the
  // store's header, so a wrong key is told apart from a damaged file.
  const std::array<unsigned char, 8>& id() const { return id_; }
  std::string id_hex() const;

 private:
  Bytes bytes_;
  std::array<unsigned char, 8> id_;
};

// Reads a key file: a regular file owned by the current user with no
// permission bits for group or others, holding the key as text (see
// StoreKey::parse) or as exactly 32 raw bytes. Throws StoreKeyError that
// names the file and says how to fix it.
StoreKey read_key_file(const std::filesystem::path& path);

// Writes a new random key (hex) to a file created with mode 0600; refuses to
// overwrite. Throws StoreKeyError.
StoreKey create_key_file(const std::filesystem::path& path);

// ${XDG_CONFIG_HOME:-$HOME/.config}/mailsim/token.key
std::filesystem::path default_key_file();

struct KeySources {
  std::optional<std::string> key_text;           // MAILSIM_TOKEN_KEY
  std::optional<std::filesystem::path> key_file;  // MAILSIM_TOKEN_KEY_FILE, else default_key_file()
};
// What the environment names.
KeySources key_sources_from_environment();

// The key text if given, else the key file. create_missing_file: make a new
// key file when there is neither (what `generate` does; refreshing never
// does, since a new key could not open an existing store). Throws
// StoreKeyError.
StoreKey resolve_store_key(const KeySources& sources, bool create_missing_file);

}  // namespace mailsim::client::oauth
