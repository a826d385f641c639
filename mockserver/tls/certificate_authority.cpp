#include "mockserver/tls/certificate_authority.hpp"

#include <openssl/bn.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <atomic>
#include <mutex>
#include <stdexcept>

namespace mailsim::mock {
namespace {

constexpr long kDay = 24 * 60 * 60;

struct KeyFree {
  void operator()(EVP_PKEY* k) const { EVP_PKEY_free(k); }
};
struct CertFree {
  void operator()(X509* c) const { X509_free(c); }
};
using Key = std::unique_ptr<EVP_PKEY, KeyFree>;
using Cert = std::unique_ptr<X509, CertFree>;

void check(bool ok, const char* what) {
  if (!ok) throw std::runtime_error(std::string("certificate authority: ") + what + " failed");
}

Key make_key() {
  // P-256 keys take microseconds to make; RSA-2048 would take tens of ms.
  Key key(EVP_EC_gen("P-256"));
  check(key != nullptr, "key generation");
  return key;
}

std::string key_pem(EVP_PKEY* key) {
  BIO* bio = BIO_new(BIO_s_mem());
  PEM_write_bio_PrivateKey(bio, key, nullptr, nullptr, 0, nullptr, nullptr);
  char* data = nullptr;
  const long size = BIO_get_mem_data(bio, &data);
  std::string out(data, static_cast<std::size_t>(size));
  BIO_free(bio);
  return out;
}

std::string cert_pem(X509* cert) {
  BIO* bio = BIO_new(BIO_s_mem());
  PEM_write_bio_X509(bio, cert);
  char* data = nullptr;
  const long size = BIO_get_mem_data(bio, &data);
  std::string out(data, static_cast<std::size_t>(size));
  BIO_free(bio);
  return out;
}

void add_extension(X509* cert, X509* issuer, int nid, const std::string& value) {
  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, issuer, cert, nullptr, nullptr, 0);
  X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value.c_str());
  check(ext != nullptr, "extension");
  X509_add_ext(cert, ext, -1);
  X509_EXTENSION_free(ext);
}

void set_name(X509_NAME* name, const std::string& common_name) {
  X509_NAME_add_entry_by_txt(name, "O", MBSTRING_UTF8, reinterpret_cast<const unsigned char*>("mailsim"), -1, -1, 0);
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8, reinterpret_cast<const unsigned char*>(common_name.c_str()),
                             -1, -1, 0);
}

void set_serial(X509* cert) {
  unsigned char bytes[16];
  RAND_bytes(bytes, sizeof bytes);
  bytes[0] &= 0x7f;  // positive
  BIGNUM* bn = BN_bin2bn(bytes, sizeof bytes, nullptr);
  BN_to_ASN1_INTEGER(bn, X509_get_serialNumber(cert));
  BN_free(bn);
}

// Validity relative to now, in seconds.
Cert new_certificate(EVP_PKEY* subject_key, const std::string& common_name, long not_before, long not_after) {
  Cert cert(X509_new());
  X509_set_version(cert.get(), 2);
  set_serial(cert.get());
  X509_gmtime_adj(X509_getm_notBefore(cert.get()), not_before);
  X509_gmtime_adj(X509_getm_notAfter(cert.get()), not_after);
  X509_set_pubkey(cert.get(), subject_key);
  set_name(X509_get_subject_name(cert.get()), common_name);
  return cert;
}

std::string subject_alt_names(const std::vector<std::string>& hosts) {
  std::string out;
  for (const auto& host : hosts) {
    if (!out.empty()) out += ',';
    const bool is_ip = host.find_first_not_of("0123456789.") == std::string::npos ||
                       host.find(':') != std::string::npos;
    out += (is_ip ? "IP:" : "DNS:") + host;
  }
  return out;
}

}  // namespace

struct CertificateAuthority::Impl {
  Key key;
  Cert cert;
  std::string pem;
};

CertificateAuthority::CertificateAuthority(std::string common_name) : impl_(std::make_unique<Impl>()) {
  impl_->key = make_key();
  impl_->cert = new_certificate(impl_->key.get(), common_name, -kDay, 3650 * kDay);
  X509* cert = impl_->cert.get();
  X509_set_issuer_name(cert, X509_get_subject_name(cert));
  add_extension(cert, cert, NID_basic_constraints, "critical,CA:TRUE");
  add_extension(cert, cert, NID_key_usage, "critical,keyCertSign,cRLSign");
  add_extension(cert, cert, NID_subject_key_identifier, "hash");
  check(X509_sign(cert, impl_->key.get(), EVP_sha256()) > 0, "CA signing");
  impl_->pem = cert_pem(cert);
}

CertificateAuthority::~CertificateAuthority() = default;

const std::string& CertificateAuthority::ca_certificate_pem() const { return impl_->pem; }

IssuedCertificate CertificateAuthority::issue(CertificateKind kind, const std::vector<std::string>& hosts) const {
  Key key = make_key();
  long not_before = -kDay;
  long not_after = 365 * kDay;
  std::vector<std::string> names = hosts;
  if (kind == CertificateKind::expired) {
    not_before = -30 * kDay;
    not_after = -kDay;
  } else if (kind == CertificateKind::not_yet_valid) {
    not_before = kDay;
    not_after = 30 * kDay;
  } else if (kind == CertificateKind::wrong_host) {
    names = {"wrong.host.invalid"};
  }
  if (names.empty()) names = {"localhost"};
  Cert cert = new_certificate(key.get(), names.front(), not_before, not_after);
  const bool self_signed = kind == CertificateKind::self_signed;
  X509* issuer = self_signed ? cert.get() : impl_->cert.get();
  X509_set_issuer_name(cert.get(), X509_get_subject_name(issuer));
  add_extension(cert.get(), issuer, NID_basic_constraints, "critical,CA:FALSE");
  add_extension(cert.get(), issuer, NID_key_usage, "critical,digitalSignature,keyEncipherment");
  add_extension(cert.get(), issuer, NID_ext_key_usage, "serverAuth");
  add_extension(cert.get(), issuer, NID_subject_alt_name, subject_alt_names(names));
  if (!self_signed) add_extension(cert.get(), issuer, NID_authority_key_identifier, "keyid:always");
  check(X509_sign(cert.get(), self_signed ? key.get() : impl_->key.get(), EVP_sha256()) > 0, "leaf signing");

  IssuedCertificate out;
  out.certificate_pem = cert_pem(cert.get());
  out.private_key_pem = key_pem(key.get());
  out.chain_pem = out.certificate_pem + (self_signed ? std::string() : impl_->pem);
  return out;
}

std::shared_ptr<const CertificateAuthority> default_certificate_authority() {
  static std::once_flag once;
  static std::shared_ptr<const CertificateAuthority> authority;
  std::call_once(once, [] { authority = std::make_shared<const CertificateAuthority>(); });
  return authority;
}

}  // namespace mailsim::mock
