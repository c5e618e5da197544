#include "context/digest.hpp"

#include <openssl/evp.h>

#include "common/hex.hpp"

namespace lakedev::context {

namespace {

std::string DigestHex(std::string_view data, const EVP_MD* md) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_Digest(data.data(), data.size(), digest, &len, md, nullptr);
  return HexEncode(std::string_view(reinterpret_cast<const char*>(digest), len));
}

}  // namespace

std::string Md5Hex(std::string_view data) {
  return DigestHex(data, EVP_md5());
}
std::string Sha256Hex(std::string_view data) {
  return DigestHex(data, EVP_sha256());
}

}  // namespace lakedev::context
