// JWT access tokens checked the way a resource server would: with the
// public key rebuilt from the JWKS alone, by plain OpenSSL.
#include "oauthmock/jwt.hpp"

#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>

#include <set>
#include <thread>
#include <vector>

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

// ES256 verification with a P-256 key made from the JWK's x and y. The JWS
// signature is R || S (RFC 7518 3.4); OpenSSL verifies DER, so it is
// re-encoded here, and anything but 64 bytes is refused.
bool verify_es256(const nlohmann::json& jwk, const std::string& data, const std::string& signature) {
  if (signature.size() != 64) return false;
  const auto x = base64url_decode(jwk["x"].get<std::string>());
  const auto y = base64url_decode(jwk["y"].get<std::string>());
  if (!x || !y || x->size() != 32 || y->size() != 32) return false;
  const std::string point = "\x04" + *x + *y;  // SEC 1 uncompressed point
  OSSL_PARAM_BLD* build = OSSL_PARAM_BLD_new();
  OSSL_PARAM_BLD_push_utf8_string(build, OSSL_PKEY_PARAM_GROUP_NAME, "P-256", 0);
  OSSL_PARAM_BLD_push_octet_string(build, OSSL_PKEY_PARAM_PUB_KEY, point.data(), point.size());
  OSSL_PARAM* params = OSSL_PARAM_BLD_to_param(build);
  EVP_PKEY_CTX* from = EVP_PKEY_CTX_new_from_name(nullptr, "EC", nullptr);
  EVP_PKEY* key = nullptr;
  bool ok = EVP_PKEY_fromdata_init(from) == 1 && EVP_PKEY_fromdata(from, &key, EVP_PKEY_PUBLIC_KEY, params) == 1;
  ECDSA_SIG* sig = ECDSA_SIG_new();
  const auto* rs = reinterpret_cast<const unsigned char*>(signature.data());
  ECDSA_SIG_set0(sig, BN_bin2bn(rs, 32, nullptr), BN_bin2bn(rs + 32, 32, nullptr));
  unsigned char* der = nullptr;
  const int der_size = i2d_ECDSA_SIG(sig, &der);
  if (ok && der_size > 0) {
    EVP_MD_CTX* md = EVP_MD_CTX_new();
    ok = EVP_DigestVerifyInit(md, nullptr, EVP_sha256(), nullptr, key) == 1 &&
         EVP_DigestVerify(md, der, static_cast<std::size_t>(der_size),
                          reinterpret_cast<const unsigned char*>(data.data()), data.size()) == 1;
    EVP_MD_CTX_free(md);
  } else {
    ok = false;
  }
  OPENSSL_free(der);
  ECDSA_SIG_free(sig);
  EVP_PKEY_free(key);
  EVP_PKEY_CTX_free(from);
  OSSL_PARAM_free(params);
  OSSL_PARAM_BLD_free(build);
  return ok;
}

std::string sha256_base64url(const std::string& text) {
  unsigned char digest[32];
  unsigned int size = 0;
  EVP_Digest(text.data(), text.size(), digest, &size, EVP_sha256(), nullptr);
  return base64url_encode(std::string_view(reinterpret_cast<const char*>(digest), size));
}

