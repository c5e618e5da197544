// MD5 as hex, for dbt's local_md5() and the hashes in test names.
#pragma once

#include <string>
#include <string_view>

namespace lakedev::context {

std::string Md5Hex(std::string_view data);

}  // namespace lakedev::context
