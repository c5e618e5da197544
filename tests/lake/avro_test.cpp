// The Avro container reader on files built here byte by byte (the spec's encoding), one
// per codec; real Iceberg manifests are covered by the reader tests against pyiceberg.
#include "lake/iceberg/avro.hpp"

#include <gtest/gtest.h>
#include <snappy.h>
#include <zlib.h>
#include <zstd.h>

#include "common/error.hpp"

namespace lakedev::lake::avro {
namespace {

void PutLong(std::string& out, int64_t v) {
  uint64_t z = (static_cast<uint64_t>(v) << 1) ^ static_cast<uint64_t>(v >> 63);
  while (z >= 0x80) {
    out += static_cast<char>((z & 0x7f) | 0x80);
    z >>= 7;
  }
  out += static_cast<char>(z);
}

void PutString(std::string& out, const std::string& s) {
  PutLong(out, static_cast<int64_t>(s.size()));
  out += s;
}

const char* kSchema = R"({"type": "record", "name": "entry", "fields": [
  {"name": "status", "type": "int", "field-id": 0},
  {"name": "path", "type": "string"},
  {"name": "seq", "type": ["null", "long"]},
  {"name": "bounds", "type": {"type": "array", "items": {"type": "record", "name": "kv",
     "fields": [{"name": "key", "type": "int"}, {"name": "value", "type": "bytes"}]}}},
  {"name": "props", "type": {"type": "map", "values": "string"}},
  {"name": "ratio", "type": "double"},
  {"name": "id", "type": {"type": "fixed", "name": "uuid", "size": 4}}]})";

// Two records: (1, "a.parquet", null, [{7: "lo"}], {}, 0.5, "ABCD") and
// (2, "b", 42, [], {"k": "v"}, -1.25, "WXYZ").
std::string Records() {
  std::string b;
  PutLong(b, 1);
  PutString(b, "a.parquet");
  PutLong(b, 0);  // union branch null
  PutLong(b, 1);  // array block of 1
  PutLong(b, 7);
  PutString(b, "lo");
  PutLong(b, 0);
  PutLong(b, 0);  // empty map
  double half = 0.5;
  b.append(reinterpret_cast<const char*>(&half), 8);
  b += "ABCD";
  PutLong(b, 2);
  PutString(b, "b");
  PutLong(b, 1);  // union branch long
  PutLong(b, 42);
  PutLong(b, 0);
  PutLong(b, -1);  // a map block given with a negative count and its byte size
  std::string kv;
  PutString(kv, "k");
  PutString(kv, "v");
  PutLong(b, static_cast<int64_t>(kv.size()));
  b += kv;
  PutLong(b, 0);
  double neg = -1.25;
  b.append(reinterpret_cast<const char*>(&neg), 8);
  b += "WXYZ";
  return b;
}

std::string Container(const std::string& codec, const std::string& compressed) {
  std::string f = "Obj\x01";
  PutLong(f, 2);
  PutString(f, "avro.schema");
  PutString(f, kSchema);
  PutString(f, "avro.codec");
  PutString(f, codec);
  PutLong(f, 0);
  std::string sync = "0123456789abcdef";
  f += sync;
  PutLong(f, 2);
  PutString(f, compressed);
  f += sync;
  return f;
}

void ExpectRecords(const File& f) {
  ASSERT_EQ(f.records().size(), 2u);
  const Schema& s = f.schema();
  EXPECT_EQ(s.field_ids[0], 0);
  EXPECT_EQ(s.field_ids[1], -1);
  const Datum& a = f.records()[0];
  EXPECT_EQ(a.items[s.FieldIndex("status")].Int(), 1);
  EXPECT_EQ(a.items[s.FieldIndex("path")].Str(), "a.parquet");
  EXPECT_TRUE(a.items[s.FieldIndex("seq")].IsNull());
  const Datum& bounds = a.items[s.FieldIndex("bounds")];
  ASSERT_EQ(bounds.items.size(), 1u);
  EXPECT_EQ(bounds.items[0].items[0].Int(), 7);
  EXPECT_EQ(bounds.items[0].items[1].Str(), "lo");
  EXPECT_EQ(std::get<double>(a.items[s.FieldIndex("ratio")].value), 0.5);
  EXPECT_EQ(a.items[s.FieldIndex("id")].Str(), "ABCD");
  const Datum& b = f.records()[1];
  EXPECT_EQ(b.items[s.FieldIndex("seq")].Int(), 42);
  const Datum& props = b.items[s.FieldIndex("props")];
  ASSERT_EQ(props.items.size(), 2u);
  EXPECT_EQ(props.items[0].Str(), "k");
  EXPECT_EQ(props.items[1].Str(), "v");
  EXPECT_EQ(std::get<double>(b.items[s.FieldIndex("ratio")].value), -1.25);
}

TEST(AvroFile, NullCodec) {
  ExpectRecords(File::Parse(Container("null", Records()), "t.avro"));
}

TEST(AvroFile, DeflateCodec) {
  std::string raw = Records(), out(compressBound(raw.size()) + 64, '\0');
  z_stream z{};
  ASSERT_EQ(deflateInit2(&z, 6, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY), Z_OK);
  z.next_in = reinterpret_cast<Bytef*>(raw.data());
  z.avail_in = static_cast<uInt>(raw.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  ASSERT_EQ(deflate(&z, Z_FINISH), Z_STREAM_END);
  out.resize(z.total_out);
  deflateEnd(&z);
  ExpectRecords(File::Parse(Container("deflate", out), "t.avro"));
}

TEST(AvroFile, SnappyCodecChecksCrc) {
  std::string raw = Records(), out;
  snappy::Compress(raw.data(), raw.size(), &out);
  uint32_t crc =
      crc32(0, reinterpret_cast<const Bytef*>(raw.data()), static_cast<uInt>(raw.size()));
  std::string good = out;
  for (int shift : {24, 16, 8, 0})
    good += static_cast<char>((crc >> shift) & 0xff);
  ExpectRecords(File::Parse(Container("snappy", good), "t.avro"));
  std::string bad = out + std::string(4, '\0');
  EXPECT_THROW(File::Parse(Container("snappy", bad), "t.avro"), Error);
}

TEST(AvroFile, ZstandardCodec) {
  std::string raw = Records(), out(ZSTD_compressBound(raw.size()), '\0');
  out.resize(ZSTD_compress(out.data(), out.size(), raw.data(), raw.size(), 3));
  ExpectRecords(File::Parse(Container("zstandard", out), "t.avro"));
}

TEST(AvroFile, WrittenFilesReadBackTheSame) {
  File original = File::Parse(Container("null", Records()), "t.avro");
  std::string written = WriteContainer(original.schema(), original.meta(), original.records());
  File again = File::Parse(written, "rewritten.avro");
  ExpectRecords(again);
  EXPECT_EQ(again.Meta("avro.codec"), "null");
  // An empty array stays an empty array, not a null.
  EXPECT_FALSE(again.records()[1].items[3].IsNull());
  EXPECT_TRUE(again.records()[0].items[2].IsNull());
}

TEST(AvroFile, DamageIsAnErrorNamingTheFile) {
  std::string f = Container("null", Records());
  try {
    File::Parse(f.substr(0, f.size() - 20), "m0.avro");
    FAIL();
  } catch (const Error& e) {
    EXPECT_NE(e.message().find("m0.avro: "), std::string::npos) << e.message();
  }
  EXPECT_THROW(File::Parse("PAR1", "x.avro"), Error);
  EXPECT_THROW(File::Parse(Container("lzma", Records()), "x.avro"), Error);
}

}  // namespace
}  // namespace lakedev::lake::avro
