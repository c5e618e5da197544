// The AWS credential chain, as boto3 documents it (environment, then the profile;
// an explicit profile skips the environment; role_arn via STS; credential_process).
#include "lake/aws/credentials.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <vector>

#include "common/error.hpp"

namespace lakedev::lake::aws {
namespace {

const char* const kVars[] = {
    "AWS_ACCESS_KEY_ID",  "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN",
    "AWS_PROFILE",        "AWS_DEFAULT_PROFILE",   "AWS_REGION",
    "AWS_DEFAULT_REGION", "AWS_ENDPOINT_URL",      "AWS_ENDPOINT_URL_GLUE"};

// Clears the AWS variables for a test and puts them back after it.
class CredentialsTest : public testing::Test {
 protected:
  void SetUp() override {
    for (const char* v : kVars) {
      const char* old = std::getenv(v);
      saved_.emplace_back(v, old ? std::optional<std::string>(old) : std::nullopt);
      ::unsetenv(v);
    }
    calls_.clear();
  }
  void TearDown() override {
    for (auto& [k, v] : saved_) {
      if (v)
        ::setenv(k.c_str(), v->c_str(), 1);
      else
        ::unsetenv(k.c_str());
    }
  }
  static AwsFiles Files(const std::string& config, const std::string& credentials) {
    AwsFiles f;
    f.config = ParseIni(config);
    f.credentials = ParseIni(credentials);
    return f;
  }
  // Records each AssumeRole and hands out keys named after the role.
  static AwsCredentials FakeAssume(const AwsCredentials& source, const std::string& role,
                                   const IniSection&, const std::string& region) {
    calls_.push_back(source.access_key_id + "->" + role + "@" + region);
    return {"ASIA-" + role.substr(role.rfind('/') + 1), "s", "token", ""};
  }
  static inline std::vector<std::string> calls_;
  std::vector<std::pair<std::string, std::optional<std::string>>> saved_;
};

const char* kCredentials = R"(
# keys
[default]
aws_access_key_id = DEFAULT_KEY
aws_secret_access_key = default-secret

[base]
aws_access_key_id=BASE_KEY
aws_secret_access_key=base-secret
)";

const char* kConfig = R"(
[default]
region = eu-central-1
[profile analyst]
role_arn = arn:aws:iam::1:role/analyst
source_profile = base
region = us-west-2
s3 =
  endpoint_url = http://nested-not-read
[profile admin]
role_arn = arn:aws:iam::1:role/admin
source_profile = analyst
[profile loop_a]
role_arn = arn:aws:iam::1:role/a
source_profile = loop_b
[profile loop_b]
role_arn = arn:aws:iam::1:role/b
source_profile = loop_a
[profile from_env]
role_arn = arn:aws:iam::1:role/env
credential_source = Environment
[profile sso]
sso_session = corp
sso_account_id = 1
[profile proc]
credential_process = printf '{"Version": 1, "AccessKeyId": "PROC_KEY", "SecretAccessKey": "p", "SessionToken": "t"}'
[profile badproc]
credential_process = printf 'not json SECRETISH'
[profile local]
aws_access_key_id = LOCAL_KEY
aws_secret_access_key = l
endpoint_url = http://127.0.0.1:5000
)";

TEST_F(CredentialsTest, EnvironmentFirstUnlessAProfileIsNamed) {
  AwsFiles f = Files(kConfig, kCredentials);
  ::setenv("AWS_ACCESS_KEY_ID", "ENV_KEY", 1);
  ::setenv("AWS_SECRET_ACCESS_KEY", "env-secret", 1);
  ::setenv("AWS_PROFILE", "base", 1);
  EXPECT_EQ(ResolveCredentials({}, f, FakeAssume).access_key_id, "ENV_KEY");
  AwsCredentials named = ResolveCredentials({"base", ""}, f, FakeAssume);
  EXPECT_EQ(named.access_key_id, "BASE_KEY");
  EXPECT_EQ(named.source, "profile base");
  ::unsetenv("AWS_ACCESS_KEY_ID");
  EXPECT_EQ(ResolveCredentials({}, f, FakeAssume).access_key_id, "BASE_KEY");  // AWS_PROFILE
  ::unsetenv("AWS_PROFILE");
  EXPECT_EQ(ResolveCredentials({}, f, FakeAssume).access_key_id, "DEFAULT_KEY");
}

