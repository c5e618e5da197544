#include "lake/http.hpp"

#include <curl/curl.h>

#include <algorithm>
#include <random>
#include <thread>

#include "common/error.hpp"

namespace lakedev::lake {

namespace {

size_t OnBody(char* data, size_t size, size_t count, void* user) {
  static_cast<std::string*>(user)->append(data, size * count);
  return size * count;
}

size_t OnHeader(char* data, size_t size, size_t count, void* user) {
  std::string_view line(data, size * count);
  size_t colon = line.find(':');
  if (colon != std::string_view::npos) {
    std::string name(line.substr(0, colon));
    std::transform(name.begin(), name.end(), name.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    std::string_view value = line.substr(colon + 1);
    while (!value.empty() && (value.front() == ' ' || value.front() == '\t'))
      value.remove_prefix(1);
    while (!value.empty() && (value.back() == '\r' || value.back() == '\n' || value.back() == ' '))
      value.remove_suffix(1);
    static_cast<HttpResponse*>(user)->headers.emplace_back(std::move(name), std::string(value));
  } else if (line.starts_with("HTTP/")) {
    static_cast<HttpResponse*>(user)->headers.clear();  // a new response (after 100-continue)
  }
  return size * count;
}

bool DefaultRetry(const HttpResponse& r) {
  return r.status == 429 || r.status >= 500;
}

struct CurlInit {
  CurlInit() { curl_global_init(CURL_GLOBAL_DEFAULT); }
};

}  // namespace

const std::string* HttpResponse::Header(std::string_view name) const {
  for (const auto& [k, v] : headers) {
    if (k == name) return &v;
  }
  return nullptr;
}

std::string Url::Authority() const {
  bool default_port =
      port == 0 || (scheme == "https" && port == 443) || (scheme == "http" && port == 80);
  return default_port ? host : host + ":" + std::to_string(port);
}

Url ParseUrl(const std::string& text) {
  Url u;
  size_t sep = text.find("://");
  auto bad = [&](const std::string& why) {
    return Error(ErrorKind::kConfig, "bad URL '" + text + "': " + why, {},
                 "write it as http(s)://host[:port][/path]");
  };
  if (sep == std::string::npos) throw bad("no scheme");
  u.scheme = text.substr(0, sep);
  if (u.scheme != "http" && u.scheme != "https") throw bad("scheme must be http or https");
  size_t host_start = sep + 3;
  size_t path_start = text.find_first_of("/?", host_start);
  std::string authority = text.substr(host_start, path_start - host_start);
  if (authority.empty()) throw bad("no host");
  if (size_t colon = authority.rfind(':');
      colon != std::string::npos && authority.find(']', colon) == std::string::npos) {
    std::string port = authority.substr(colon + 1);
    if (port.empty() || port.size() > 5 || !std::all_of(port.begin(), port.end(), ::isdigit))
      throw bad("bad port");
    u.port = std::stoi(port);
    authority.resize(colon);
  }
  u.host = authority;
  std::string rest = path_start == std::string::npos ? "" : text.substr(path_start);
  size_t q = rest.find('?');
  u.path = rest.substr(0, q);
  if (u.path.empty()) u.path = "/";
  if (q != std::string::npos) u.query = rest.substr(q + 1);
  return u;
}

std::string PercentEncode(std::string_view text, bool keep_slash) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~' ||
        (keep_slash && c == '/')) {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

HttpClient::HttpClient(RetryPolicy policy) : policy_(policy) {
  static CurlInit init;
  curl_ = curl_easy_init();
  if (!curl_) throw Error(ErrorKind::kInternal, "curl_easy_init failed");
}

HttpClient::~HttpClient() {
  curl_easy_cleanup(static_cast<CURL*>(curl_));
}

HttpResponse HttpClient::Send(const HttpRequest& request, const std::string& what,
                              const std::function<void(HttpRequest&)>& prepare,
                              const RetryDecider& retry) {
  CURL* curl = static_cast<CURL*>(curl_);
  thread_local std::mt19937_64 rng{std::random_device{}()};
  std::string last_error;
  HttpResponse response;
  for (last_attempts_ = 1;; ++last_attempts_) {
    HttpRequest r = request;
    if (prepare) prepare(r);
    curl_easy_reset(curl);
    curl_slist* headers = nullptr;
    for (const auto& [k, v] : r.headers)
      headers = curl_slist_append(headers, (k + ": " + v).c_str());
    headers = curl_slist_append(headers, "Expect:");  // no 100-continue round trip
    response = HttpResponse{};
    curl_easy_setopt(curl, CURLOPT_URL, r.url.c_str());
    curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, r.method.c_str());
    if (r.method == "POST" || r.method == "PUT" || !r.body.empty()) {
      curl_easy_setopt(curl, CURLOPT_POSTFIELDS, r.body.data());
      curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(r.body.size()));
    }
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, OnBody);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &response.body);
    curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, OnHeader);
    curl_easy_setopt(curl, CURLOPT_HEADERDATA, &response);
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS,
                     static_cast<long>(policy_.connect_timeout.count() * 1000));
    curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS,
                     static_cast<long>(policy_.total_timeout.count() * 1000));
    curl_easy_setopt(curl, CURLOPT_ACCEPT_ENCODING, "");
    CURLcode rc = curl_easy_perform(curl);
    curl_slist_free_all(headers);
    bool again;
    if (rc != CURLE_OK) {
      last_error = curl_easy_strerror(rc);
      again = true;
    } else {
      curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &response.status);
      again = retry ? retry(response) : DefaultRetry(response);
    }
    if (!again || last_attempts_ >= policy_.max_attempts) break;
    // Full jitter: a random delay up to base * 2^attempt, capped.
    long long cap = std::min<long long>(policy_.max_delay.count(),
                                        policy_.base_delay.count() << std::min(last_attempts_, 20));
    std::uniform_int_distribution<long long> pick(0, cap);
    std::this_thread::sleep_for(std::chrono::milliseconds(pick(rng)));
  }
  if (response.status == 0) {
    Url u = ParseUrl(request.url);
    throw Error(ErrorKind::kIo,
                what + ": no response from " + u.Authority() + " after " +
                    std::to_string(last_attempts_) + " attempts: " + last_error,
                {}, "check the network connection and the endpoint (" + request.url + ")");
  }
  return response;
}

}  // namespace lakedev::lake
