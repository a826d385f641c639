#include "mockserver/imap/mailbox_seed.hpp"

#include <algorithm>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "common/mime/header_fields.hpp"

namespace mailsim::mock {
namespace {

std::string read_file(const std::filesystem::path& file) {
  std::error_code ec;
  const auto size = std::filesystem::file_size(file, ec);
  if (ec) throw std::runtime_error("cannot read " + file.string() + ": " + ec.message());
  if (size > kMaxSeedFileBytes) throw std::runtime_error("message file too large: " + file.string());
  std::ifstream in(file, std::ios::binary);
  if (!in) throw std::runtime_error("cannot open " + file.string());
  std::ostringstream out;
  out << in.rdbuf();
  if (in.bad()) throw std::runtime_error("cannot read " + file.string());
  return out.str();
}

// "From sender Thu Jan  1 00:00:00 2026" (asctime, optionally with a zone).
std::optional<InternalDate> parse_from_line(std::string_view line) {
  std::vector<std::string_view> t;
  std::size_t i = 5;
  while (i < line.size() && t.size() < 8) {
    while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
    const std::size_t start = i;
    while (i < line.size() && line[i] != ' ' && line[i] != '\t' && line[i] != '\r') ++i;
    if (i > start) t.push_back(line.substr(start, i - start));
  }
  // sender dow mon day time year
  if (t.size() < 6) return std::nullopt;
  const std::string as_imap = std::string(t[3]) + "-" + std::string(t[2]) + "-" + std::string(t[5]) + " " +
                              std::string(t[4]) + " +0000";
  return parse_imap_date_time(as_imap);
}

bool is_from_line(std::string_view text, std::size_t pos) { return text.compare(pos, 5, "From ") == 0; }

// ">From " (any number of '>') loses one '>' (mboxrd).
void unescape_line(std::string& out, std::string_view line) {
  std::size_t quotes = 0;
  while (quotes < line.size() && line[quotes] == '>') ++quotes;
  if (quotes > 0 && line.substr(quotes).starts_with("From ")) line.remove_prefix(1);
  out.append(line);
}

}  // namespace

InternalDate date_of_message(std::string_view raw, InternalDate fallback) {
  const auto block = mime::parse_header_block(raw, 0, raw.size());
  if (const auto* field = mime::find_last_field(block.fields, "Date"))
    if (auto d = parse_rfc5322_date(field->value)) return *d;
  return fallback;
}

std::vector<MboxMessage> split_mbox(std::string_view text) {
  std::vector<MboxMessage> out;
  std::size_t pos = 0;
  MboxMessage* current = nullptr;
  while (pos < text.size()) {
    std::size_t eol = text.find('\n', pos);
    const std::size_t next = eol == std::string_view::npos ? text.size() : eol + 1;
    const std::string_view line = text.substr(pos, next - pos);
    if (is_from_line(text, pos)) {
      // The blank line before a "From " separator belongs to the format.
      if (current) {
        std::string& raw = current->raw;
        if (raw.ends_with("\r\n\r\n")) raw.resize(raw.size() - 2);
        else if (raw.ends_with("\n\n")) raw.resize(raw.size() - 1);
      }
      out.push_back({{}, parse_from_line(line.substr(0, line.find_first_of("\r\n")))});
      current = &out.back();
    } else if (current) {
      unescape_line(current->raw, line);
    }
    pos = next;
  }
  return out;
}

Uid seed_eml_file(MailboxStore& store, std::string_view user, std::string_view mailbox,
                  const std::filesystem::path& file, InternalDate fallback) {
  const std::string raw = read_file(file);
  return store.add_message(user, mailbox, raw, {}, date_of_message(raw, fallback));
}

std::size_t seed_mbox_file(MailboxStore& store, std::string_view user, std::string_view mailbox,
                           const std::filesystem::path& file, InternalDate fallback) {
  const std::string text = read_file(file);
  if (!text.empty() && !is_from_line(text, 0))
    throw std::runtime_error("not an mbox file (no \"From \" line first): " + file.string());
  const auto messages = split_mbox(text);
  for (const auto& m : messages)
    store.add_message(user, mailbox, m.raw, {}, m.from_line_date ? *m.from_line_date : date_of_message(m.raw, fallback));
  return messages.size();
}

std::size_t seed_directory(MailboxStore& store, std::string_view user, std::string_view mailbox,
                           const std::filesystem::path& folder, InternalDate fallback) {
  std::error_code ec;
  std::vector<std::filesystem::path> files;
  for (std::filesystem::directory_iterator it(folder, ec), end; !ec && it != end; it.increment(ec)) {
    if (!it->is_regular_file()) continue;
    const std::string name = it->path().filename().string();
    if (name.empty() || name[0] == '.') continue;
    files.push_back(it->path());
  }
  if (ec) throw std::runtime_error("cannot read folder " + folder.string() + ": " + ec.message());
  std::sort(files.begin(), files.end());
  std::size_t count = 0;
  for (const auto& f : files) {
    if (f.extension() == ".mbox") {
      count += seed_mbox_file(store, user, mailbox, f, fallback);
    } else {
      seed_eml_file(store, user, mailbox, f, fallback);
      ++count;
    }
  }
  return count;
}

}  // namespace mailsim::mock
