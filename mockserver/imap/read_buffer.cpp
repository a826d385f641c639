#include "mockserver/imap/read_buffer.hpp"

#include <algorithm>

namespace mailsim::mock {

std::span<char> ReadBuffer::space() {
  if (!data_) data_ = std::make_unique_for_overwrite<char[]>(size_);
  return {data_.get(), size_};
}

void ReadBuffer::filled(std::size_t n) {
  std::size_t next = size_;
  if (n == size_) next = std::min(size_ * 4, kLarge);
  if (n < kSmall) next = kSmall;
  if (next == size_) return;
  size_ = next;
  data_.reset();
}

}  // namespace mailsim::mock
