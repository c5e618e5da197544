// Lower-case hex of bytes (digests, signatures).
#pragma once

#include <string>
#include <string_view>

namespace lakedev {

std::string HexEncode(std::string_view bytes);

}  // namespace lakedev
