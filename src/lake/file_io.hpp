// Reading a whole object by URI: local paths and file:// URIs from disk, s3:// through
// S3's REST API signed with SigV4 (path-style against an endpoint override, virtual-hosted
// on AWS). For Iceberg metadata and manifests, which are small.
#pragma once

#include <optional>
#include <string>

#include "lake/catalog.hpp"

namespace lakedev::lake {

class FileIO {
 public:
  // `s3` gives credentials, region and endpoint for s3:// URIs; without it they fail.
  explicit FileIO(std::optional<StorageAccess> s3 = std::nullopt) : s3_(std::move(s3)) {}
  // Throws Error(kIo) naming the URI, with the fix for 403/404.
  std::string Read(const std::string& uri) const;

 private:
  std::optional<StorageAccess> s3_;
};

// "s3://bucket/a b/c" -> the https/http URL of the object for `access`.
std::string S3ObjectUrl(const std::string& uri, const StorageAccess& access);

}  // namespace lakedev::lake
