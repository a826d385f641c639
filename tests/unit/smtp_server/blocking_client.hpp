#pragma once
// A deliberately tiny blocking SMTP test client on plain POSIX sockets and
// OpenSSL, independent of our own transport. Socket timeouts turn a server
// that never answers into a failed test instead of a hung one.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <openssl/bio.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>

#include <cerrno>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>

namespace mailsim::mock::smtp_test {

class BlockingClient {
 public:
  explicit BlockingClient(std::uint16_t port, int timeout_seconds = 20) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    if (fd_ < 0) throw std::runtime_error("socket() failed");
    timeval tv{timeout_seconds, 0};
    ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    ::setsockopt(fd_, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
      ::close(fd_);
      throw std::runtime_error("connect() failed");
    }
  }
  ~BlockingClient() {
    if (ssl_) SSL_free(ssl_);
    if (ctx_) SSL_CTX_free(ctx_);
    if (fd_ >= 0) ::close(fd_);
  }
  BlockingClient(const BlockingClient&) = delete;
  BlockingClient& operator=(const BlockingClient&) = delete;

  // TLS handshake verifying the chain against ca_pem and the IP 127.0.0.1.
  void start_tls(const std::string& ca_pem) {
    ctx_ = SSL_CTX_new(TLS_client_method());
    BIO* bio = BIO_new_mem_buf(ca_pem.data(), static_cast<int>(ca_pem.size()));
    X509* ca = PEM_read_bio_X509(bio, nullptr, nullptr, nullptr);
    BIO_free(bio);
    if (!ca) throw std::runtime_error("bad CA PEM");
    X509_STORE_add_cert(SSL_CTX_get_cert_store(ctx_), ca);
    X509_free(ca);
    SSL_CTX_set_verify(ctx_, SSL_VERIFY_PEER, nullptr);
    ssl_ = SSL_new(ctx_);
    X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(ssl_), "127.0.0.1");
    SSL_set_fd(ssl_, fd_);
    if (SSL_connect(ssl_) != 1) throw std::runtime_error("TLS handshake failed");
  }
  std::string tls_version() const { return ssl_ ? SSL_get_version(ssl_) : ""; }

  void send(std::string_view bytes) {
    while (!bytes.empty()) {
      const long n = ssl_ ? SSL_write(ssl_, bytes.data(), static_cast<int>(bytes.size()))
                          : ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
      if (n <= 0) throw std::runtime_error("send failed");
      bytes.remove_prefix(static_cast<std::size_t>(n));
    }
  }

  // One complete reply (every line up to the one with a space after the
  // code), CRLFs kept; "" when the server closed the connection first.
  std::string read_reply() {
    std::string reply;
    while (true) {
      const std::string line = read_line();
      if (line.empty()) return reply;
      reply += line;
      if (line.size() >= 4 && line[3] == ' ') return reply;
    }
  }

  // Sends a command line and reads its reply.
  std::string command(std::string_view line) {
    send(std::string(line) + "\r\n");
    return read_reply();
  }

  // True once the server has closed the connection (read sees the end).
  bool closed_by_server() {
    char c;
    return read_some(&c, 1) == 0;
  }

 private:
  std::string read_line() {
    std::string line;
    while (line.empty() || line.back() != '\n') {
      char c;
      if (read_some(&c, 1) != 1) return {};
      line += c;
    }
    return line;
  }

  // Returns bytes read, 0 at the end of the stream; throws on timeout.
  long read_some(char* buffer, int size) {
    if (ssl_) {
      const int n = SSL_read(ssl_, buffer, size);
      if (n > 0) return n;
      const int error = SSL_get_error(ssl_, n);
      if (error == SSL_ERROR_ZERO_RETURN) return 0;
      if (error == SSL_ERROR_SYSCALL && (errno == 0 || errno == ECONNRESET)) return 0;
      throw std::runtime_error("TLS read failed or timed out");
    }
    const long n = ::recv(fd_, buffer, static_cast<std::size_t>(size), 0);
    if (n < 0 && errno == ECONNRESET) return 0;
    if (n < 0) throw std::runtime_error("read failed or timed out");
    return n;
  }

  int fd_ = -1;
  SSL_CTX* ctx_ = nullptr;
  SSL* ssl_ = nullptr;
};

}  // namespace mailsim::mock::smtp_test
