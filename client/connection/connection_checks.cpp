#include "client/connection/connection_checks.hpp"

#include <arpa/inet.h>

#include <array>
#include <filesystem>
#include <string>
#include <vector>

#include "client/connection/value_parsers.hpp"

namespace mailsim::client {

namespace {

enum class AuthKind { none, basic, oauth2, shared_oauth2 };

// What the rules need of either side.
struct SideView {
  std::string name;  // "outbound" or "inbound"
  const std::string& host;
  Security security;
  AuthKind auth;
  std::string_view auth_name;
  const std::string& user;
  const std::string& password;
  const std::optional<OAuth2Settings>& oauth2;
};

class Checker {
 public:
  Checker(const FieldPositions& positions, DiagnosticSink& sink) : positions_(positions), sink_(sink) {}

  void side(const SideView& s) {
    if (positions_.invalid(s.name)) return;
    host(s);
    credentials(s);
    clear_text(s);
  }

  // Fields are "outbound.port", "tls.verify" ...
  void error(const std::string& field, std::string message) { sink_.error(where(field), field, std::move(message)); }
  void error_at(const std::string& place, const std::string& field, std::string message) {
    sink_.error(where(place), field, std::move(message));
  }
  void warning(const std::string& field, std::string message) {
    sink_.warning(where(field), field, std::move(message));
  }
  bool usable(const std::string& field) const { return !positions_.invalid(field); }
  bool written(const std::string& field) const { return positions_.written(field); }
  Position where(const std::string& field) const { return positions_.where(field); }

  void require(const std::string& field, const std::string& value, const std::string& message) {
    if (value.empty() && usable(field)) error(field, message);
  }

  void oauth2_block(const std::string& path, const OAuth2Settings& o) {
    require(path + ".client_id", o.client_id, "missing client_id in the oauth2 block");
    require(path + ".authorization_url", o.authorization_url, "missing authorization_url in the oauth2 block");
    require(path + ".access_token_url", o.access_token_url, "missing access_token_url in the oauth2 block");
    url(path + ".authorization_url", o.authorization_url);
    url(path + ".access_token_url", o.access_token_url);
  }

 private:
  void host(const SideView& s) { require(s.name + ".host", s.host, "missing host"); }

  void credentials(const SideView& s) {
    const std::string auth_field = s.name + ".authentication";
    if (!usable(auth_field)) return;
    const std::string oauth2_field = s.name + ".oauth2";
    const std::string by = "authentication is " + std::string(s.auth_name);
    switch (s.auth) {
      case AuthKind::none: return;  // outbound with use_authentication false: see check_connection
      case AuthKind::basic:
        require(s.name + ".user", s.user, by + " but no user is given");
        require(s.name + ".password", s.password, by + " but no password is given");
        if (s.oauth2) warning(oauth2_field, "the oauth2 block is ignored: " + by);
        return;
      case AuthKind::oauth2:
        require(s.name + ".user", s.user, by + " but no user is given (the mailbox the token logs in to)");
        if (!s.password.empty()) warning(s.name + ".password", "a password is ignored with oauth2 authentication");
        if (s.oauth2) {
          oauth2_block(oauth2_field, *s.oauth2);
        } else if (written(oauth2_field)) {
          error(oauth2_field, by + " but the oauth2 block is empty");
        } else if (usable(oauth2_field)) {
          error_at(auth_field, oauth2_field, by + " but there is no oauth2 block");
        }
        return;
      case AuthKind::shared_oauth2:
        require(s.name + ".user", s.user, by + " but no user is given (the mailbox the token logs in to)");
        if (!s.password.empty()) {
          warning(s.name + ".password", "a password is ignored with same_as_outbound_oauth2 authentication");
        }
        if (s.oauth2) warning(oauth2_field, "the oauth2 block is ignored: " + by + " (outbound.oauth2 is used)");
        return;
    }
  }

  void url(const std::string& field, const std::string& value) {
    if (value.empty() || value.starts_with("https://") || value.starts_with("http://")) return;
    error(field, "expected an http:// or https:// URL");
  }

  void clear_text(const SideView& s) {
    const std::string security_field = s.name + ".security";
    if (s.auth == AuthKind::none || s.security != Security::none || !usable(security_field)) return;
    if (s.host.empty() || is_loopback_host(s.host)) return;
    warning(security_field,
            "security is none: credentials will cross the network in clear text; choose starttls or ssl_tls");
  }

