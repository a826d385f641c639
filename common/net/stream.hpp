#pragma once
// A TCP connection that can be plain, implicit TLS, or upgraded to TLS in the
// middle (STARTTLS). Every operation takes a timeout: a steady_timer cancels
// the socket when it fires (Boost 1.74 has no awaitable operators). Errors come
// back as error_code; a timeout is asio::error::timed_out.
#include <chrono>
#include <memory>
#include <string>
#include <string_view>

#include "common/net/asio.hpp"

namespace mailsim::net {

using Millis = std::chrono::milliseconds;

enum class TlsRole { client, server };

class Stream {
 public:
  Stream(tcp::socket socket, std::shared_ptr<asio::ssl::context> tls_context);
  Stream(const Stream&) = delete;
  Stream& operator=(const Stream&) = delete;

  // Connects to host:port (resolving the name); connect_timeout covers both.
  static asio::awaitable<std::unique_ptr<Stream>> connect(std::string host, std::uint16_t port,
                                                          std::shared_ptr<asio::ssl::context> tls_context,
                                                          Millis timeout, error_code& ec);

  // TLS handshake on the already connected socket. For the client side,
  // verify_host enables SNI and host name (or IP) verification.
  asio::awaitable<void> handshake(TlsRole role, Millis timeout, error_code& ec, std::string verify_host = {});
  asio::awaitable<std::size_t> read_some(asio::mutable_buffer buffer, Millis timeout, error_code& ec);
  asio::awaitable<void> write(std::string_view bytes, Millis timeout, error_code& ec);
  // Sends TLS close_notify if TLS is up (bounded by timeout), then closes.
  asio::awaitable<void> shutdown(Millis timeout);

  void close();
  void reset();  // abortive close: RST instead of FIN
  bool is_tls() const { return tls_active_; }
  bool is_open() const;
  // Negotiated protocol ("TLSv1.3") and cipher, or empty.
  std::string tls_version() const;
  std::string tls_cipher() const;
  // OpenSSL's verify result after a failed client handshake (X509_V_OK if none).
  long verify_result() const;
  tcp::endpoint remote_endpoint() const;
  tcp::socket& socket() { return tls_ ? tls_->next_layer() : plain_; }
  const tcp::socket& socket() const { return tls_ ? tls_->next_layer() : plain_; }
  asio::any_io_executor executor() { return timer_.get_executor(); }

 private:
  void arm(Millis timeout);
  void disarm(error_code& ec);
  // The TLS layer (OpenSSL state and Asio's two 17 KiB buffers) is made at
  // the first handshake, so a plain connection, such as a mock session idling
  // in IDLE, costs only its socket. The socket then moves into it.
  std::shared_ptr<asio::ssl::context> context_;
  tcp::socket plain_;
  std::unique_ptr<asio::ssl::stream<tcp::socket>> tls_;
  asio::steady_timer timer_;
  bool tls_active_ = false;
  bool timed_out_ = false;
};

}  // namespace mailsim::net
