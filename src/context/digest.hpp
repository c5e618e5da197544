// Digests as lower-case hex: MD5 for dbt's local_md5() and test-name hashes, SHA-256 for
// the file checksums in manifest.json.
#pragma once

#include <string>
#include <string_view>

namespace lakedev::context {

std::string Md5Hex(std::string_view data);
std::string Sha256Hex(std::string_view data);

// A random (version 4) UUID, as Python's str(uuid.uuid4()): dbt's invocation_id.
std::string Uuid4();

}  // namespace lakedev::context
