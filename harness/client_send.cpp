// `mailsim client send`: a message built from the arguments, or a ready .eml.
#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <filesystem>

#include "client/connector/connector.hpp"
#include "common/mime/address.hpp"
#include "common/mime/header_fields.hpp"
#include "common/mime/message_parser.hpp"
#include "harness/client_arguments.hpp"
#include "harness/client_subcommands.hpp"
#include "harness/client_tokens.hpp"

namespace mailsim::harness {
namespace {

struct BuiltSend {
  std::optional<client::smtp::SmtpEnvelope> envelope;  // with raw: send_raw
  std::string raw;
  std::optional<client::mime::OutgoingMessage> message;  // else: send
  std::string error;                                     // unusable arguments
};

std::string guess_content_type(const std::string& path) {
  static const std::pair<const char*, const char*> kTypes[] = {
      {".txt", "text/plain"},      {".html", "text/html"},      {".htm", "text/html"},
      {".csv", "text/csv"},        {".pdf", "application/pdf"}, {".json", "application/json"},
      {".zip", "application/zip"}, {".png", "image/png"},       {".jpg", "image/jpeg"},
      {".jpeg", "image/jpeg"},     {".gif", "image/gif"},       {".eml", "message/rfc822"},
  };
  std::string ext = std::filesystem::path(path).extension().string();
  for (auto& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (const auto& [suffix, type] : kTypes)
    if (ext == suffix) return type;
  return "application/octet-stream";
}

// Addresses of the given header fields of a ready message, in order.
std::vector<std::string> header_addresses(const std::vector<mime::HeaderField>& fields,
                                          std::initializer_list<std::string_view> names) {
  std::vector<std::string> out;
  for (const auto name : names) {
    for (const auto* field : mime::find_fields(fields, name)) {
      for (const auto& a : mime::parse_address_list(field->value)) {
        if (a.is_group_start() || a.is_group_end()) continue;
        const std::string spec = a.addr_spec();
        if (client::mime::is_valid_address(spec)) out.push_back(spec);
      }
    }
  }
  return out;
}

BuiltSend from_eml(const SendArgs& args) {
  BuiltSend built;
  if (!args.subject.empty() || args.text || args.html || !args.attach.empty() || !args.headers.empty()) {
    built.error = "--eml sends the file as it is: --subject, --text, --html, --attach and --header cannot go with it";
    return built;
  }
  auto file = read_file_bounded(*args.eml, kMaxInputFileBytes);
  if (!file.bytes) {
    built.error = file.error;
    return built;
  }
  // SMTP needs CRLF line ends; .eml files often have LF only.
  built.raw = mime::to_crlf(*file.bytes);
  const auto header = mime::parse_header_block(built.raw, 0, built.raw.size());

  client::smtp::SmtpEnvelope envelope;
  if (!args.from.empty()) {
    const auto from = parse_mailbox_argument(args.from);
    if (!from) {
      built.error = "--from '" + args.from + "' is not a valid address";
      return built;
    }
    envelope.from = from->address;
  } else {
    const auto from = header_addresses(header.fields, {"From"});
    if (from.empty()) {
      built.error = *args.eml + " has no usable From: address; give --from";
      return built;
    }
    envelope.from = from.front();
  }
  for (const auto* list : {&args.to, &args.cc, &args.bcc}) {
    for (const auto& text : *list) {
      const auto mailbox = parse_mailbox_argument(text);
      if (!mailbox) {
        built.error = "'" + text + "' is not a valid address";
        return built;
      }
      envelope.recipients.push_back(mailbox->address);
    }
  }
  if (envelope.recipients.empty()) envelope.recipients = header_addresses(header.fields, {"To", "Cc", "Bcc"});
  if (envelope.recipients.empty()) {
    built.error = *args.eml + " names no recipients (To, Cc, Bcc); give --to";
    return built;
  }
  built.envelope = std::move(envelope);
  return built;
}

BuiltSend from_arguments(const SendArgs& args) {
  BuiltSend built;
  client::mime::OutgoingMessage message;
  if (args.from.empty()) {
    built.error = "--from is required (or --eml with a From: header)";
    return built;
  }
  const auto from = parse_mailbox_argument(args.from);
  if (!from) {
    built.error = "--from '" + args.from + "' is not a valid address";
    return built;
  }
  message.from = *from;
  const std::pair<const std::vector<std::string>*, std::vector<client::mime::Mailbox>*> lists[] = {
      {&args.to, &message.to}, {&args.cc, &message.cc}, {&args.bcc, &message.bcc}};
  for (const auto& [texts, mailboxes] : lists) {
    for (const auto& text : *texts) {
      const auto mailbox = parse_mailbox_argument(text);
      if (!mailbox) {
        built.error = "'" + text + "' is not a valid address";
        return built;
      }
      mailboxes->push_back(*mailbox);
    }
  }
  if (message.to.empty() && message.cc.empty() && message.bcc.empty()) {
    built.error = "no recipients: give --to, --cc or --bcc";
    return built;
  }
  message.subject = args.subject;
  message.text = args.text;
  message.html = args.html;
  if (!message.text && !message.html && args.attach.empty()) message.text = "";
  for (const auto& path : args.attach) {
    auto file = read_file_bounded(path, kMaxInputFileBytes);
    if (!file.bytes) {
      built.error = file.error;
      return built;
    }
    message.attachments.push_back(
        {std::filesystem::path(path).filename().string(), guess_content_type(path), std::move(*file.bytes)});
  }
  for (const auto& text : args.headers) {
    auto header = parse_header_argument(text);
    if (!header) {
      built.error = "--header '" + text + "' is not in the form 'Name: value'";
      return built;
    }
    message.extra_headers.push_back(std::move(*header));
  }
  built.message = std::move(message);
  return built;
}

}  // namespace

int run_client_send(const ClientCommon& common, const SendArgs& args, std::ostream& out, std::ostream& err) {
  CommandOutput output(common, "send", out, err);
  auto config = output.load_connection();
  if (!config) return output.unusable_connection();
  const BuiltSend built = args.eml ? from_eml(args) : from_arguments(args);
  if (!built.error.empty()) return output.unusable(built.error);

  const client::Connector connector = make_connector(std::move(*config));
  const auto outcome = built.message ? connector.send(*built.message) : connector.send_raw(*built.envelope, built.raw);
  const client::SendReport& report = outcome.value;
  // Delivered to some recipients only: the command did not do all it was asked.
  const auto refused = static_cast<std::size_t>(
      std::count_if(report.recipients.begin(), report.recipients.end(), [](const auto& r) { return !r.accepted; }));

  if (output.json()) {
    nlohmann::json recipients = nlohmann::json::array();
    for (const auto& r : report.recipients) {
      recipients.push_back({{"address", r.address},
                            {"accepted", r.accepted},
                            {"reply", r.reply},
                            {"reason", client::to_string(r.reason)}});
    }
    auto& doc = output.document();
    doc["recipients"] = recipients;
    doc["message_reply"] = report.message_reply;
    doc["tls_version"] = report.tls_version;
    doc["auth_mechanism"] = report.auth_mechanism;
    doc["all_recipients_accepted"] = outcome.ok() && refused == 0;
  } else {
    std::size_t width = 9;
    for (const auto& r : report.recipients) width = std::max(width, r.address.size());
    if (!report.recipients.empty()) out << fmt::format("{:<{}}  {:<8}  {}\n", "RECIPIENT", width, "RESULT", "SERVER");
    for (const auto& r : report.recipients) {
      out << fmt::format("{:<{}}  {:<8}  {}", r.address, width, r.accepted ? "accepted" : "REFUSED", r.reply);
      if (!r.accepted) out << " (" << client::to_string(r.reason) << ")";
      out << "\n";
    }
    if (outcome.ok()) {
      out << fmt::format("sent: {} ({}, {})\n", report.message_reply,
                         report.tls_version.empty() ? "plain text" : report.tls_version,
                         report.auth_mechanism.empty() ? "no login" : "AUTH " + report.auth_mechanism);
      if (refused > 0)
        err << fmt::format("error: {} of {} recipients refused; the message went to the others\n", refused,
                           report.recipients.size());
    }
  }
  const int code = output.finish(outcome);
  return code == kExitOk && refused > 0 ? kExitFailed : code;
}

}  // namespace mailsim::harness
