#include "context/digest.hpp"

#include <openssl/rand.h>

#include <random>

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

std::string Uuid4() {
  unsigned char b[16];
  if (RAND_bytes(b, sizeof b) != 1) {
    std::random_device rd;
    for (auto& x : b)
      x = static_cast<unsigned char>(rd());
  }
  b[6] = static_cast<unsigned char>((b[6] & 0x0F) | 0x40);
  b[8] = static_cast<unsigned char>((b[8] & 0x3F) | 0x80);
  std::string hex = HexEncode(std::string(reinterpret_cast<char*>(b), sizeof b));
  return hex.substr(0, 8) + "-" + hex.substr(8, 4) + "-" + hex.substr(12, 4) + "-" +
         hex.substr(16, 4) + "-" + hex.substr(20);
}

}  // namespace lakedev::context
