#pragma once
// ENVELOPE, BODY and BODYSTRUCTURE values (RFC 3501 section 7.4.2) written
// from a parsed message the way Dovecot writes them, defaults included
// (e.g. ("charset" "us-ascii") for text parts without parameters).
#include <string>

#include "common/mime/envelope.hpp"
#include "common/mime/message_parser.hpp"

namespace mailsim::mock::imap {

// "(date subject (from) (sender) ... message-id)" including the parens.
void append_envelope(std::string& out, const mime::Envelope& envelope);
// The BODY (extended=false) or BODYSTRUCTURE (extended=true) value of an
// entity, including the outer parens.
void append_body_structure(std::string& out, const mime::Entity& entity, bool extended);

}  // namespace mailsim::mock::imap
