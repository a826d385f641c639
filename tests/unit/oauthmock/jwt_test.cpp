// JWT access tokens checked the way a resource server would: with the
// public key rebuilt from the JWKS alone.
#include "oauthmock/jwt.hpp"

#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>

#include "oauth_test_support.hpp"
#include "oauthmock/base64url.hpp"
#include "oauthmock/signing_key.hpp"

namespace mailsim::oauth::test {
namespace {

struct Jwt {
  nlohmann::json header;
  nlohmann::json claims;
  std::string signing_input;
  std::string signature;
};

std::optional<Jwt> split_jwt(const std::string& token) {
  const auto first = token.find('.');
  const auto second = token.find('.', first + 1);
  if (first == std::string::npos || second == std::string::npos) return std::nullopt;
  const auto header = base64url_decode(std::string_view(token).substr(0, first));
  const auto claims = base64url_decode(std::string_view(token).substr(first + 1, second - first - 1));
  const auto signature = base64url_decode(std::string_view(token).substr(second + 1));
  if (!header || !claims || !signature) return std::nullopt;
  return Jwt{nlohmann::json::parse(*header), nlohmann::json::parse(*claims), token.substr(0, second), *signature};
}

// RS256 verification with an RSA key made from the JWK's n and e.
bool verify_rs256(const nlohmann::json& jwk, const std::string& data, const std::string& signature) {
  const auto n = base64url_decode(jwk["n"].get<std::string>());
  const auto e = base64url_decode(jwk["e"].get<std::string>());
  if (!n || !e) return false;
  BIGNUM* bn_n = BN_bin2bn(reinterpret_cast<const unsigned char*>(n->data()), static_cast<int>(n->size()), nullptr);
  BIGNUM* bn_e = BN_bin2bn(reinterpret_cast<const unsigned char*>(e->data()), static_cast<int>(e->size()), nullptr);
  OSSL_PARAM_BLD* build = OSSL_PARAM_BLD_new();
  OSSL_PARAM_BLD_push_BN(build, OSSL_PKEY_PARAM_RSA_N, bn_n);
  OSSL_PARAM_BLD_push_BN(build, OSSL_PKEY_PARAM_RSA_E, bn_e);
  OSSL_PARAM* params = OSSL_PARAM_BLD_to_param(build);
  EVP_PKEY_CTX* from = EVP_PKEY_CTX_new_from_name(nullptr, "RSA", nullptr);
  EVP_PKEY* key = nullptr;
  bool ok = EVP_PKEY_fromdata_init(from) == 1 && EVP_PKEY_fromdata(from, &key, EVP_PKEY_PUBLIC_KEY, params) == 1;
  if (ok) {
    EVP_MD_CTX* md = EVP_MD_CTX_new();
    ok = EVP_DigestVerifyInit(md, nullptr, EVP_sha256(), nullptr, key) == 1 &&
         EVP_DigestVerify(md, reinterpret_cast<const unsigned char*>(signature.data()), signature.size(),
                          reinterpret_cast<const unsigned char*>(data.data()), data.size()) == 1;
    EVP_MD_CTX_free(md);
  }
  EVP_PKEY_free(key);
  EVP_PKEY_CTX_free(from);
  OSSL_PARAM_free(params);
  OSSL_PARAM_BLD_free(build);
  BN_free(bn_n);
  BN_free(bn_e);
  return ok;
}

class JwtTest : public OAuthCoreTest {
 protected:
  void SetUp() override {
    OAuthCoreTest::SetUp();
    auto client = confidential_client();
    client.token_format = TokenFormat::jwt;
    server_->add_client(client);
  }
};

TEST_F(JwtTest, AccessTokensVerifyWithTheJwksKey) {
  const auto access = tokens_for()["access_token"].get<std::string>();
  const auto jwt = split_jwt(access);
  ASSERT_TRUE(jwt) << access;
  const auto jwks = json(server_->jwks());
  ASSERT_EQ(jwks["keys"].size(), 1u);
  const auto& jwk = jwks["keys"][0];
  EXPECT_EQ(jwk["kty"], "RSA");
  EXPECT_EQ(jwk["alg"], "RS256");
  EXPECT_EQ(jwk["use"], "sig");
  EXPECT_EQ(jwt->header["alg"], "RS256");
  EXPECT_EQ(jwt->header["typ"], "at+jwt");
  EXPECT_EQ(jwt->header["kid"], jwk["kid"]);
  EXPECT_EQ(jwk["e"], "AQAB");
  EXPECT_EQ(base64url_decode(jwk["n"].get<std::string>())->size(), 256u);
  EXPECT_TRUE(verify_rs256(jwk, jwt->signing_input, jwt->signature));
}

TEST_F(JwtTest, ATamperedTokenDoesNotVerify) {
  const auto jwt = split_jwt(tokens_for()["access_token"].get<std::string>());
  ASSERT_TRUE(jwt);
  const auto jwk = json(server_->jwks())["keys"][0];
  auto claims = jwt->claims;
  claims["sub"] = "mallory@example.com";
  const std::string forged =
      jwt->signing_input.substr(0, jwt->signing_input.find('.') + 1) + base64url_encode(claims.dump());
  EXPECT_FALSE(verify_rs256(jwk, forged, jwt->signature));
  auto signature = jwt->signature;
  signature[10] = static_cast<char>(signature[10] ^ 1);
  EXPECT_FALSE(verify_rs256(jwk, jwt->signing_input, signature));
}

TEST_F(JwtTest, ClaimsNameIssuerSubjectAudienceTimesScopeClientAndId) {
  const auto jwt = split_jwt(tokens_for()["access_token"].get<std::string>());
  ASSERT_TRUE(jwt);
  const auto now = std::chrono::duration_cast<std::chrono::seconds>(clock_->now().time_since_epoch()).count();
  const auto& c = jwt->claims;
  EXPECT_EQ(c["iss"], kIssuer);
  EXPECT_EQ(c["sub"], "alice@example.com");
  EXPECT_EQ(c["aud"], "mailsim");
  EXPECT_EQ(c["iat"], now);
  EXPECT_EQ(c["exp"], now + 3600);
  EXPECT_EQ(c["scope"], "mail offline_access");
  EXPECT_EQ(c["client_id"], kClientId);
  EXPECT_EQ(c["jti"], server_->issued_tokens().front().id);
}

TEST_F(JwtTest, OpaqueTokensAreNotJwts) {
  auto client = confidential_client();
  client.token_format = TokenFormat::opaque;
  server_->add_client(client);
  const auto access = tokens_for()["access_token"].get<std::string>();
  EXPECT_EQ(access.size(), 43u);
  EXPECT_EQ(access.find('.'), std::string::npos);
  EXPECT_EQ(base64url_decode(access)->size(), 32u);
}

TEST(SigningKey, IsSharedAcrossServersAndItsKidIsTheRfc7638Thumbprint) {
  const auto key = SigningKey::shared();
  EXPECT_EQ(key, SigningKey::shared());
  const auto jwk = key->public_jwk();
  const std::string canonical =
      R"({"e":")" + jwk["e"].get<std::string>() + R"(","kty":"RSA","n":")" + jwk["n"].get<std::string>() + R"("})";
  unsigned char digest[32];
  unsigned int size = 0;
  EVP_Digest(canonical.data(), canonical.size(), digest, &size, EVP_sha256(), nullptr);
  EXPECT_EQ(jwk["kid"], base64url_encode(std::string_view(reinterpret_cast<const char*>(digest), size)));
  EXPECT_EQ(jwks_document(*key)["keys"][0], jwk);
}

}  // namespace
}  // namespace mailsim::oauth::test
