#include "lake/file_io.hpp"

#include "common/error.hpp"
#include "common/paths.hpp"
#include "lake/aws/sigv4.hpp"
#include "lake/aws/sts.hpp"
#include "lake/http.hpp"

namespace lakedev::lake {

std::string S3ObjectUrl(const std::string& uri, const StorageAccess& access) {
  std::string_view rest(uri);
  for (std::string_view scheme : {"s3://", "s3a://", "s3n://"}) {
    if (rest.starts_with(scheme)) rest.remove_prefix(scheme.size());
  }
  size_t slash = rest.find('/');
  std::string bucket(rest.substr(0, slash));
  std::string key(slash == std::string_view::npos ? "" : rest.substr(slash + 1));
  if (!access.endpoint.empty()) {
    std::string base = access.endpoint;
    while (base.ends_with("/"))
      base.pop_back();
    return base + "/" + bucket + "/" + PercentEncode(key, true);
  }
  std::string region = access.region.empty() ? "us-east-1" : access.region;
  return "https://" + bucket + ".s3." + region + ".amazonaws.com/" + PercentEncode(key, true);
}

std::string FileIO::Read(const std::string& uri) const {
  if (uri.starts_with("file://")) return ReadFile(uri.substr(7));
  if (!uri.starts_with("s3://") && !uri.starts_with("s3a://") && !uri.starts_with("s3n://")) {
    if (uri.find("://") != std::string::npos) {
      throw Error(ErrorKind::kIo,
                  "cannot read " + uri + ": only local files and s3:// are supported");
    }
    return ReadFile(uri);
  }
  if (!s3_) {
    throw Error(ErrorKind::kIo, "cannot read " + uri + ": no S3 credentials for this catalog", {},
                "register it from a glue catalog, which gives DuckDB and lakedev the credentials");
  }
  HttpRequest request{"GET", S3ObjectUrl(uri, *s3_), {}, ""};
  // One client per thread: its connections stay open between reads (no new TCP and TLS
  // handshake per manifest).
  thread_local HttpClient http;
  aws::AwsCredentials creds{s3_->key_id, s3_->secret, s3_->session_token, "catalog credentials"};
  std::string region = s3_->region.empty() ? "us-east-1" : s3_->region;
  HttpResponse r = http.Send(request, "S3 GET " + uri, [&](HttpRequest& req) {
    aws::SignV4(req, creds, {region, "s3"});
  });
  if (r.status == 200) return std::move(r.body);
  std::string code = aws::XmlText(r.body, "Code");
  std::string fix;
  if (r.status == 404 || code == "NoSuchKey") {
    fix = "the file is gone: the table changed since it was registered; re-register it";
  } else if (r.status == 403) {
    fix = "the credentials lack s3:GetObject on " + uri;
  }
  throw Error(ErrorKind::kIo,
              "S3 GET " + uri + " failed (HTTP " + std::to_string(r.status) +
                  (code.empty() ? "" : ", " + code) + ")",
              {}, fix);
}

}  // namespace lakedev::lake
