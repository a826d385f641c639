// `mailsim client flag|unflag|move|copy|delete|append`: changes in a folder.
#include <fmt/format.h>

#include "client/connector/connector.hpp"
#include "common/mime/message_parser.hpp"
#include "harness/client_arguments.hpp"
#include "harness/client_subcommands.hpp"
#include "harness/client_tokens.hpp"

namespace mailsim::harness {
namespace {

std::string uid_list(const std::vector<std::uint32_t>& uids) {
  std::string out;
  for (const auto uid : uids) out += (out.empty() ? "" : ",") + std::to_string(uid);
  return out;
}

std::optional<std::string> check_uids(const std::vector<std::uint32_t>& uids) {
  if (uids.empty()) return "give at least one --uid";
  for (const auto uid : uids)
    if (uid == 0) return "--uid must be a UID above 0";
  return std::nullopt;
}

}  // namespace

int run_client_flag(const ClientCommon& common, const FlagArgs& args, std::ostream& out, std::ostream& err) {
  CommandOutput output(common, args.remove ? "unflag" : "flag", out, err);
  auto config = output.load_connection();
  if (!config) return output.unusable_connection();
  if (auto error = check_uids(args.uids)) return output.unusable(*error);
  if (args.flags.empty()) return output.unusable("give at least one --flag, e.g. --flag '\\Seen'");
  const client::Connector connector = make_connector(std::move(*config));
  const auto outcome = args.remove ? connector.unflag(args.folder, args.uids, args.flags)
                                   : connector.flag(args.folder, args.uids, args.flags);
  output.document()["folder"] = args.folder;
  output.document()["uids"] = args.uids;
  output.document()["flags"] = args.flags;
  if (outcome.ok() && !output.json()) {
    std::string flags;
    for (const auto& f : args.flags) flags += (flags.empty() ? "" : " ") + f;
    out << fmt::format("{} {} on UID {} in {}\n", args.remove ? "removed" : "set", flags, uid_list(args.uids),
                       args.folder);
  }
  return output.finish(outcome);
}

int run_client_transfer(const ClientCommon& common, const TransferArgs& args, std::ostream& out, std::ostream& err) {
  CommandOutput output(common, args.move ? "move" : "copy", out, err);
  auto config = output.load_connection();
  if (!config) return output.unusable_connection();
  if (auto error = check_uids(args.uids)) return output.unusable(*error);
  if (args.to_folder.empty()) return output.unusable("give the destination folder with --to");
  const client::Connector connector = make_connector(std::move(*config));
  const auto outcome = args.move ? connector.move(args.folder, args.uids, args.to_folder)
                                 : connector.copy(args.folder, args.uids, args.to_folder);
  auto& doc = output.document();
  doc["folder"] = args.folder;
  doc["uids"] = args.uids;
  doc["to"] = args.to_folder;
  if (outcome.value) {
    doc["copyuid"] = {{"uid_validity", outcome.value->uid_validity},
                      {"source_uids", outcome.value->source_uids},
                      {"destination_uids", outcome.value->destination_uids}};
  }
  if (outcome.ok() && !output.json()) {
    out << fmt::format("{} UID {} from {} to {}", args.move ? "moved" : "copied", uid_list(args.uids), args.folder,
                       args.to_folder);
    if (outcome.value) out << fmt::format(" (new UID {})", outcome.value->destination_uids);
    out << "\n";
  }
  return output.finish(outcome);
}

int run_client_delete(const ClientCommon& common, const DeleteArgs& args, std::ostream& out, std::ostream& err) {
  CommandOutput output(common, "delete", out, err);
  auto config = output.load_connection();
  if (!config) return output.unusable_connection();
  if (auto error = check_uids(args.uids)) return output.unusable(*error);
  const auto outcome = make_connector(std::move(*config)).delete_messages(args.folder, args.uids);
  output.document()["folder"] = args.folder;
  output.document()["uids"] = args.uids;
  if (outcome.ok() && !output.json())
    out << fmt::format("deleted and expunged UID {} in {}\n", uid_list(args.uids), args.folder);
  return output.finish(outcome);
}

int run_client_append(const ClientCommon& common, const AppendArgs& args, std::ostream& out, std::ostream& err) {
  CommandOutput output(common, "append", out, err);
  auto config = output.load_connection();
  if (!config) return output.unusable_connection();
  auto file = read_file_bounded(args.eml, kMaxInputFileBytes);
  if (!file.bytes) return output.unusable(file.error);
  // IMAP stores messages with CRLF line ends.
  const auto outcome = make_connector(std::move(*config)).append(args.folder, mime::to_crlf(*file.bytes), args.flags);
  auto& doc = output.document();
  doc["folder"] = args.folder;
  doc["flags"] = args.flags;
  if (outcome.value) doc["appenduid"] = {{"uid_validity", outcome.value->uid_validity}, {"uids", outcome.value->uids}};
  if (outcome.ok() && !output.json()) {
    out << fmt::format("appended {} to {}", args.eml, args.folder);
    if (outcome.value) out << fmt::format(" (UID {})", outcome.value->uids);
    out << "\n";
  }
  return output.finish(outcome);
}

}  // namespace mailsim::harness
