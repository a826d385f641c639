// `mailsim client folders` and `mailsim client search`.
#include <fmt/format.h>

#include <variant>

#include "client/connector/connector.hpp"
#include "harness/client_subcommands.hpp"
#include "harness/client_tokens.hpp"

namespace mailsim::harness {
namespace {

std::string joined(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : " ") + item;
  return out;
}

// Bounded column text: one line, at most width characters.
std::string cell(std::string text, std::size_t width) {
  for (auto& c : text)
    if (c == '\r' || c == '\n' || c == '\t') c = ' ';
  if (text.size() > width) text = text.substr(0, width - 3) + "...";
  return text;
}

}  // namespace

int run_client_folders(const ClientCommon& common, std::ostream& out, std::ostream& err) {
  CommandOutput output(common, "folders", out, err);
  auto config = output.load_connection();
  if (!config) return output.unusable_connection();
  const auto outcome = make_connector(std::move(*config)).folders();
  if (output.json()) {
    nlohmann::json folders = nlohmann::json::array();
    for (const auto& f : outcome.value) {
      folders.push_back({{"name", f.name},
                         {"delimiter", f.delimiter ? nlohmann::json(std::string(1, *f.delimiter)) : nlohmann::json()},
                         {"attributes", f.attributes},
                         {"selectable", f.selectable()}});
    }
    output.document()["folders"] = folders;
  } else {
    for (const auto& f : outcome.value)
      out << f.name << (f.attributes.empty() ? "" : "  (" + joined(f.attributes) + ")") << "\n";
  }
  return output.finish(outcome);
}

int run_client_search(const ClientCommon& common, const SearchArgs& args, std::ostream& out, std::ostream& err) {
  CommandOutput output(common, "search", out, err);
  auto config = output.load_connection();
  if (!config) return output.unusable_connection();
  auto criteria = client::to_search_criteria(args.query);
  if (auto* error = std::get_if<std::string>(&criteria)) return output.unusable(*error);
  const auto& keys = std::get<client::imap::SearchCriteria>(criteria);

  const auto outcome = make_connector(std::move(*config)).search(args.folder, keys);
  if (output.json()) {
    auto& doc = output.document();
    doc["folder"] = args.folder;
    doc["criteria"] = keys.to_string();
    nlohmann::json messages = nlohmann::json::array();
    for (const auto& m : outcome.value) {
      messages.push_back({{"uid", m.uid},
                          {"flags", m.flags},
                          {"size", m.size},
                          {"date", m.date},
                          {"from", m.from},
                          {"to", m.to},
                          {"subject", m.subject}});
    }
    doc["messages"] = messages;
  } else if (outcome.ok()) {
    out << fmt::format("{} message(s) in {} matching {}\n", outcome.value.size(), args.folder, keys.to_string());
    if (!outcome.value.empty())
      out << fmt::format("{:>6}  {:<14}  {:>8}  {:<28}  {}\n", "UID", "FLAGS", "SIZE", "FROM", "SUBJECT");
    for (const auto& m : outcome.value) {
      out << fmt::format("{:>6}  {:<14}  {:>8}  {:<28}  {}\n", m.uid, cell(joined(m.flags), 14), m.size,
                         cell(m.from, 28), cell(m.subject, 60));
    }
  }
  return output.finish(outcome);
}

}  // namespace mailsim::harness
