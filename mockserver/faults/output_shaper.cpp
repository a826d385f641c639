#include "mockserver/faults/output_shaper.hpp"

#include <algorithm>
#include <utility>

#include <fmt/format.h>

namespace mailsim::mock::faults {

void OutputShaper::arm(const IoFault& fault) {
  switch (fault.kind) {
    case IoFault::Kind::delay: delay_ += fault.duration; break;
    case IoFault::Kind::tarpit: tarpit_ = fault.duration; break;
    case IoFault::Kind::drop_mid_response: drop_at_ = fault.bytes; break;
    case IoFault::Kind::disconnect_after_bytes:
      budget_ = budget_ ? std::min(*budget_, fault.bytes) : fault.bytes;
      break;
    case IoFault::Kind::stall_tls_handshake: tls_stall_ = fault.duration; break;
    case IoFault::Kind::blackhole: silent_ = true; break;
    case IoFault::Kind::reset: reset_ = true; break;
  }
}

OutputShaper::Plan OutputShaper::plan(std::size_t size) {
  Plan plan;
  if (size == 0) return plan;
  std::vector<std::string> notes;
  std::size_t send = size;
  if (drop_at_) {
    send = *drop_at_ == 0 ? size / 2 : std::min(*drop_at_, size);
    plan.close = true;
    notes.push_back(fmt::format("dropped the connection after {} of {} bytes", send, size));
    drop_at_.reset();
  }
  if (budget_) {
    if (send >= *budget_) {
      send = *budget_;
      plan.close = true;
      notes.push_back(fmt::format("disconnected after the byte budget ({} of {} bytes sent)", send, size));
      budget_ = 0;
    } else {
      *budget_ -= send;
    }
  }
  if (send > 0) {
    if (tarpit_) {
      // A byte at a time, unless that would mean waits under a millisecond.
      std::size_t pieces = std::min({send, kMaxTarpitPieces, static_cast<std::size_t>(std::max<long long>(1, tarpit_->count()))});
      const std::size_t piece_size = (send + pieces - 1) / pieces;
      pieces = (send + piece_size - 1) / piece_size;
      const auto wait = *tarpit_ / static_cast<long long>(pieces);
      for (std::size_t sent = 0; sent < send; sent += piece_size)
        plan.pieces.push_back({wait, std::min(piece_size, send - sent)});
      notes.push_back(fmt::format("tarpit: {} bytes in {} pieces over {} ms", send, pieces, tarpit_->count()));
      tarpit_.reset();
    } else {
      plan.pieces.push_back({std::chrono::milliseconds(0), send});
    }
    if (delay_.count() > 0) {
      plan.pieces.front().wait += delay_;
      notes.insert(notes.begin(), fmt::format("output delayed {} ms", delay_.count()));
      delay_ = {};
    }
  }
  for (const auto& note : notes) plan.note += (plan.note.empty() ? "" : "; ") + note;
  return plan;
}

std::optional<std::chrono::milliseconds> OutputShaper::take_tls_stall() { return std::exchange(tls_stall_, std::nullopt); }

}  // namespace mailsim::mock::faults
