#include "client/imap/imap_response_queue.hpp"

#include <iterator>

namespace mailsim::client::imap {

void ResponseQueue::push(Response response, std::size_t wire_size) {
  entries_.push_back({std::move(response), wire_size});
  bytes_ += wire_size;
  // The newest entry always stays, even alone over the byte bound.
  while (entries_.size() > 1 && (entries_.size() > max_count_ || bytes_ > max_bytes_)) {
    bytes_ -= entries_.front().bytes;
    entries_.pop_front();
    ++dropped_;
  }
}

std::vector<Response> ResponseQueue::take() {
  std::vector<Response> out;
  out.reserve(entries_.size());
  for (auto& entry : entries_) out.push_back(std::move(entry.response));
  entries_.clear();
  bytes_ = 0;
  return out;
}

}  // namespace mailsim::client::imap
