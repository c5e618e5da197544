// AWS credentials and region the way the AWS CLI and boto3 find them, without the SDK:
// environment keys, then the profile in ~/.aws/credentials and ~/.aws/config (static keys,
// role_arn + source_profile / credential_source through STS AssumeRole, credential_process).
// A profile named in the catalog configuration is used alone, as boto3 does with an
// explicit profile; AWS_PROFILE only changes which profile the chain reads.
#pragma once

#include <map>
#include <optional>
#include <string>

#include "lake/aws/sigv4.hpp"

namespace lakedev::lake::aws {

// One section of an AWS config or credentials file.
using IniSection = std::map<std::string, std::string>;
// Sections by name as written ("default", "profile dev", "dev").
std::map<std::string, IniSection> ParseIni(const std::string& text);

struct AwsFiles {
  std::map<std::string, IniSection> credentials;  // ~/.aws/credentials
  std::map<std::string, IniSection> config;       // ~/.aws/config
  // AWS_SHARED_CREDENTIALS_FILE / AWS_CONFIG_FILE, else ~/.aws/...; missing files are empty.
  static AwsFiles Load();
  // A profile's settings: the config file's [profile name] ([default] for default),
  // overlaid by the credentials file's [name].
  std::optional<IniSection> Profile(const std::string& name) const;
};

struct AwsSettings {
  std::string profile;  // explicit profile (catalog `profile:`), empty: AWS_PROFILE/default
  std::string region;   // explicit region (catalog `region:`)
};

// Exchanges source credentials for a role's through STS AssumeRole.
using AssumeRoleFn = AwsCredentials (*)(const AwsCredentials& source, const std::string& role_arn,
                                        const IniSection& profile, const std::string& region);

// Resolves credentials. Throws Error(kConfig) naming the profile and the fix when none are
// found or a profile is broken; the secret never appears in a message.
AwsCredentials ResolveCredentials(const AwsSettings& settings, const AwsFiles& files,
                                  AssumeRoleFn assume_role);

// explicit > AWS_REGION > AWS_DEFAULT_REGION > the profile's region; empty when none.
std::string ResolveRegion(const AwsSettings& settings, const AwsFiles& files);

// The profile the chain reads: explicit, else AWS_PROFILE / AWS_DEFAULT_PROFILE, else default.
std::string ProfileName(const AwsSettings& settings);

// The endpoint of `service` ("glue", "sts", "s3"): AWS_ENDPOINT_URL_<SERVICE>, then
// AWS_ENDPOINT_URL, then the profile's endpoint_url; empty for AWS's own.
std::string EndpointOverride(const std::string& service, const AwsSettings& settings,
                             const AwsFiles& files);

}  // namespace lakedev::lake::aws
