#include "fake_imap_server.hpp"

#include <sys/socket.h>

#include <optional>

#include "common/tls/tls_context.hpp"
#include "mockserver/tls/certificate_authority.hpp"

namespace mailsim::client::imap::testing {

namespace asio = net::asio;
using net::tcp;

Step send(std::string bytes) { return {Step::Kind::send, std::move(bytes)}; }
Step expect(std::string prefix) { return {Step::Kind::expect, std::move(prefix)}; }
Step starttls() { return {Step::Kind::starttls, {}}; }
Step close_connection() { return {Step::Kind::close, {}}; }
Step wait_close() { return {Step::Kind::wait_close, {}}; }

namespace {

std::shared_ptr<asio::ssl::context> server_context() {
  const auto ca = mock::default_certificate_authority();
  const auto issued = ca->issue(mock::CertificateKind::valid);
  tls::ServerTlsOptions options;
  options.certificate_chain_pem = issued.chain_pem;
  options.private_key_pem = issued.private_key_pem;
  return tls::make_server_context(options);
}

}  // namespace

// Bytes in and out over the plain socket or, after a handshake, over TLS.
struct FakeImapServer::Session {
  tcp::socket socket;
  std::optional<asio::ssl::stream<tcp::socket&>> tls;
  std::string buffer;

  explicit Session(tcp::socket s) : socket(std::move(s)) {}

  bool fill() {
    char chunk[4096];
    net::error_code ec;
    const std::size_t n = tls ? tls->read_some(asio::buffer(chunk), ec) : socket.read_some(asio::buffer(chunk), ec);
    if (ec) return false;
    buffer.append(chunk, n);
    return true;
  }

  std::optional<std::string> line() {
    while (true) {
      const auto end = buffer.find("\r\n");
      if (end != std::string::npos) {
        std::string out = buffer.substr(0, end);
        buffer.erase(0, end + 2);
        return out;
      }
      if (!fill()) return std::nullopt;
    }
  }

  std::optional<std::string> bytes(std::size_t n) {
    while (buffer.size() < n)
      if (!fill()) return std::nullopt;
    std::string out = buffer.substr(0, n);
    buffer.erase(0, n);
    return out;
  }

  bool write(std::string_view data) {
    net::error_code ec;
    if (tls)
      asio::write(*tls, asio::buffer(data.data(), data.size()), ec);
    else
      asio::write(socket, asio::buffer(data.data(), data.size()), ec);
    return !ec;
  }

  // One command with its literals inline.
  std::optional<std::string> command() {
    std::string out;
    while (true) {
      auto l = line();
      if (!l) return std::nullopt;
      out += *l;
      const auto open = l->rfind('{');
      if (l->empty() || l->back() != '}' || open == std::string::npos) return out;
      const bool sync = (*l)[l->size() - 2] != '+';
      const std::size_t n = std::stoul(l->substr(open + 1));
      if (sync && !write("+ go\r\n")) return std::nullopt;
      auto data = bytes(n);
      if (!data) return std::nullopt;
      out += "\r\n" + *data;
    }
  }
};

FakeImapServer::FakeImapServer(std::vector<Step> script, bool implicit_tls)
    : acceptor_(io_, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0)), tls_(server_context()) {
  port_ = acceptor_.local_endpoint().port();
  thread_ = std::thread([this, script = std::move(script), implicit_tls]() mutable { serve(std::move(script), implicit_tls); });
}

FakeImapServer::~FakeImapServer() {
  // Wakes an accept() the client never satisfied.
  ::shutdown(acceptor_.native_handle(), SHUT_RDWR);
  join();
}

const std::string& FakeImapServer::ca_pem() const { return mock::default_certificate_authority()->ca_certificate_pem(); }

void FakeImapServer::join() {
  if (thread_.joinable()) thread_.join();
}

std::vector<std::string> FakeImapServer::received() const {
  std::lock_guard lock(mutex_);
  return received_;
}

std::vector<std::string> FakeImapServer::problems() const {
  std::lock_guard lock(mutex_);
  return problems_;
}

void FakeImapServer::serve(std::vector<Step> script, bool implicit_tls) {
  const auto problem = [this](std::string text) {
    std::lock_guard lock(mutex_);
    problems_.push_back(std::move(text));
  };
  net::error_code ec;
  tcp::socket socket(io_);
  acceptor_.accept(socket, ec);
  if (ec) {
    problem("no client connected: " + ec.message());
    return;
  }
  Session session(std::move(socket));
  const auto handshake = [&]() {
    session.tls.emplace(session.socket, *tls_);
    session.tls->handshake(asio::ssl::stream_base::server, ec);
    return !ec;
  };
  if (implicit_tls && !handshake()) {
    problem("TLS handshake failed: " + ec.message());
    return;
  }
  std::string tag = "*";
  for (std::size_t i = 0; i < script.size(); ++i) {
    const Step& step = script[i];
    const std::string where = "step " + std::to_string(i) + ": ";
    switch (step.kind) {
      case Step::Kind::send: {
        std::string bytes = step.text;
        for (std::size_t at; (at = bytes.find("{tag}")) != std::string::npos;) bytes.replace(at, 5, tag);
        if (!session.write(bytes)) return problem(where + "write failed");
        break;
      }
      case Step::Kind::expect: {
        const auto command = session.command();
        if (!command) return problem(where + "connection closed while expecting " + step.text);
        {
          std::lock_guard lock(mutex_);
          received_.push_back(*command);
        }
        // DONE and SASL responses carry no tag; the command's tag stays.
        const auto space = command->find(' ');
        if (space != std::string::npos) tag = command->substr(0, space);
        const std::string rest = space == std::string::npos ? std::string() : command->substr(space + 1);
        if (rest.rfind(step.text, 0) != 0 && *command != step.text)
          return problem(where + "expected \"" + step.text + "\", got \"" + *command + "\"");
        break;
      }
      case Step::Kind::starttls:
        if (!handshake()) return problem(where + "TLS handshake failed: " + ec.message());
        break;
      case Step::Kind::close:
        session.socket.close(ec);
        return;
      case Step::Kind::wait_close:
        while (session.fill()) {
        }
        return;
    }
  }
}

}  // namespace mailsim::client::imap::testing
