#include "lake/aws/sts.hpp"

#include <cstring>

#include "common/error.hpp"
#include "common/paths.hpp"
#include "lake/http.hpp"

namespace lakedev::lake::aws {

namespace {

std::string DecodeEntities(std::string s) {
  const std::pair<const char*, const char*> entities[] = {
      {"&lt;", "<"}, {"&gt;", ">"}, {"&quot;", "\""}, {"&apos;", "'"}, {"&amp;", "&"}};
  for (const auto& [from, to] : entities) {
    for (size_t at = s.find(from); at != std::string::npos; at = s.find(from, at + 1))
      s.replace(at, std::strlen(from), to);
  }
  return s;
}

}  // namespace

std::string XmlText(const std::string& xml, const std::string& tag) {
  size_t open = xml.find("<" + tag + ">");
  if (open == std::string::npos) return "";
  open += tag.size() + 2;
  size_t close = xml.find("</" + tag + ">", open);
  if (close == std::string::npos) return "";
  return DecodeEntities(xml.substr(open, close - open));
}

AwsCredentials AssumeRole(const AwsCredentials& source, const std::string& role_arn,
                          const IniSection& profile, const std::string& region) {
  std::string signing_region = region.empty() ? "us-east-1" : region;
  std::string endpoint = GetEnv("AWS_ENDPOINT_URL_STS").value_or("");
  if (endpoint.empty()) endpoint = GetEnv("AWS_ENDPOINT_URL").value_or("");
  if (endpoint.empty()) endpoint = "https://sts." + signing_region + ".amazonaws.com";
  auto get = [&](const char* key) {
    auto it = profile.find(key);
    return it == profile.end() ? std::string() : it->second;
  };
  std::string session = get("role_session_name");
  if (session.empty()) session = "lakedev";
  std::string body = "Action=AssumeRole&Version=2011-06-15&RoleArn=" + PercentEncode(role_arn) +
                     "&RoleSessionName=" + PercentEncode(session);
  if (std::string id = get("external_id"); !id.empty()) body += "&ExternalId=" + PercentEncode(id);
  if (std::string d = get("duration_seconds"); !d.empty())
    body += "&DurationSeconds=" + PercentEncode(d);

  HttpRequest request{"POST",
                      endpoint + (endpoint.ends_with("/") ? "" : "/"),
                      {{"Content-Type", "application/x-www-form-urlencoded; charset=utf-8"}},
                      body};
  HttpClient http;
  HttpResponse r = http.Send(request, "STS AssumeRole " + role_arn, [&](HttpRequest& req) {
    SignV4(req, source, {signing_region, "sts"});
  });
  if (r.status != 200) {
    std::string code = XmlText(r.body, "Code");
    std::string message = XmlText(r.body, "Message");
    std::string fix =
        "check the role's trust policy allows " + source.source + " to assume it (sts:AssumeRole)";
    if (code == "ExpiredToken" || code == "InvalidClientTokenId" ||
        code == "SignatureDoesNotMatch") {
      fix = "the source credentials (" + source.source + ") are invalid or expired; refresh them";
    }
    throw Error(ErrorKind::kConfig,
                "STS AssumeRole " + role_arn + " failed (HTTP " + std::to_string(r.status) +
                    (code.empty() ? "" : ", " + code) + ")" +
                    (message.empty() ? "" : ": " + message),
                {}, fix);
  }
  AwsCredentials c{XmlText(r.body, "AccessKeyId"), XmlText(r.body, "SecretAccessKey"),
                   XmlText(r.body, "SessionToken"), "role " + role_arn};
  if (c.Empty() || c.secret_access_key.empty()) {
    throw Error(ErrorKind::kConfig, "STS AssumeRole " + role_arn + " answered without credentials",
                {}, "check the STS endpoint (" + endpoint + ")");
  }
  return c;
}

}  // namespace lakedev::lake::aws