// The same token with the last character of its signature changed.
std::string with_altered_signature(std::string token) {
  token.back() = token.back() == 'A' ? 'B' : 'A';
  return token;
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

TEST_F(JwtTest, TheCoresOwnCheckWantsTheWholeSignedToken) {
  const auto access = tokens_for()["access_token"].get<std::string>();
  EXPECT_TRUE(server_->validate_access_token(access, "alice@example.com", "mail").valid());
  const auto forged = with_altered_signature(access);
  EXPECT_EQ(server_->validate_access_token(forged, "alice@example.com", "mail").status, TokenStatus::unknown);
  const auto signing_input = access.substr(0, access.rfind('.'));
  EXPECT_EQ(server_->validate_access_token(signing_input, "", "").status, TokenStatus::unknown);
  EXPECT_EQ(server_->validate_access_token(signing_input + ".", "", "").status, TokenStatus::unknown);
  const auto introspected = server_->introspect(
      OAuthRequest{{{"token", forged}}, basic_authorization(kClientId, kSecret)});
  EXPECT_EQ(json(introspected)["active"], false);
  EXPECT_FALSE(server_->revoke_token(forged));
  EXPECT_TRUE(server_->validate_access_token(access, "alice@example.com", "mail").valid());
}

TEST_F(JwtTest, RefreshingGivesANewSignedToken) {
  const auto first = tokens_for();
  const auto response = refresh(first["refresh_token"].get<std::string>());
  ASSERT_EQ(response.status, 200) << response.body;
  const auto access = json(response)["access_token"].get<std::string>();
  const auto jwt = split_jwt(access);
  ASSERT_TRUE(jwt) << access;
  EXPECT_NE(access, first["access_token"].get<std::string>());
  EXPECT_TRUE(verify_rs256(json(server_->jwks())["keys"][0], jwt->signing_input, jwt->signature));
  EXPECT_TRUE(server_->validate_access_token(access, "alice@example.com", "mail").valid());
}

TEST_F(JwtTest, AnErrorAnswerCarriesNoToken) {
  const auto response = token({{"grant_type", "client_credentials"}, {"scope", "admin"}});
  expect_error(response, 400, "invalid_scope");
  EXPECT_FALSE(json(response).contains("access_token"));
  EXPECT_TRUE(server_->issued_tokens().empty());
}

TEST_F(JwtTest, IssueTokensSignsTheAccessToken) {
  const auto set = server_->issue_tokens(kClientId, "carol@example.com", "mail");
  const auto jwt = split_jwt(set.access_token);
  ASSERT_TRUE(jwt) << set.access_token;
  EXPECT_EQ(jwt->claims["sub"], "carol@example.com");
  EXPECT_TRUE(verify_rs256(json(server_->jwks())["keys"][0], jwt->signing_input, jwt->signature));
  EXPECT_TRUE(server_->validate_access_token(set.access_token, "carol@example.com", "mail").valid());
  const auto listed = server_->issued_tokens();
  ASSERT_FALSE(listed.empty());
  EXPECT_EQ(listed.front().value, set.access_token);
}

class Es256Test : public OAuthCoreTest {
 protected:
  void SetUp() override {
    OAuthCoreTest::SetUp();
    auto client = confidential_client();
    client.token_format = TokenFormat::jwt;
    client.jwt_algorithm = JwsAlgorithm::es256;
    server_->add_client(client);
  }

  std::string client_credentials_token() {
    const auto response = token({{"grant_type", "client_credentials"}});
    EXPECT_EQ(response.status, 200) << response.body;
    return json(response).value("access_token", "");
  }
};

TEST_F(Es256Test, AccessTokensVerifyWithTheEcJwk) {
  const auto access = tokens_for()["access_token"].get<std::string>();
  const auto jwt = split_jwt(access);
  ASSERT_TRUE(jwt) << access;
  const auto jwks = json(server_->jwks());
  ASSERT_EQ(jwks["keys"].size(), 1u) << jwks.dump();
  const auto& jwk = jwks["keys"][0];
  EXPECT_EQ(jwk["kty"], "EC");
  EXPECT_EQ(jwk["crv"], "P-256");
  EXPECT_EQ(jwk["alg"], "ES256");
  EXPECT_EQ(jwk["use"], "sig");
  EXPECT_FALSE(jwk.contains("n"));
  EXPECT_FALSE(jwk.contains("d"));  // never the private key
  EXPECT_EQ(base64url_decode(jwk["x"].get<std::string>())->size(), 32u);
  EXPECT_EQ(base64url_decode(jwk["y"].get<std::string>())->size(), 32u);
  EXPECT_EQ(jwt->header["alg"], "ES256");
  EXPECT_EQ(jwt->header["typ"], "at+jwt");
  EXPECT_EQ(jwt->header["kid"], jwk["kid"]);
  EXPECT_EQ(jwt->claims["sub"], "alice@example.com");
  EXPECT_EQ(jwt->signature.size(), 64u);  // R || S, not DER
  EXPECT_TRUE(verify_es256(jwk, jwt->signing_input, jwt->signature));
}

TEST_F(Es256Test, ATamperedTokenDoesNotVerify) {
  const auto jwt = split_jwt(client_credentials_token());
  ASSERT_TRUE(jwt);
  const auto jwk = json(server_->jwks())["keys"][0];
  ASSERT_TRUE(verify_es256(jwk, jwt->signing_input, jwt->signature));
  auto claims = jwt->claims;
  claims["scope"] = "mail admin";
  const std::string forged =
      jwt->signing_input.substr(0, jwt->signing_input.find('.') + 1) + base64url_encode(claims.dump());
  EXPECT_FALSE(verify_es256(jwk, forged, jwt->signature));
  auto signature = jwt->signature;
  signature[40] = static_cast<char>(signature[40] ^ 1);
  EXPECT_FALSE(verify_es256(jwk, jwt->signing_input, signature));
}

TEST_F(Es256Test, SignaturesDifferEachTimeAndAllVerify) {
  // ECDSA signs with a fresh nonce: two tokens never share R.
  const auto jwk = json(server_->jwks())["keys"][0];
  const auto a = split_jwt(client_credentials_token());
  const auto b = split_jwt(client_credentials_token());
  ASSERT_TRUE(a && b);
  EXPECT_NE(a->signature.substr(0, 32), b->signature.substr(0, 32));
  EXPECT_TRUE(verify_es256(jwk, a->signing_input, a->signature));
  EXPECT_TRUE(verify_es256(jwk, b->signing_input, b->signature));
}

TEST_F(Es256Test, TheCoresOwnCheckAndIntrospectionAcceptThemAndNotForgeries) {
  const auto access = client_credentials_token();
  const auto check = server_->validate_access_token(access, kClientId, "mail");
  EXPECT_TRUE(check.valid());
  EXPECT_EQ(check.client_id, kClientId);
  const auto forged = with_altered_signature(access);
  EXPECT_EQ(server_->validate_access_token(forged, kClientId, "mail").status, TokenStatus::unknown);
  const auto introspect = [&](const std::string& value) {
    return json(server_->introspect(OAuthRequest{{{"token", value}}, basic_authorization(kClientId, kSecret)}));
  };
  EXPECT_EQ(introspect(access)["active"], true);
  EXPECT_EQ(introspect(forged)["active"], false);
  EXPECT_TRUE(server_->revoke_token(access));
  EXPECT_EQ(server_->validate_access_token(access, kClientId, "mail").status, TokenStatus::revoked);
}

TEST_F(Es256Test, JwksListsTheKeyOfEveryAlgorithmInUse) {
  auto rsa_client = confidential_client();
  rsa_client.id = "rsa-app";
  rsa_client.token_format = TokenFormat::jwt;
  server_->add_client(rsa_client);
  const auto keys = json(server_->jwks())["keys"];
  ASSERT_EQ(keys.size(), 2u) << keys.dump();
  EXPECT_EQ(keys[0]["kty"], "RSA");
  EXPECT_EQ(keys[1]["kty"], "EC");
  EXPECT_NE(keys[0]["kid"], keys[1]["kid"]);
}

TEST_F(Es256Test, ConcurrentRequestsEachGetTheirOwnValidToken) {
  constexpr int kThreads = 4;
  constexpr int kEach = 25;
  std::vector<std::vector<std::string>> tokens(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kEach; ++i) {
        const auto response = server_->token(OAuthRequest{{{"grant_type", "client_credentials"}}, basic()});
        tokens[static_cast<std::size_t>(t)].push_back(json(response).value("access_token", ""));
      }
    });
  }
  for (auto& thread : threads) thread.join();
  const auto jwk = json(server_->jwks())["keys"][0];
  std::set<std::string> distinct;
  for (const auto& list : tokens) {
    for (const auto& value : list) {
      const auto jwt = split_jwt(value);
      ASSERT_TRUE(jwt) << value;
      EXPECT_TRUE(verify_es256(jwk, jwt->signing_input, jwt->signature));
      EXPECT_TRUE(server_->validate_access_token(value, kClientId, "mail").valid());
      distinct.insert(value);
    }
  }
  EXPECT_EQ(distinct.size(), static_cast<std::size_t>(kThreads * kEach));
  const auto listed = server_->issued_tokens();
  ASSERT_EQ(listed.size(), distinct.size());
  for (const auto& token : listed) EXPECT_EQ(distinct.count(token.value), 1u);
}

