// HTTP for the catalog clients (Glue, STS, Iceberg REST) over libcurl: one request at a
// time per client, retried with exponential backoff and full jitter on connection errors,
// throttling and 5xx. Bodies are small JSON documents, so they are held in memory.
#pragma once

#include <chrono>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "common/hex.hpp"

namespace lakedev::lake {

using Headers = std::vector<std::pair<std::string, std::string>>;

struct HttpRequest {
  std::string method = "GET";
  std::string url;
  Headers headers;
  std::string body;
};

struct HttpResponse {
  long status = 0;
  Headers headers;  // names lower-cased
  std::string body;
  const std::string* Header(std::string_view name) const;
};

struct Url {
  std::string scheme;  // "https"
  std::string host;    // "glue.us-east-1.amazonaws.com"
  int port = 0;        // 0: the scheme's default
  std::string path;    // "/", as written (percent-encoded)
  std::string query;   // without '?'
  // host, plus ":port" when the port is not the scheme's default (the Host header).
  std::string Authority() const;
};

// Throws Error(kConfig) for anything but http(s)://host[:port][/path][?query].
Url ParseUrl(const std::string& url);

struct RetryPolicy {
  int max_attempts = 5;
  std::chrono::milliseconds base_delay{100};
  std::chrono::milliseconds max_delay{5000};
  std::chrono::seconds connect_timeout{10};
  std::chrono::seconds total_timeout{60};
};

// Decides whether a response is worth another attempt (5xx and 429 by default); services
// with throttling errors inside 400 responses pass their own.
using RetryDecider = std::function<bool(const HttpResponse&)>;

class HttpClient {
 public:
  explicit HttpClient(RetryPolicy policy = {});
  ~HttpClient();
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  // Sends `request`; `prepare` runs before every attempt (to sign it afresh). Returns the
  // last response, whatever its status. Throws Error(kIo) when no response arrived after
  // the last attempt (unreachable host, timeout), naming `what` and the URL.
  HttpResponse Send(const HttpRequest& request, const std::string& what,
                    const std::function<void(HttpRequest&)>& prepare = {},
                    const RetryDecider& retry = {});

  // Attempts made by the last Send (for tests and logs).
  int last_attempts() const { return last_attempts_; }

 private:
  RetryPolicy policy_;
  void* curl_ = nullptr;
  int last_attempts_ = 0;
};

// RFC 3986 percent-encoding: unreserved characters (A-Z a-z 0-9 - _ . ~) stay, '/' too
// when `keep_slash`, everything else becomes %XX (upper-case hex), as SigV4, S3 keys,
// form bodies and REST paths all want it.
std::string PercentEncode(std::string_view text, bool keep_slash = false);

}  // namespace lakedev::lake
