#include "lake/aws/sigv4.hpp"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <algorithm>
#include <chrono>
#include <ctime>
#include <map>

namespace lakedev::lake::aws {

namespace {

std::string Hmac(std::string_view key, std::string_view data) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(data.data()), data.size(), out, &len);
  return std::string(reinterpret_cast<char*>(out), len);
}

std::string Decode(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() && std::isxdigit(static_cast<unsigned char>(s[i + 1])) &&
        std::isxdigit(static_cast<unsigned char>(s[i + 2]))) {
      out += static_cast<char>(std::stoi(std::string(s.substr(i + 1, 2)), nullptr, 16));
      i += 2;
    } else if (s[i] == '+') {
      out += ' ';  // form encoding, as botocore parses query strings
    } else {
      out += s[i];
    }
  }
  return out;
}

// The path: S3 signs it encoded once as given; other services normalize it and encode
// the (already encoded) path once more.
std::string CanonicalUri(const std::string& path, const std::string& service) {
  if (service == "s3") return PercentEncode(Decode(path), true);
  std::vector<std::string> parts;
  size_t start = 1;
  while (start <= path.size()) {
    size_t end = path.find('/', start);
    if (end == std::string::npos) end = path.size();
    std::string seg = path.substr(start, end - start);
    if (seg == "..") {
      if (!parts.empty()) parts.pop_back();
    } else if (!seg.empty() && seg != ".") {
      parts.push_back(seg);
    }
    start = end + 1;
  }
  std::string normalized;
  for (const auto& p : parts)
    normalized += "/" + p;
  if (normalized.empty() || (path.size() > 1 && path.back() == '/')) normalized += "/";
  return PercentEncode(normalized, true);
}

std::string CanonicalQuery(const std::string& query) {
  std::vector<std::pair<std::string, std::string>> pairs;
  size_t start = 0;
  while (start < query.size()) {
    size_t end = query.find('&', start);
    if (end == std::string::npos) end = query.size();
    std::string_view item(query.data() + start, end - start);
    if (!item.empty()) {
      size_t eq = item.find('=');
      std::string k(item.substr(0, eq));
      std::string v(eq == std::string_view::npos ? "" : item.substr(eq + 1));
      pairs.emplace_back(PercentEncode(Decode(k)), PercentEncode(Decode(v)));
    }
    start = end + 1;
  }
  std::sort(pairs.begin(), pairs.end());
  std::string out;
  for (const auto& [k, v] : pairs)
    out += (out.empty() ? "" : "&") + k + "=" + v;
  return out;
}

std::string TrimValue(const std::string& v) {
  std::string out;
  bool space = false;
  for (char c : v) {
    if (c == ' ' || c == '\t') {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += c;
  }
  return out;
}

std::map<std::string, std::string> SignedHeaderMap(const HttpRequest& r) {
  std::map<std::string, std::string> out;
  for (const auto& [k, v] : r.headers) {
    std::string name = k;
    std::transform(name.begin(), name.end(), name.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (name == "authorization" || name == "user-agent" || name == "expect") continue;
    std::string value = TrimValue(v);
    auto [it, fresh] = out.emplace(name, value);
    if (!fresh) it->second += "," + value;
  }
  return out;
}

bool HasHeader(const HttpRequest& r, std::string_view name) {
  return std::any_of(r.headers.begin(), r.headers.end(), [&](const auto& h) {
    return h.first.size() == name.size() &&
           std::equal(h.first.begin(), h.first.end(), name.begin(), [](char a, char b) {
             return std::tolower(static_cast<unsigned char>(a)) == b;
           });
  });
}

}  // namespace

std::string Sha256Hex(std::string_view data) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_Digest(data.data(), data.size(), out, &len, EVP_sha256(), nullptr);
  return HexEncode(std::string_view(reinterpret_cast<char*>(out), len));
}

std::string AmzDateNow() {
  std::time_t t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[20];
  std::strftime(buf, sizeof buf, "%Y%m%dT%H%M%SZ", &tm);
  return buf;
}

std::string CanonicalRequest(const HttpRequest& request, const SigningScope& scope) {
  Url url = ParseUrl(request.url);
  auto headers = SignedHeaderMap(request);
  std::string canonical_headers, signed_headers;
  for (const auto& [k, v] : headers) {
    canonical_headers += k + ":" + v + "\n";
    signed_headers += (signed_headers.empty() ? "" : ";") + k;
  }
  const std::string* payload_hash = nullptr;
  for (const auto& [k, v] : request.headers) {
    if (k == "X-Amz-Content-Sha256" || k == "x-amz-content-sha256") payload_hash = &v;
  }
  return request.method + "\n" + CanonicalUri(url.path, scope.service) + "\n" +
         CanonicalQuery(url.query) + "\n" + canonical_headers + "\n" + signed_headers + "\n" +
         (payload_hash ? *payload_hash : Sha256Hex(request.body));
}

void SignV4(HttpRequest& request, const AwsCredentials& credentials, const SigningScope& scope,
            std::string amz_date) {
  if (amz_date.empty()) amz_date = AmzDateNow();
  if (!HasHeader(request, "host"))
    request.headers.emplace_back("Host", ParseUrl(request.url).Authority());
  request.headers.emplace_back("X-Amz-Date", amz_date);
  if (!credentials.session_token.empty())
    request.headers.emplace_back("X-Amz-Security-Token", credentials.session_token);
  if (scope.service == "s3" && !HasHeader(request, "x-amz-content-sha256"))
    request.headers.emplace_back("X-Amz-Content-Sha256", Sha256Hex(request.body));

  std::string canonical = CanonicalRequest(request, scope);
  std::string date = amz_date.substr(0, 8);
  std::string credential_scope = date + "/" + scope.region + "/" + scope.service + "/aws4_request";
  std::string string_to_sign =
      "AWS4-HMAC-SHA256\n" + amz_date + "\n" + credential_scope + "\n" + Sha256Hex(canonical);
  std::string key = Hmac("AWS4" + credentials.secret_access_key, date);
  key = Hmac(key, scope.region);
  key = Hmac(key, scope.service);
  key = Hmac(key, "aws4_request");
  std::string signature = HexEncode(Hmac(key, string_to_sign));

  std::string signed_headers;
  for (const auto& [k, v] : SignedHeaderMap(request))
    signed_headers += (signed_headers.empty() ? "" : ";") + k;
  request.headers.emplace_back("Authorization",
                               "AWS4-HMAC-SHA256 Credential=" + credentials.access_key_id + "/" +
                                   credential_scope + ", SignedHeaders=" + signed_headers +
                                   ", Signature=" + signature);
}

}  // namespace lakedev::lake::aws
