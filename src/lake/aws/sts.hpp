// STS AssumeRole for profiles with role_arn (Query API, XML answer).
#pragma once

#include "lake/aws/credentials.hpp"

namespace lakedev::lake::aws {

// The AssumeRoleFn of ResolveCredentials: STS at AWS_ENDPOINT_URL_STS / AWS_ENDPOINT_URL
// or sts.<region>.amazonaws.com; role_session_name, external_id and duration_seconds of
// the profile are sent when set.
AwsCredentials AssumeRole(const AwsCredentials& source, const std::string& role_arn,
                          const IniSection& profile, const std::string& region);

// The text of the first <tag>...</tag> in `xml` (entities decoded); empty when absent.
std::string XmlText(const std::string& xml, const std::string& tag);

}  // namespace lakedev::lake::aws
