// bench_imap_client HOST PORT USER PASSWORD: our IMAP client fetches every
// message of INBOX (BODY.PEEK[]) in one UID FETCH; prints messages/s.
#include <chrono>
#include <cstdio>
#include <iostream>
#include <string>

#include "client/imap/imap_client.hpp"

using namespace mailsim::client;
using namespace mailsim::client::imap;

namespace {

int fail(const Failure& failure) {
  std::cerr << describe(failure) << "\n";
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 5) {
    std::cerr << "usage: bench_imap_client HOST PORT USER PASSWORD\n";
    return 2;
  }
  ImapClientOptions options;
  options.host = argv[1];
  options.port = static_cast<std::uint16_t>(std::stoi(argv[2]));
  options.credentials = mailsim::sasl::ClientCredentials{.user = argv[3], .password = argv[4]};
  const auto start = std::chrono::steady_clock::now();
  ImapClient client(options);
  if (auto failure = client.open()) return fail(*failure);
  auto inbox = client.examine("INBOX");
  if (!inbox) return fail(inbox.failure());
  auto uids = client.search(SearchCriteria::all());
  if (!uids) return fail(uids.failure());
  auto fetched = client.fetch(uids.value(), FetchRequest{.flags = false, .sections = {SectionRequest{}}});
  if (!fetched) return fail(fetched.failure());
  client.logout();
  const std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - start;
  std::size_t bytes = 0;
  for (const auto& message : fetched.value())
    for (const auto& section : message.sections) bytes += section.data ? section.data->size() : 0;
  std::cerr << fetched.value().size() << " messages, " << bytes << " bytes\n";
  std::printf("%.1f\n", static_cast<double>(fetched.value().size()) / elapsed.count());
  return 0;
}
