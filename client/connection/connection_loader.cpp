#include "client/connection/connection_loader.hpp"

#include <yaml-cpp/yaml.h>

#include <filesystem>
#include <fstream>

#include "client/connection/connection_checks.hpp"
#include "client/connection/diagnostic_sink.hpp"
#include "client/connection/field_positions.hpp"
#include "client/connection/yaml_section.hpp"

namespace mailsim::client {

namespace {

constexpr std::string_view kTopKeys[] = {"outbound", "inbound", "tls", "timeouts"};
constexpr std::string_view kOutboundKeys[] = {"host",     "port", "use_authentication", "authentication",
                                              "security", "user", "password",           "oauth2"};
constexpr std::string_view kInboundKeys[] = {"host", "port",     "authentication", "security",
                                             "user", "password", "oauth2"};
constexpr std::string_view kOAuth2Keys[] = {
    "client_id",        "client_secret",           "authorization_url", "scope", "authorization_parameters",
    "access_token_url", "access_token_parameters", "token_store"};
constexpr std::string_view kTlsKeys[] = {"ca_file", "verify", "min_version"};
constexpr std::string_view kTimeoutKeys[] = {"connect", "command", "overall"};

constexpr std::string_view kSecurityNames[] = {"none", "ssl_tls", "starttls"};
constexpr std::string_view kOutboundAuthNames[] = {"basic", "oauth2"};
constexpr std::string_view kInboundAuthNames[] = {"basic", "oauth2", "same_as_outbound_oauth2"};

constexpr Position kTopOfFile{1, 1};

std::string resolve_path(const std::string& value, const std::string& source) {
  const std::filesystem::path written(value);
  const std::filesystem::path base = std::filesystem::path(source).parent_path();
  if (value.empty() || written.is_absolute() || base.empty()) return value;
  return (base / written).lexically_normal().string();
}

OAuth2Settings read_oauth2(YamlSection& s, const std::string& source) {
  OAuth2Settings o;
  if (auto v = s.text("client_id")) o.client_id = std::move(*v);
  if (auto v = s.text("client_secret")) o.client_secret = std::move(*v);
  if (auto v = s.text("authorization_url")) o.authorization_url = std::move(*v);
  if (auto v = s.words("scope")) o.scope = std::move(*v);
  if (auto v = s.parameters("authorization_parameters")) o.authorization_parameters = std::move(*v);
  if (auto v = s.text("access_token_url")) o.access_token_url = std::move(*v);
  if (auto v = s.parameters("access_token_parameters")) o.access_token_parameters = std::move(*v);
  if (auto v = s.text("token_store")) o.token_store = resolve_path(*v, source);
  return o;
}

template <class Side>
void read_side_common(YamlSection& s, Side& side, const std::string& source) {
  if (auto v = s.text("host")) side.host = std::move(*v);
  if (auto v = s.port("port")) side.port = *v;
  if (auto v = s.choice<Security>("security", &parse_security, kSecurityNames)) side.security = *v;
  if (auto v = s.text("user")) side.user = std::move(*v);
  if (auto v = s.text("password")) side.password = std::move(*v);
  if (auto o = s.section("oauth2", kOAuth2Keys)) side.oauth2 = read_oauth2(*o, source);
}

void read_outbound(YamlSection& s, Outbound& out, const std::string& source) {
  read_side_common(s, out, source);
  if (auto v = s.boolean("use_authentication")) out.use_authentication = *v;
  if (auto v = s.choice<OutboundAuthentication>("authentication", &parse_outbound_authentication, kOutboundAuthNames)) {
    out.authentication = *v;
  }
}

void read_inbound(YamlSection& s, Inbound& in, const std::string& source) {
  read_side_common(s, in, source);
  if (auto v = s.choice<InboundAuthentication>("authentication", &parse_inbound_authentication, kInboundAuthNames)) {
    in.authentication = *v;
  }
}

void read_tls(YamlSection& s, TlsSettings& tls, const std::string& source) {
  if (auto v = s.text("ca_file")) tls.ca_file = resolve_path(*v, source);
  if (auto v = s.boolean("verify")) tls.verify = *v;
  if (auto v = s.tls_version("min_version")) tls.min_version = std::move(*v);
}

void read_timeouts(YamlSection& s, Timeouts& t) {
  if (auto v = s.duration("connect")) t.connect = *v;
  if (auto v = s.duration("command")) t.command = *v;
  if (auto v = s.duration("overall")) t.overall = *v;
}

// outbound and inbound must be there; a missing or empty one is reported
// once and its side is not checked further.
void report_missing_side(const YamlSection& top, std::string_view side, ReadContext& ctx) {
  const std::string name(side);
  if (ctx.positions.invalid(name)) return;  // not a map: already reported
  const Position at = ctx.positions.where(name);
  ctx.sink.error(at, name, top.has(side) ? "the " + name + " section is empty" : "missing " + name + " section");
  ctx.positions.record_invalid(name, at);
}

// yaml-cpp's "illegal map value" at a tab says nothing of the tab.
std::string syntax_message(std::string_view text, const YAML::ParserException& e) {
  std::string message = "invalid YAML: " + e.msg;
  if (e.mark.line < 0) return message;
  std::size_t start = 0;
  for (int line = 0; line < e.mark.line && start != std::string_view::npos; ++line) {
    start = text.find('\n', start);
    if (start != std::string_view::npos) ++start;
  }
  if (start == std::string_view::npos) return message;
  const std::string_view rest = text.substr(start);
  const std::string_view indent = rest.substr(0, rest.find_first_not_of(" \t"));
  if (indent.find('\t') != std::string_view::npos)
    message += " (a tab indents this line; YAML indents with spaces only)";
  return message;
}

void read_connection(const YAML::Node& root, const std::string& name, Position top_at, ReadContext& ctx,
                     ConnectionConfig& config) {
  DiagnosticSink& sink = ctx.sink;
  FieldPositions& positions = ctx.positions;
  if (root.IsNull()) {
    sink.error(top_at, "", "the file has no settings; it needs outbound and inbound sections");
  } else if (!root.IsMap()) {
    sink.error(position_of(root.Mark()), "",
               "the top level must be a map with outbound and inbound sections, found " +
                   std::string(root.IsSequence() ? "a list" : "a single value"));
  } else if (auto top = YamlSection::open(root, "", top_at, kTopKeys, ctx)) {
    if (auto s = top->section("outbound", kOutboundKeys)) {
      read_outbound(*s, config.outbound, name);
    } else {
      report_missing_side(*top, "outbound", ctx);
    }
    if (auto s = top->section("inbound", kInboundKeys)) {
      read_inbound(*s, config.inbound, name);
    } else {
      report_missing_side(*top, "inbound", ctx);
    }
    if (auto s = top->section("tls", kTlsKeys)) read_tls(*s, config.tls, name);
    if (auto s = top->section("timeouts", kTimeoutKeys)) read_timeouts(*s, config.timeouts);
    check_connection(config, positions, sink);
  }
}

}  // namespace

LoadResult load_connection_text(std::string_view text, const std::string& name, const Environment& env) {
  LoadResult result;
  result.config.source_file = name;
  DiagnosticSink sink(name);
  FieldPositions positions;
  ReadContext ctx{sink, positions, env};

  if (text.size() > kMaxConnectionFileBytes) {
    sink.error({}, "", "the file is larger than 1 MiB; a connection file is a few lines");
    result.diagnostics = sink.take();
    return result;
  }
  YAML::Node root;
  try {
    root = YAML::Load(std::string(text));
  } catch (const YAML::ParserException& e) {
    sink.error(position_of(e.mark), "", syntax_message(text, e));
    result.diagnostics = sink.take();
    return result;
  } catch (const YAML::Exception& e) {
    sink.error(position_of(e.mark), "", "invalid YAML: " + e.msg);
    result.diagnostics = sink.take();
    return result;
  }

  read_connection(root, name, kTopOfFile, ctx, result.config);
  result.diagnostics = sink.take();
  return result;
}

LoadResult load_connection_node(const YAML::Node& root, const std::string& name, const Environment& env) {
  LoadResult result;
  result.config.source_file = name;
  DiagnosticSink sink(name);
  FieldPositions positions;
  ReadContext ctx{sink, positions, env};
  const Position at = position_of(root.Mark());
  read_connection(root, name, at.line > 0 ? at : kTopOfFile, ctx, result.config);
  result.diagnostics = sink.take();
  return result;
}

LoadResult load_connection_file(const std::string& path, const Environment& env) {
  auto unreadable = [&path](const std::string& why) {
    LoadResult result;
    result.config.source_file = path;
    DiagnosticSink sink(path);
    sink.error({}, "", why);
    result.diagnostics = sink.take();
    return result;
  };
  std::error_code ec;
  const auto size = std::filesystem::file_size(path, ec);
  if (ec) return unreadable("cannot read the connection file: " + ec.message());
  if (size > kMaxConnectionFileBytes)
    return unreadable("the file is larger than 1 MiB; a connection file is a few lines");
  std::ifstream in(path, std::ios::binary);
  if (!in) return unreadable("cannot open the connection file");
  // Bounded even if the file grew since it was measured.
  std::string text(kMaxConnectionFileBytes + 1, '\0');
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  if (in.bad()) return unreadable("cannot read the connection file");
  text.resize(static_cast<std::size_t>(in.gcount()));
  return load_connection_text(text, path, env);
}

}  // namespace mailsim::client
