// bench_imap_client HOST PORT USER PASSWORD [BATCH DEPTH]: our IMAP client fetches every
// message of INBOX the way a connector picks up a mailbox: LOGIN, EXAMINE,
// UID SEARCH ALL, then UID FETCH (UID BODY.PEEK[]) in batches of 500 UIDs,
// two commands pipelined, each message handed on and dropped. Prints
// messages/s from connect to LOGOUT and the CPU seconds (user+sys) this
// process spent in that span; bench/imaplib_fetch.py does the same.
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <iostream>
#include <string>

#include "client/imap/imap_client.hpp"

using namespace mailsim::client;
using namespace mailsim::client::imap;

namespace {


double cpu_seconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  const auto seconds = [](const timeval& t) { return static_cast<double>(t.tv_sec) + t.tv_usec / 1e6; };
  return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

int fail(const Failure& failure) {
  std::cerr << describe(failure) << "\n";
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 5 && argc != 7) {
    std::cerr << "usage: bench_imap_client HOST PORT USER PASSWORD [BATCH DEPTH]\n";
    return 2;
  }
  FetchBatching batching{.batch = 500, .depth = 2};
  if (argc == 7) batching = {.batch = std::stoul(argv[5]), .depth = std::stoul(argv[6])};
  ImapClientOptions options;
  options.host = argv[1];
  options.port = static_cast<std::uint16_t>(std::stoi(argv[2]));
  options.credentials = mailsim::sasl::ClientCredentials{.user = argv[3], .password = argv[4]};
  const double cpu_start = cpu_seconds();
  const auto start = std::chrono::steady_clock::now();
  ImapClient client(options);
  if (auto failure = client.open()) return fail(*failure);
  auto inbox = client.examine("INBOX");
  if (!inbox) return fail(inbox.failure());
  auto uids = client.search(SearchCriteria::all());
  if (!uids) return fail(uids.failure());
  std::size_t messages = 0;
  std::size_t bytes = 0;
  const auto count = [&](FetchData&& message) {
    ++messages;
    for (const auto& section : message.sections) bytes += section.data ? section.data->size() : 0;
  };
  if (auto failure = client.fetch_each(uids.value(), FetchRequest{.flags = false, .sections = {SectionRequest{}}},
                                       count, batching))
    return fail(*failure);
  client.logout();
  const std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - start;
  const double cpu = cpu_seconds() - cpu_start;
  std::cerr << messages << " messages, " << bytes << " bytes\n";
  if (messages != uids.value().size()) {
    std::cerr << "fetched " << messages << " of " << uids.value().size() << " messages\n";
    return 1;
  }
  std::printf("%.1f %.3f\n", static_cast<double>(messages) / elapsed.count(), cpu);
  return 0;
}
