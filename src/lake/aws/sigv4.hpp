// AWS Signature Version 4 over OpenSSL: signs an HttpRequest in place for one service and
// region. Checked against botocore's signer (tests/lake/sigv4_cases.json).
#pragma once

#include <string>

#include "lake/http.hpp"

namespace lakedev::lake::aws {

struct AwsCredentials {
  std::string access_key_id;
  std::string secret_access_key;
  std::string session_token;  // empty for long-term keys
  std::string source;         // where they came from, for messages ("environment", ...)
  bool Empty() const { return access_key_id.empty(); }
};

struct SigningScope {
  std::string region;
  std::string service;  // "glue", "sts", "s3"
};

// Adds Host (when absent), X-Amz-Date, X-Amz-Security-Token (with a session token),
// X-Amz-Content-Sha256 (s3 only) and Authorization. `amz_date` is "YYYYMMDDTHHMMSSZ"; empty
// means now. Every header of the request is signed.
void SignV4(HttpRequest& request, const AwsCredentials& credentials, const SigningScope& scope,
            std::string amz_date = {});

// The steps, exposed for tests.
std::string CanonicalRequest(const HttpRequest& request, const SigningScope& scope);
std::string Sha256Hex(std::string_view data);

// UTC now as "YYYYMMDDTHHMMSSZ".
std::string AmzDateNow();

}  // namespace lakedev::lake::aws
