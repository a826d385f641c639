#pragma once
// The arguments of each `mailsim client` subcommand, as CLI11 fills them,
// and the functions that run them (one file each: client_<name>.cpp).
#include <cstdint>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "client/connector/search_query.hpp"
#include "harness/client_output.hpp"

namespace mailsim::harness {

int run_client_test_connection(const ClientCommon& common, std::ostream& out, std::ostream& err);

struct SendArgs {
  std::string from;
  std::vector<std::string> to, cc, bcc;
  std::string subject;
  std::optional<std::string> text, html;
  std::vector<std::string> attach;   // file paths
  std::vector<std::string> headers;  // "Name: value"
  std::optional<std::string> eml;    // a ready message file instead of the above
};
int run_client_send(const ClientCommon& common, const SendArgs& args, std::ostream& out, std::ostream& err);

int run_client_folders(const ClientCommon& common, std::ostream& out, std::ostream& err);

struct SearchArgs {
  std::string folder = "INBOX";
  client::SearchQuery query;
};
int run_client_search(const ClientCommon& common, const SearchArgs& args, std::ostream& out, std::ostream& err);

struct FetchArgs {
  std::string folder = "INBOX";
  std::uint32_t uid = 0;
  bool headers = false;
  bool structure = false;
  std::optional<std::string> out_file;         // the whole message
  std::optional<std::string> attachments_dir;  // each attachment as a file
};
int run_client_fetch(const ClientCommon& common, const FetchArgs& args, std::ostream& out, std::ostream& err);

// flag / unflag
struct FlagArgs {
  std::string folder = "INBOX";
  std::vector<std::uint32_t> uids;
  std::vector<std::string> flags;
  bool remove = false;  // unflag
};
int run_client_flag(const ClientCommon& common, const FlagArgs& args, std::ostream& out, std::ostream& err);

// move / copy
struct TransferArgs {
  std::string folder = "INBOX";
  std::vector<std::uint32_t> uids;
  std::string to_folder;
  bool move = true;  // false: copy
};
int run_client_transfer(const ClientCommon& common, const TransferArgs& args, std::ostream& out, std::ostream& err);

struct DeleteArgs {
  std::string folder = "INBOX";
  std::vector<std::uint32_t> uids;
};
int run_client_delete(const ClientCommon& common, const DeleteArgs& args, std::ostream& out, std::ostream& err);

struct AppendArgs {
  std::string folder = "INBOX";
  std::string eml;
  std::vector<std::string> flags;
};
int run_client_append(const ClientCommon& common, const AppendArgs& args, std::ostream& out, std::ostream& err);

struct GenerateArgs {
  std::string side = "outbound";  // outbound | inbound
  bool headless = false;          // follow the authorization URL ourselves (auto-consenting servers, CI)
  bool no_browser = false;        // print the URL only
  std::string timeout = "5m";     // how long to wait for the redirect
};
int run_client_generate(const ClientCommon& common, const GenerateArgs& args, std::ostream& out, std::ostream& err);

struct IdleArgs {
  std::string folder = "INBOX";
  std::string timeout = "5m";  // duration: 500ms, 30s, 5m
};
int run_client_idle(const ClientCommon& common, const IdleArgs& args, std::ostream& out, std::ostream& err);

}  // namespace mailsim::harness
