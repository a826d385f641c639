#pragma once
// Grammar of FETCH data (RFC 3501 sections 7.4.2 and 9): ENVELOPE,
// BODY/BODYSTRUCTURE and the FETCH attribute list, over a Tokenizer.
// Lenient where real servers deviate (extra spaces, NIL where a string is
// due), strict where leniency would misread the structure.
#include <cstdint>

#include "client/imap/imap_response.hpp"
#include "client/imap/imap_tokenizer.hpp"

namespace mailsim::client::imap {

Envelope parse_envelope(Tokenizer& t);
BodyStructure parse_body_structure(Tokenizer& t);
// The parenthesised attribute list after "* n FETCH ".
FetchData parse_fetch_attributes(Tokenizer& t, std::uint32_t sequence);

}  // namespace mailsim::client::imap