  const FieldPositions& positions_;
  DiagnosticSink& sink_;
};

// The usual ports and the security each expects (RFC 8314 for implicit TLS).
void port_and_security(Checker& c, const std::string& side, std::uint16_t port, std::uint16_t default_port,
                       Security security, std::uint16_t implicit_tls_port, std::uint16_t starttls_port) {
  const std::string port_field = side + ".port";
  if (!c.usable(port_field) || !c.usable(side + ".security")) return;
  const std::string named =
      "port " + std::to_string(port) + (c.written(port_field) || port != default_port ? "" : " (the default)");
  if (port == implicit_tls_port && security != Security::ssl_tls) {
    c.warning(side + ".security", named + " expects TLS from the first byte: use security ssl_tls");
  } else if (port == starttls_port && security == Security::ssl_tls) {
    c.warning(side + ".security", named + " starts in plain text: use security starttls, or port " +
                                      std::to_string(implicit_tls_port) + " with ssl_tls");
  }
}

}  // namespace

bool is_loopback_host(std::string_view host) {
  if (host == "localhost" || host.ends_with(".localhost")) return true;
  std::string address(host);
  if (address.size() >= 2 && address.front() == '[' && address.back() == ']')
    address = address.substr(1, address.size() - 2);
  std::array<unsigned char, 16> bytes{};
  if (inet_pton(AF_INET, address.c_str(), bytes.data()) == 1) return bytes[0] == 127;
  if (inet_pton(AF_INET6, address.c_str(), bytes.data()) == 1) {
    static constexpr std::array<unsigned char, 16> kLoopback{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
    return bytes == kLoopback;
  }
  return false;
}

void check_connection(const ConnectionConfig& config, const FieldPositions& positions, DiagnosticSink& sink) {
  Checker c(positions, sink);
  const Outbound& out = config.outbound;
  const Inbound& in = config.inbound;

  const AuthKind out_auth = !out.use_authentication                                ? AuthKind::none
                            : out.authentication == OutboundAuthentication::oauth2 ? AuthKind::oauth2
                                                                                   : AuthKind::basic;
  c.side(SideView{"outbound", out.host, out.security, out_auth, to_string(out.authentication), out.user, out.password,
                  out.oauth2});
  const AuthKind in_auth = in.authentication == InboundAuthentication::oauth2 ? AuthKind::oauth2
                           : in.authentication == InboundAuthentication::same_as_outbound_oauth2
                               ? AuthKind::shared_oauth2
                               : AuthKind::basic;
  c.side(SideView{"inbound", in.host, in.security, in_auth, to_string(in.authentication), in.user, in.password,
                  in.oauth2});

  if (c.usable("outbound")) {
    if (!out.use_authentication && c.usable("outbound.use_authentication")) {
      std::vector<std::string> ignored;
      if (!out.user.empty()) ignored.push_back("user");
      if (!out.password.empty()) ignored.push_back("password");
      // same_as_outbound_oauth2 still logs in to IMAP with it.
      if (out.oauth2 && in.authentication != InboundAuthentication::same_as_outbound_oauth2) {
        ignored.push_back("oauth2");
      }
      if (!ignored.empty()) {
        std::string list;
        for (const auto& name : ignored) list += (list.empty() ? "" : ", ") + name;
        c.warning("outbound.use_authentication",
                  "use_authentication is false, so " + list + " " + (ignored.size() == 1 ? "is" : "are") + " ignored");
      }
    }
    if (out.port == 25 && c.usable("outbound.port")) {
      c.warning("outbound.port", std::string(c.written("outbound.port") ? "port 25" : "port 25 (the default)") +
                                     " is throttled or blocked by many providers and clouds; use 587 with "
                                     "security starttls, or 465 with security ssl_tls");
    }
    port_and_security(c, "outbound", out.port, 25, out.security, 465, 587);
  }
  if (c.usable("inbound")) port_and_security(c, "inbound", in.port, 143, in.security, 993, 143);

  if (in.authentication == InboundAuthentication::same_as_outbound_oauth2 && c.usable("inbound") &&
      c.usable("inbound.authentication") && c.usable("outbound") && c.usable("outbound.authentication")) {
    if (out.authentication != OutboundAuthentication::oauth2) {
      c.error("inbound.authentication",
              "same_as_outbound_oauth2 needs outbound authentication oauth2, but outbound uses " +
                  std::string(to_string(out.authentication)));
    } else if (!out.use_authentication) {
      // The outbound side did not check the block it does not use itself.
      if (out.oauth2) {
        c.oauth2_block("outbound.oauth2", *out.oauth2);
      } else if (c.usable("outbound.oauth2")) {
        c.error("inbound.authentication", "same_as_outbound_oauth2 needs an outbound oauth2 block, and there is none");
      }
    }
  }

  if (!config.tls.verify && c.usable("tls.verify")) {
    c.warning("tls.verify",
              "certificate verification is off: anyone on the path can read the password; "
              "trust the server's CA with tls.ca_file instead");
  }
  if (!config.tls.ca_file.empty() && c.usable("tls.ca_file")) {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(config.tls.ca_file, ec)) {
      c.error("tls.ca_file", positions.from_environment("tls.ca_file")
                                 ? std::string("cannot read the CA file named by the environment")
                                 : "cannot read the CA file " + quote_text(config.tls.ca_file));
    }
  }
  if ((config.tls.min_version == "1.0" || config.tls.min_version == "1.1") && c.usable("tls.min_version")) {
    c.warning("tls.min_version", "TLS 1.0 and 1.1 are deprecated (RFC 8996) and refused by most servers");
  }
}

}  // namespace mailsim::client
