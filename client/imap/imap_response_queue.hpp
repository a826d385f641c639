#pragma once
// Responses kept for the caller (unsolicited updates, IDLE news), bounded in
// count and bytes: a server flooding untagged data drops the oldest entries
// rather than growing memory.
#include <cstddef>
#include <deque>
#include <vector>

#include "client/imap/imap_response.hpp"

namespace mailsim::client::imap {

class ResponseQueue {
 public:
  explicit ResponseQueue(std::size_t max_count = 10'000, std::size_t max_bytes = std::size_t{16} << 20)
      : max_count_(max_count), max_bytes_(max_bytes) {}

  // wire_size: the response's size as received (ParseResult::size).
  void push(Response response, std::size_t wire_size);
  // Everything queued, oldest first; the queue is left empty.
  std::vector<Response> take();
  std::size_t size() const { return entries_.size(); }
  std::size_t dropped() const { return dropped_; }

 private:
  struct Entry {
    Response response;
    std::size_t bytes;
  };
  std::deque<Entry> entries_;
  std::size_t bytes_ = 0;
  std::size_t dropped_ = 0;
  std::size_t max_count_;
  std::size_t max_bytes_;
};

}  // namespace mailsim::client::imap
