#include "mockserver/imap/read_buffer.hpp"

#include <gtest/gtest.h>

namespace mailsim::mock {
namespace {

TEST(MockImapReadBuffer, StartsSmall) {
  ReadBuffer b;
  EXPECT_EQ(b.space().size(), ReadBuffer::kSmall);
  EXPECT_NE(b.space().data(), nullptr);
}

TEST(MockImapReadBuffer, GrowsWhileReadsFillItUpToTheLargeSize) {
  ReadBuffer b;
  std::size_t size = b.space().size();
  while (size < ReadBuffer::kLarge) {
    b.filled(size);
    ASSERT_GT(b.space().size(), size);
    size = b.space().size();
  }
  EXPECT_EQ(size, ReadBuffer::kLarge);
  b.filled(size);
  EXPECT_EQ(b.space().size(), ReadBuffer::kLarge) << "never beyond the large size";
}

TEST(MockImapReadBuffer, ShortReadGoesBackToSmall) {
  ReadBuffer b;
  b.filled(b.space().size());
  b.filled(b.space().size());
  ASSERT_GT(b.size(), ReadBuffer::kSmall);
  b.filled(ReadBuffer::kSmall * 2);
  EXPECT_GT(b.size(), ReadBuffer::kSmall) << "a read of more than the small size keeps it";
  b.filled(6);  // "DONE\r\n"
  EXPECT_EQ(b.space().size(), ReadBuffer::kSmall);
}

TEST(MockImapReadBuffer, EndOfStreamKeepsItSmall) {
  ReadBuffer b;
  b.filled(0);
  EXPECT_EQ(b.space().size(), ReadBuffer::kSmall);
}

}  // namespace
}  // namespace mailsim::mock
