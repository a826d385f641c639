// `mailsim client fetch`: headers, structure, the whole message to a file,
// attachments to a folder.
#include <fmt/format.h>

#include <cctype>
#include <filesystem>
#include <fstream>
#include <set>

#include "client/connector/connector.hpp"
#include "client/connector/message_parts.hpp"
#include "harness/client_subcommands.hpp"
#include "harness/client_tokens.hpp"

namespace mailsim::harness {
namespace {

void print_structure(const client::imap::BodyStructure& body, const std::string& section, int depth,
                     std::ostream& out) {
  // Servers send types in either case (Dovecot: "MULTIPART"); show them as MIME headers do.
  const auto lower = [](std::string text) {
    for (auto& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return text;
  };
  std::string line = fmt::format("{}{} {}/{}", std::string(static_cast<std::size_t>(depth) * 2, ' '),
                                 section.empty() ? "-" : section, lower(body.type), lower(body.subtype));
  if (!body.is_multipart()) line += fmt::format(" {} {} bytes", body.encoding, body.size);
  auto name = body.disposition_param("filename");
  if (!name) name = body.param("name");
  if (name) line += " \"" + *name + "\"";
  out << line << "\n";
  if (body.is_multipart()) {
    for (std::size_t i = 0; i < body.children.size(); ++i) {
      const std::string child = section.empty() ? std::to_string(i + 1) : section + "." + std::to_string(i + 1);
      print_structure(body.children[i], child, depth + 1, out);
    }
  }
}

nlohmann::json structure_json(const client::imap::BodyStructure& body) {
  nlohmann::json j{{"type", body.type}, {"subtype", body.subtype}};
  nlohmann::json params = nlohmann::json::object();
  for (const auto& [name, value] : body.params) params[name] = value;
  j["params"] = params;
  if (!body.is_multipart()) {
    j["encoding"] = body.encoding;
    j["size"] = body.size;
  }
  if (body.disposition) j["disposition"] = body.disposition->type;
  nlohmann::json children = nlohmann::json::array();
  for (const auto& child : body.children) children.push_back(structure_json(child));
  if (!children.empty()) j["children"] = children;
  return j;
}

// Writes bytes to path; a sentence on failure.
std::optional<std::string> write_file(const std::filesystem::path& path, const std::string& bytes) {
  std::ofstream file(path, std::ios::binary | std::ios::trunc);
  if (!file) return "cannot write " + path.string();
  file.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  if (!file) return "cannot write " + path.string();
  return std::nullopt;
}

}  // namespace

int run_client_fetch(const ClientCommon& common, const FetchArgs& args, std::ostream& out, std::ostream& err) {
  CommandOutput output(common, "fetch", out, err);
  auto config = output.load_connection();
  if (!config) return output.unusable_connection();
  if (args.uid == 0) return output.unusable("--uid must be a UID above 0");
  client::FetchParts what{.headers = args.headers,
                          .structure = args.structure,
                          .message = args.out_file.has_value(),
                          .attachments = args.attachments_dir.has_value()};
  if (!what.headers && !what.structure && !what.message && !what.attachments) what.headers = true;
  if (args.attachments_dir) {
    std::error_code ec;
    std::filesystem::create_directories(*args.attachments_dir, ec);
    if (ec || !std::filesystem::is_directory(*args.attachments_dir))
      return output.unusable("cannot use " + *args.attachments_dir + " as a folder for attachments");
  }

  const auto outcome = make_connector(std::move(*config)).fetch(args.folder, args.uid, what);
  const client::FetchedMessage& m = outcome.value;
  auto& doc = output.document();
  doc["folder"] = args.folder;
  doc["uid"] = args.uid;
  if (outcome.ok()) {
    doc["flags"] = m.flags;
    if (m.headers) {
      doc["headers"] = *m.headers;
      if (!output.json()) out << *m.headers;
    }
    if (m.structure) {
      doc["structure"] = structure_json(*m.structure);
      if (!output.json()) print_structure(*m.structure, m.structure->is_multipart() ? "" : "1", 0, out);
    }
    if (m.message && args.out_file) {
      if (auto error = write_file(*args.out_file, *m.message)) return output.unusable(*error);
      doc["out"] = *args.out_file;
      doc["size"] = m.message->size();
      if (!output.json()) out << fmt::format("wrote {} ({} bytes)\n", *args.out_file, m.message->size());
    }
    if (args.attachments_dir) {
      nlohmann::json saved = nlohmann::json::array();
      std::set<std::string> used;
      for (const auto& a : m.attachments) {
        // Two parts may carry the same name: number the later ones.
        std::string name = client::safe_file_name(a.filename, a.part);
        for (int n = 2; used.count(name); ++n)
          name = fmt::format("{}-{}", n, client::safe_file_name(a.filename, a.part));
        used.insert(name);
        const auto path = std::filesystem::path(*args.attachments_dir) / name;
        if (auto error = write_file(path, a.bytes)) return output.unusable(*error);
        saved.push_back(
            {{"part", a.part}, {"file", path.string()}, {"content_type", a.content_type}, {"size", a.bytes.size()}});
        if (!output.json())
          out << fmt::format("part {}: {} ({}, {} bytes)\n", a.part, path.string(), a.content_type, a.bytes.size());
      }
      doc["attachments"] = saved;
      if (!output.json() && m.attachments.empty()) out << "no attachments\n";
    }
  }
  return output.finish(outcome);
}

}  // namespace mailsim::harness