TEST(SigningKey, IsSharedAcrossServersAndItsKidIsTheRfc7638Thumbprint) {
  const auto key = SigningKey::shared(JwsAlgorithm::rs256);
  EXPECT_EQ(key, SigningKey::shared(JwsAlgorithm::rs256));
  const auto jwk = key->public_jwk();
  const std::string canonical =
      R"({"e":")" + jwk["e"].get<std::string>() + R"(","kty":"RSA","n":")" + jwk["n"].get<std::string>() + R"("})";
  EXPECT_EQ(jwk["kid"], sha256_base64url(canonical));
  EXPECT_EQ(jwks_document({key.get()})["keys"][0], jwk);
}

TEST(SigningKey, TheEcKidIsTheRfc7638ThumbprintToo) {
  const auto key = SigningKey::shared(JwsAlgorithm::es256);
  EXPECT_EQ(key, SigningKey::shared(JwsAlgorithm::es256));
  EXPECT_NE(key, SigningKey::shared(JwsAlgorithm::rs256));
  EXPECT_EQ(key->algorithm(), JwsAlgorithm::es256);
  const auto jwk = key->public_jwk();
  const std::string canonical = R"({"crv":"P-256","kty":"EC","x":")" + jwk["x"].get<std::string>() + R"(","y":")" +
                                jwk["y"].get<std::string>() + R"("})";
  EXPECT_EQ(jwk["kid"], sha256_base64url(canonical));
}

TEST(SigningKey, Es256SignaturesAreRAndSOf32BytesEach) {
  // Many signatures, so that some R or S has leading zero bytes (about 1 in
  // 128 per value) and must still be padded to 32 bytes.
  const SigningKey key(JwsAlgorithm::es256);
  for (int i = 0; i < 300; ++i) {
    const std::string data = "payload " + std::to_string(i);
    const auto signature = key.sign(data);
    ASSERT_EQ(signature.size(), 64u);
    ASSERT_TRUE(verify_es256(key.public_jwk(), data, signature)) << i;
  }
}

}  // namespace
}  // namespace mailsim::oauth::test