TEST_F(CredentialsTest, RoleChainsAssumeInOrder) {
  AwsFiles f = Files(kConfig, kCredentials);
  AwsCredentials c = ResolveCredentials({"admin", ""}, f, FakeAssume);
  EXPECT_EQ(c.access_key_id, "ASIA-admin");
  EXPECT_EQ(c.source, "role arn:aws:iam::1:role/admin (profile admin)");
  // The region is the named profile's (admin has none, so STS gets none and uses its
  // global default), not the source profiles'.
  EXPECT_EQ(calls_, (std::vector<std::string>{"BASE_KEY->arn:aws:iam::1:role/analyst@",
                                              "ASIA-analyst->arn:aws:iam::1:role/admin@"}));
  calls_.clear();
  ResolveCredentials({"analyst", ""}, f, FakeAssume);
  EXPECT_EQ(calls_, std::vector<std::string>{"BASE_KEY->arn:aws:iam::1:role/analyst@us-west-2"});
}

TEST_F(CredentialsTest, BrokenProfilesSayWhatToFix) {
  AwsFiles f = Files(kConfig, kCredentials);
  auto error_of = [&](const std::string& profile) {
    try {
      ResolveCredentials({profile, ""}, f, FakeAssume);
    } catch (const Error& e) {
      return e.message() + " | " + e.fix();
    }
    return std::string("no error");
  };
  EXPECT_NE(error_of("loop_a").find("loops back"), std::string::npos);
  EXPECT_NE(error_of("nobody").find("AWS profile 'nobody': not found"), std::string::npos);
  EXPECT_NE(error_of("sso").find("aws configure export-credentials --profile sso"),
            std::string::npos);
  EXPECT_NE(error_of("from_env").find("AWS_ACCESS_KEY_ID is not set"), std::string::npos);
  std::string bad = error_of("badproc");
  EXPECT_NE(bad.find("not the expected JSON"), std::string::npos);
  EXPECT_EQ(bad.find("SECRETISH"), std::string::npos);  // its output is never shown
}

TEST_F(CredentialsTest, CredentialSourceEnvironmentAndProcess) {
  AwsFiles f = Files(kConfig, kCredentials);
  ::setenv("AWS_ACCESS_KEY_ID", "ENV_KEY", 1);
  ::setenv("AWS_SECRET_ACCESS_KEY", "env-secret", 1);
  EXPECT_EQ(ResolveCredentials({"from_env", ""}, f, FakeAssume).access_key_id, "ASIA-env");
  EXPECT_EQ(calls_, std::vector<std::string>{"ENV_KEY->arn:aws:iam::1:role/env@"});
  AwsCredentials p = ResolveCredentials({"proc", ""}, f, FakeAssume);
  EXPECT_EQ(p.access_key_id, "PROC_KEY");
  EXPECT_EQ(p.session_token, "t");
}

TEST_F(CredentialsTest, NoCredentialsAtAll) {
  try {
    ResolveCredentials({}, Files("", ""), FakeAssume);
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.message(), "no AWS credentials found");
    EXPECT_NE(e.fix().find("AWS_ACCESS_KEY_ID"), std::string::npos);
  }
}

TEST_F(CredentialsTest, RegionAndEndpointPrecedence) {
  AwsFiles f = Files(kConfig, kCredentials);
  EXPECT_EQ(ResolveRegion({}, f), "eu-central-1");
  EXPECT_EQ(ResolveRegion({"analyst", ""}, f), "us-west-2");
  ::setenv("AWS_DEFAULT_REGION", "ap-south-1", 1);
  EXPECT_EQ(ResolveRegion({"analyst", ""}, f), "ap-south-1");
  ::setenv("AWS_REGION", "sa-east-1", 1);
  EXPECT_EQ(ResolveRegion({"analyst", ""}, f), "sa-east-1");
  EXPECT_EQ(ResolveRegion({"analyst", "us-east-2"}, f), "us-east-2");

  EXPECT_EQ(EndpointOverride("glue", {"analyst", ""}, f), "");  // nested s3 block not read
  EXPECT_EQ(EndpointOverride("glue", {"local", ""}, f), "http://127.0.0.1:5000");
  ::setenv("AWS_ENDPOINT_URL", "http://any:1", 1);
  EXPECT_EQ(EndpointOverride("glue", {"local", ""}, f), "http://any:1");
  ::setenv("AWS_ENDPOINT_URL_GLUE", "http://glue:2", 1);
  EXPECT_EQ(EndpointOverride("glue", {"local", ""}, f), "http://glue:2");
  EXPECT_EQ(EndpointOverride("s3", {"local", ""}, f), "http://any:1");
}

TEST(ParseIni, SectionsCommentsAndNestedBlocks) {
  auto ini = ParseIni("; c\n[a]\nx = 1 \n  nested = no\n[ b ]\ny=two words\n#z=3\n");
  ASSERT_EQ(ini.size(), 2u);
  EXPECT_EQ(ini["a"].size(), 1u);
  EXPECT_EQ(ini["a"]["x"], "1");
  EXPECT_EQ(ini["b"]["y"], "two words");
}

}  // namespace
}  // namespace lakedev::lake::aws
