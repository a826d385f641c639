#pragma once
// Self-signed certificates made in memory for the fake server, so these unit
// tests need neither files nor the mock server's certificate authority.
#include <string>

namespace mailsim::client::smtp::test {

enum class CertificateFlavor {
  valid,       // localhost and 127.0.0.1, valid now
  expired,     // same names, validity ended yesterday
  wrong_host,  // valid now, only for "elsewhere.example"
};

struct TestCertificate {
  std::string certificate_pem;  // trust this (ClientTlsOptions::ca_pem) to accept it
  std::string private_key_pem;
};

TestCertificate make_test_certificate(CertificateFlavor flavor);

}  // namespace mailsim::client::smtp::test
