#include "harness/client_commands.hpp"

#include <functional>
#include <string>
#include <vector>

#include "harness/client_subcommands.hpp"

namespace mailsim::harness {
namespace {

constexpr auto kCommonFooter =
    "\nEvery client command: --connection FILE (required), --json for one JSON document on stdout,\n"
    "-v for the effective connection and the protocol transcript (secrets redacted) on stderr.\n"
    "Exit codes: 0 success, 1 the server or network said no, 2 unusable input (connection file,\n"
    "arguments, files). Errors show the reason code, the stage, the server's words and a hint.";

std::string footer(const std::string& examples) { return "\nExamples:\n" + examples + kCommonFooter; }

}  // namespace

struct ClientCommands::State {
  CLI::App* client = nullptr;
  ClientCommon common;
  SendArgs send;
  SearchArgs search;
  FetchArgs fetch;
  FlagArgs flag;
  FlagArgs unflag{.remove = true};
  TransferArgs move;
  TransferArgs copy{.move = false};
  DeleteArgs del;
  AppendArgs append;
  IdleArgs idle;
  GenerateArgs generate;
  // Each registered subcommand and how to run it.
  std::vector<std::pair<CLI::App*, std::function<int(std::ostream&, std::ostream&)>>> commands;

  CLI::App* add(const std::string& name, const std::string& description, const std::string& examples,
                std::function<int(std::ostream&, std::ostream&)> run) {
    CLI::App* sub = client->add_subcommand(name, description);
    sub->add_option("--connection", common.connection, "connection file (YAML)")->required();
    sub->add_flag("--json", common.json, "print one JSON document instead of text");
    sub->add_flag("-v,--verbose", common.verbose, "show the effective connection and the protocol transcript");
    sub->footer(footer(examples));
    commands.emplace_back(sub, std::move(run));
    return sub;
  }
};

namespace {

// Each occurrence takes one value; repeating the option adds more.
template <class T>
CLI::Option* repeatable(CLI::App* app, const std::string& name, std::vector<T>& into, const std::string& help) {
  return app->add_option(name, into, help)->allow_extra_args(false);
}

}  // namespace

ClientCommands::ClientCommands(CLI::App& app) : state_(std::make_unique<State>()) {
  State& s = *state_;
  s.client = app.add_subcommand("client", "the connector: test a connection, send, search, fetch and file mail");
  s.client->require_subcommand(1);

  s.add("test-connection", "check outbound (SMTP) and inbound (IMAP), both at once, every stage",
        "  mailsim client test-connection --connection conn.yaml\n"
        "  mailsim client test-connection --connection conn.yaml --json\n"
        "  mailsim client test-connection --connection conn.yaml -v   # with protocol transcripts\n"
        "Exit 0 when both sides pass, 1 when either fails, 2 for an unusable connection file.\n",
        [&s](std::ostream& out, std::ostream& err) { return run_client_test_connection(s.common, out, err); });

  auto* send =
      s.add("send", "send a message through the outbound server; prints the result per recipient",
            "  mailsim client send --connection conn.yaml --from alice@example.com --to bob@example.com \\\n"
            "      --subject 'Report' --text 'See attached.' --attach report.pdf\n"
            "  mailsim client send --connection conn.yaml --from 'Alice <alice@example.com>' --to bob@example.com \\\n"
            "      --cc carol@example.com --bcc audit@example.com --html '<p>Hi</p>' --header 'X-Ticket: 42'\n"
            "  mailsim client send --connection conn.yaml --eml message.eml   # envelope from its From/To/Cc/Bcc\n"
            "Exit 1 also when some recipients were refused (the others got the message).\n",
            [&s](std::ostream& out, std::ostream& err) { return run_client_send(s.common, s.send, out, err); });
  send->add_option("--from", s.send.from, "sender: address or 'Name <address>'");
  repeatable(send, "--to", s.send.to, "recipient (repeatable)");
  repeatable(send, "--cc", s.send.cc, "copy recipient (repeatable)");
  repeatable(send, "--bcc", s.send.bcc, "blind copy recipient, not in the headers (repeatable)");
  send->add_option("--subject", s.send.subject, "subject (UTF-8)");
  send->add_option("--text", s.send.text, "text/plain body");
  send->add_option("--html", s.send.html, "text/html body (with --text: multipart/alternative)");
  repeatable(send, "--attach", s.send.attach, "file to attach (repeatable)");
  repeatable(send, "--header", s.send.headers, "extra header 'Name: value' (repeatable)");
  send->add_option("--eml", s.send.eml, "send this ready RFC 5322 file as it is (line ends made CRLF)");

  s.add("folders", "list the inbound server's folders", "  mailsim client folders --connection conn.yaml\n",
        [&s](std::ostream& out, std::ostream& err) { return run_client_folders(s.common, out, err); });

  auto* search = s.add(
      "search", "find messages in a folder; prints UIDs with sender, subject, flags and size",
      "  mailsim client search --connection conn.yaml --unseen\n"
      "  mailsim client search --connection conn.yaml --folder Archive --from boss@example.com --since 2026-01-01\n"
      "  mailsim client search --connection conn.yaml --subject invoice --larger 100000 --json\n"
      "All criteria given must match; none lists every message.\n",
      [&s](std::ostream& out, std::ostream& err) { return run_client_search(s.common, s.search, out, err); });
  auto& q = s.search.query;
  search->add_option("--folder", s.search.folder, "folder (default INBOX)");
  search->add_flag("--unseen", q.unseen, "not yet read");
  search->add_flag("--seen", q.seen, "already read");
  search->add_flag("--flagged", q.flagged, "flagged");
  search->add_option("--from", q.from, "From contains this text");
  search->add_option("--to", q.to, "To contains this text");
  search->add_option("--subject", q.subject, "Subject contains this text");
  search->add_option("--text", q.text, "headers or body contain this text");
  search->add_option("--since", q.since, "arrived on or after YYYY-MM-DD");
  search->add_option("--before", q.before, "arrived before YYYY-MM-DD");
  search->add_option("--larger", q.larger, "larger than N bytes");
  search->add_option("--smaller", q.smaller, "smaller than N bytes");

  auto* fetch =
      s.add("fetch", "get one message by UID: headers, structure, the whole message, attachments",
            "  mailsim client fetch --connection conn.yaml --uid 42                  # headers\n"
            "  mailsim client fetch --connection conn.yaml --uid 42 --structure\n"
            "  mailsim client fetch --connection conn.yaml --uid 42 --out message.eml\n"
            "  mailsim client fetch --connection conn.yaml --folder Archive --uid 7 --attachments ./files\n"
            "Never marks the message as read.\n",
            [&s](std::ostream& out, std::ostream& err) { return run_client_fetch(s.common, s.fetch, out, err); });
  fetch->add_option("--folder", s.fetch.folder, "folder (default INBOX)");
  fetch->add_option("--uid", s.fetch.uid, "the message's UID")->required();
  fetch->add_flag("--headers", s.fetch.headers, "print the header (the default when nothing else is asked)");
  fetch->add_flag("--structure", s.fetch.structure, "print the MIME structure (BODYSTRUCTURE)");
  fetch->add_option("--out", s.fetch.out_file, "write the whole message to FILE");
  fetch->add_option("--attachments", s.fetch.attachments_dir, "save each attachment into DIR (made if missing)");

  for (auto* args : {&s.flag, &s.unflag}) {
    const std::string name = args->remove ? "unflag" : "flag";
    auto* sub =
        s.add(name, args->remove ? "remove flags from messages" : "set flags on messages",
              "  mailsim client " + name +
                  " --connection conn.yaml --uid 42 --flag '\\Seen'\n"
                  "  mailsim client " +
                  name +
                  " --connection conn.yaml --folder Archive --uid 7 --uid 8 --flag '\\Flagged'\n"
                  "Flags: \\Seen \\Answered \\Flagged \\Deleted \\Draft, or keywords such as $Label1.\n",
              [&s, args](std::ostream& out, std::ostream& err) { return run_client_flag(s.common, *args, out, err); });
    sub->add_option("--folder", args->folder, "folder (default INBOX)");
    repeatable(sub, "--uid", args->uids, "message UID (repeatable)")->required();
    repeatable(sub, "--flag", args->flags, "flag or keyword (repeatable)")->required();
  }

  for (auto* args : {&s.move, &s.copy}) {
    const std::string name = args->move ? "move" : "copy";
    auto* sub = s.add(
        name, args->move ? "move messages to another folder" : "copy messages to another folder",
        "  mailsim client " + name +
            " --connection conn.yaml --uid 42 --to Archive\n"
            "  mailsim client " +
            name + " --connection conn.yaml --folder Archive --uid 7 --uid 8 --to INBOX\n",
        [&s, args](std::ostream& out, std::ostream& err) { return run_client_transfer(s.common, *args, out, err); });
    sub->add_option("--folder", args->folder, "source folder (default INBOX)");
    repeatable(sub, "--uid", args->uids, "message UID (repeatable)")->required();
    sub->add_option("--to", args->to_folder, "destination folder")->required();
  }

  auto* del =
      s.add("delete", "delete messages: mark them \\Deleted and expunge them",
            "  mailsim client delete --connection conn.yaml --uid 42\n"
            "  mailsim client delete --connection conn.yaml --folder Trash --uid 7 --uid 8\n",
            [&s](std::ostream& out, std::ostream& err) { return run_client_delete(s.common, s.del, out, err); });
  del->add_option("--folder", s.del.folder, "folder (default INBOX)");
  repeatable(del, "--uid", s.del.uids, "message UID (repeatable)")->required();

  auto* append =
      s.add("append", "store a ready message file in a folder",
            "  mailsim client append --connection conn.yaml --folder Sent --eml message.eml --flags '\\Seen'\n",
            [&s](std::ostream& out, std::ostream& err) { return run_client_append(s.common, s.append, out, err); });
  append->add_option("--folder", s.append.folder, "folder (default INBOX)");
  append->add_option("--eml", s.append.eml, "RFC 5322 message file (line ends made CRLF)")->required();
  repeatable(append, "--flags", s.append.flags, "flag to set on it (repeatable)");

  auto* idle =
      s.add("idle", "wait until a message arrives in a folder (IMAP IDLE) or the timeout passes",
            "  mailsim client idle --connection conn.yaml --timeout 2m\n"
            "  mailsim client idle --connection conn.yaml --folder Alerts --timeout 30s --json\n"
            "Exit 0 when mail arrived, 1 when the timeout passed first.\n",
            [&s](std::ostream& out, std::ostream& err) { return run_client_idle(s.common, s.idle, out, err); });
  idle->add_option("--folder", s.idle.folder, "folder (default INBOX)");
  idle->add_option("--timeout", s.idle.timeout, "how long to wait: 500ms, 30s, 5m, 1h (default 5m)");

  auto* generate =
      s.add("generate", "get OAuth tokens for a side: authorization code flow with PKCE, stored encrypted",
            "  mailsim client generate --connection conn.yaml --side outbound\n"
            "  mailsim client generate --connection conn.yaml --side inbound --no-browser\n"
            "  mailsim client generate --connection conn.yaml --headless   # auto-consenting servers (the mock)\n"
            "The store key comes from MAILSIM_TOKEN_KEY, MAILSIM_TOKEN_KEY_FILE or a key file made on first use.\n",
            [&s](std::ostream& out, std::ostream& err) { return run_client_generate(s.common, s.generate, out, err); });
  generate->add_option("--side", s.generate.side, "outbound or inbound (default outbound)")
      ->check(CLI::IsMember({"outbound", "inbound"}));
  generate->add_flag("--headless", s.generate.headless, "follow the authorization URL without a browser");
  generate->add_flag("--no-browser", s.generate.no_browser, "print the URL; do not open a browser");
  generate->add_option("--timeout", s.generate.timeout, "how long to wait for the redirect (default 5m)");
}

ClientCommands::~ClientCommands() = default;

CLI::App* ClientCommands::app() const { return state_->client; }

bool ClientCommands::chosen() const {
  for (const auto& [sub, run] : state_->commands)
    if (sub->parsed()) return true;
  return false;
}

int ClientCommands::run(std::ostream& out, std::ostream& err) const {
  for (const auto& [sub, run] : state_->commands)
    if (sub->parsed()) return run(out, err);
  return kExitUnusable;
}

}  // namespace mailsim::harness
