#pragma once
// An in-memory certificate authority made at start-up (EC P-256, so it takes
// well under a millisecond): leaf certificates for the mock listeners, and on
// request deliberately bad ones.
#include <memory>
#include <string>
#include <vector>

namespace mailsim::mock {

enum class CertificateKind {
  valid,          // issued by this CA for the requested hosts, valid now
  expired,        // validity ended yesterday
  not_yet_valid,  // validity starts tomorrow
  wrong_host,     // valid, but for wrong.host.invalid only
  self_signed,    // not issued by this CA
};

struct IssuedCertificate {
  std::string certificate_pem;
  std::string private_key_pem;
  std::string chain_pem;  // certificate followed by the issuing CA (if any)
};

class CertificateAuthority {
 public:
  explicit CertificateAuthority(std::string common_name = "mailsim test CA");
  ~CertificateAuthority();
  CertificateAuthority(const CertificateAuthority&) = delete;
  CertificateAuthority& operator=(const CertificateAuthority&) = delete;

  const std::string& ca_certificate_pem() const;
  // hosts are DNS names or IP addresses, put in subjectAltName.
  IssuedCertificate issue(CertificateKind kind,
                          const std::vector<std::string>& hosts = {"localhost", "127.0.0.1"}) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// One CA per process, made on first use; servers use it unless given another.
std::shared_ptr<const CertificateAuthority> default_certificate_authority();

}  // namespace mailsim::mock
