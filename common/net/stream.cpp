#include "common/net/stream.hpp"

#include <openssl/ssl.h>
#include <openssl/x509v3.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/address.hpp>

namespace mailsim::net {

Stream::Stream(tcp::socket socket, std::shared_ptr<asio::ssl::context> tls_context)
    : context_(std::move(tls_context)), plain_(std::move(socket)), timer_(plain_.get_executor()) {}

asio::awaitable<std::unique_ptr<Stream>> Stream::connect(std::string host, std::uint16_t port,
                                                         std::shared_ptr<asio::ssl::context> tls_context,
                                                         Millis timeout, error_code& ec) {
  auto executor = co_await asio::this_coro::executor;
  tcp::resolver resolver(executor);
  asio::steady_timer timer(executor);
  bool timed_out = false;
  timer.expires_after(timeout);
  timer.async_wait([&](error_code e) {
    if (!e) {
      timed_out = true;
      resolver.cancel();
    }
  });
  auto endpoints = co_await resolver.async_resolve(host, std::to_string(port),
                                                   asio::redirect_error(asio::use_awaitable, ec));
  if (ec) {
    timer.cancel();
    if (timed_out) ec = asio::error::timed_out;
    co_return nullptr;
  }
  tcp::socket socket(executor);
  timer.async_wait([&](error_code e) {
    if (!e) {
      timed_out = true;
      socket.close();
    }
  });
  co_await asio::async_connect(socket, endpoints, asio::redirect_error(asio::use_awaitable, ec));
  timer.cancel();
  if (timed_out) ec = asio::error::timed_out;
  if (ec) co_return nullptr;
  socket.set_option(tcp::no_delay(true), ec);
  ec = {};
  co_return std::make_unique<Stream>(std::move(socket), std::move(tls_context));
}

void Stream::arm(Millis timeout) {
  timed_out_ = false;
  timer_.expires_after(timeout);
  timer_.async_wait([this](error_code e) {
    if (!e) {
      timed_out_ = true;
      error_code ignored;
      socket().cancel(ignored);
    }
  });
}

void Stream::disarm(error_code& ec) {
  timer_.cancel();
  if (timed_out_) ec = asio::error::timed_out;
}

asio::awaitable<void> Stream::handshake(TlsRole role, Millis timeout, error_code& ec, std::string verify_host) {
  if (!tls_) {
    if (!context_) context_ = std::make_shared<asio::ssl::context>(asio::ssl::context::tls);
    tls_ = std::make_unique<asio::ssl::stream<tcp::socket>>(std::move(plain_), *context_);
  }
  SSL* ssl = tls_->native_handle();
  if (role == TlsRole::client && !verify_host.empty()) {
    error_code parse_error;
    const auto address = asio::ip::make_address(verify_host, parse_error);
    if (parse_error) {
      // SNI only for names (RFC 6066 forbids IP literals); names are checked
      // against the certificate's DNS subjectAltNames.
      SSL_set_tlsext_host_name(ssl, verify_host.c_str());
      SSL_set1_host(ssl, verify_host.c_str());
    } else {
      X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(ssl), address.to_string().c_str());
    }
  }
  arm(timeout);
  co_await tls_->async_handshake(
      role == TlsRole::client ? asio::ssl::stream_base::client : asio::ssl::stream_base::server,
      asio::redirect_error(asio::use_awaitable, ec));
  disarm(ec);
  if (!ec) tls_active_ = true;
}

asio::awaitable<std::size_t> Stream::read_some(asio::mutable_buffer buffer, Millis timeout, error_code& ec) {
  arm(timeout);
  std::size_t n = 0;
  if (tls_active_)
    n = co_await tls_->async_read_some(buffer, asio::redirect_error(asio::use_awaitable, ec));
  else
    n = co_await socket().async_read_some(buffer, asio::redirect_error(asio::use_awaitable, ec));
  disarm(ec);
  co_return n;
}

asio::awaitable<void> Stream::write(std::string_view bytes, Millis timeout, error_code& ec) {
  arm(timeout);
  if (tls_active_)
    co_await asio::async_write(*tls_, asio::buffer(bytes.data(), bytes.size()),
                               asio::redirect_error(asio::use_awaitable, ec));
  else
    co_await asio::async_write(socket(), asio::buffer(bytes.data(), bytes.size()),
                               asio::redirect_error(asio::use_awaitable, ec));
  disarm(ec);
}

asio::awaitable<void> Stream::shutdown(Millis timeout) {
  if (tls_active_ && is_open()) {
    error_code ec;
    arm(timeout);
    co_await tls_->async_shutdown(asio::redirect_error(asio::use_awaitable, ec));
    disarm(ec);
  }
  close();
}

void Stream::close() {
  error_code ignored;
  timer_.cancel();
  socket().shutdown(tcp::socket::shutdown_both, ignored);
  socket().close(ignored);
}

void Stream::reset() {
  error_code ignored;
  timer_.cancel();
  socket().set_option(asio::socket_base::linger(true, 0), ignored);
  socket().close(ignored);
}

bool Stream::is_open() const { return socket().is_open(); }

std::string Stream::tls_version() const {
  if (!tls_active_) return {};
  return SSL_get_version(tls_->native_handle());
}

std::string Stream::tls_cipher() const {
  if (!tls_active_) return {};
  const char* name = SSL_get_cipher_name(tls_->native_handle());
  return name ? name : "";
}

long Stream::verify_result() const { return tls_ ? SSL_get_verify_result(tls_->native_handle()) : X509_V_OK; }

tcp::endpoint Stream::remote_endpoint() const {
  error_code ignored;
  return socket().remote_endpoint(ignored);
}

}  // namespace mailsim::net
