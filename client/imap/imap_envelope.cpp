#include "client/imap/imap_envelope.hpp"

namespace mailsim::client::imap {

std::string Address::email() const {
  std::string out = mailbox.value_or("");
  if (host && !host->empty()) {
    if (!out.empty()) out += '@';
    out += *host;
  }
  return out;
}

std::vector<Address> flatten(const AddressList& list) {
  std::vector<Address> out;
  for (const auto& entry : list) {
    if (const auto* address = std::get_if<Address>(&entry)) {
      out.push_back(*address);
    } else {
      const auto& group = std::get<AddressGroup>(entry);
      out.insert(out.end(), group.members.begin(), group.members.end());
    }
  }
  return out;
}

}  // namespace mailsim::client::imap
