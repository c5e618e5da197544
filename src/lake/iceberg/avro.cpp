#include "lake/iceberg/avro.hpp"

#include <snappy.h>
#include <zlib.h>
#include <zstd.h>

#include <cstring>
#include <map>
#include <nlohmann/json.hpp>

#include "common/error.hpp"

namespace lakedev::lake::avro {

namespace {

using Json = nlohmann::json;

struct Failure {
  std::string what;
};

class Reader {
 public:
  Reader(const char* data, size_t size) : p_(data), end_(data + size) {}
  bool AtEnd() const { return p_ >= end_; }
  size_t Remaining() const { return static_cast<size_t>(end_ - p_); }

  int64_t Long() {
    uint64_t v = 0;
    for (int shift = 0;; shift += 7) {
      if (p_ >= end_ || shift > 63) throw Failure{"truncated or overlong integer"};
      uint8_t b = static_cast<uint8_t>(*p_++);
      v |= static_cast<uint64_t>(b & 0x7f) << shift;
      if (!(b & 0x80)) break;
    }
    return static_cast<int64_t>(v >> 1) ^ -static_cast<int64_t>(v & 1);  // zigzag
  }
  std::string_view Bytes(size_t n) {
    if (n > Remaining()) throw Failure{"truncated data"};
    std::string_view out(p_, n);
    p_ += n;
    return out;
  }
  std::string_view Sized() {
    int64_t n = Long();
    if (n < 0) throw Failure{"negative length"};
    return Bytes(static_cast<size_t>(n));
  }
  template <typename T>
  T Fixed() {
    T v;
    std::memcpy(&v, Bytes(sizeof(T)).data(), sizeof(T));  // little-endian, as the host
    return v;
  }

 private:
  const char* p_;
  const char* end_;
};

Datum Decode(const Schema& s, Reader& r) {
  Datum d;
  switch (s.kind) {
    case Kind::kNull:
      break;
    case Kind::kBoolean:
      d.value = static_cast<int64_t>(r.Bytes(1)[0] != 0);
      break;
    case Kind::kInt:
    case Kind::kLong:
    case Kind::kEnum:
      d.value = r.Long();
      break;
    case Kind::kFloat:
      d.value = static_cast<double>(r.Fixed<float>());
      break;
    case Kind::kDouble:
      d.value = r.Fixed<double>();
      break;
    case Kind::kBytes:
    case Kind::kString:
      d.value = std::string(r.Sized());
      break;
    case Kind::kFixed:
      d.value = std::string(r.Bytes(s.size));
      break;
    case Kind::kRecord:
      d.container = true;
      d.items.reserve(s.children.size());
      for (const auto& f : s.children)
        d.items.push_back(Decode(*f, r));
      break;
    case Kind::kArray:
    case Kind::kMap:
      d.container = true;
      for (int64_t n = r.Long(); n != 0; n = r.Long()) {
        if (n < 0) {
          n = -n;
          r.Long();  // the block's size in bytes, for skipping
        }
        for (int64_t i = 0; i < n; ++i) {
          if (s.kind == Kind::kMap) {
            Datum key;
            key.value = std::string(r.Sized());
            d.items.push_back(std::move(key));
          }
          d.items.push_back(Decode(*s.children[0], r));
        }
      }
      break;
    case Kind::kUnion: {
      int64_t branch = r.Long();
      if (branch < 0 || static_cast<size_t>(branch) >= s.children.size())
        throw Failure{"union branch out of range"};
      return Decode(*s.children[static_cast<size_t>(branch)], r);
    }
  }
  return d;
}

std::shared_ptr<Schema> FromJson(const Json& j,
                                 std::map<std::string, std::shared_ptr<Schema>>& named) {
  auto s = std::make_shared<Schema>();
  if (j.is_array()) {
    s->kind = Kind::kUnion;
    for (const auto& b : j)
      s->children.push_back(FromJson(b, named));
    return s;
  }
  std::string type = j.is_string()              ? j.get<std::string>()
                     : j.at("type").is_string() ? j.at("type").get<std::string>()
                                                : "";
  if (j.is_object() && !j.at("type").is_string()) return FromJson(j.at("type"), named);
  static const std::map<std::string, Kind> primitives = {
      {"null", Kind::kNull},   {"boolean", Kind::kBoolean}, {"int", Kind::kInt},
      {"long", Kind::kLong},   {"float", Kind::kFloat},     {"double", Kind::kDouble},
      {"bytes", Kind::kBytes}, {"string", Kind::kString}};
  if (auto p = primitives.find(type); p != primitives.end()) {
    s->kind = p->second;
    return s;
  }
  if (type == "record" || type == "error") {
    s->kind = Kind::kRecord;
    s->name = j.value("name", "");
    named[s->name] = s;
    for (const auto& f : j.at("fields")) {
      s->field_names.push_back(f.at("name").get<std::string>());
      s->field_ids.push_back(f.contains("field-id") ? f["field-id"].get<int>() : -1);
      s->children.push_back(FromJson(f.at("type"), named));
    }
  } else if (type == "enum") {
    s->kind = Kind::kEnum;
    s->name = j.value("name", "");
    s->symbols = j.at("symbols").get<std::vector<std::string>>();
    named[s->name] = s;
  } else if (type == "array") {
    s->kind = Kind::kArray;
    s->children.push_back(FromJson(j.at("items"), named));
  } else if (type == "map") {
    s->kind = Kind::kMap;
    s->children.push_back(FromJson(j.at("values"), named));
  } else if (type == "fixed") {
    s->kind = Kind::kFixed;
    s->name = j.value("name", "");
    s->size = j.at("size").get<size_t>();
    named[s->name] = s;
  } else if (auto n = named.find(type); n != named.end()) {
    return n->second;
  } else {
    throw Failure{"unknown Avro type '" + type + "'"};
  }
  return s;
}

std::string Inflate(std::string_view in) {
  z_stream z{};
  if (inflateInit2(&z, -15) != Z_OK) throw Failure{"zlib init failed"};
  std::string out;
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  z.avail_in = static_cast<uInt>(in.size());
  char buf[65536];
  int rc;
  do {
    z.next_out = reinterpret_cast<Bytef*>(buf);
    z.avail_out = sizeof buf;
    rc = inflate(&z, Z_NO_FLUSH);
    if (rc != Z_OK && rc != Z_STREAM_END) {
      inflateEnd(&z);
      throw Failure{"bad deflate block"};
    }
    out.append(buf, sizeof buf - z.avail_out);
  } while (rc != Z_STREAM_END && (z.avail_in > 0 || z.avail_out == 0));
  inflateEnd(&z);
  return out;
}

std::string Decompress(const std::string& codec, std::string_view block) {
  if (codec.empty() || codec == "null") return std::string(block);
  if (codec == "deflate") return Inflate(block);
  if (codec == "snappy") {
    if (block.size() < 4) throw Failure{"short snappy block"};
    std::string out;
    // The last 4 bytes are a CRC32 of the uncompressed data.
    if (!snappy::Uncompress(block.data(), block.size() - 4, &out))
      throw Failure{"bad snappy block"};
    uint32_t want = (static_cast<uint32_t>(static_cast<uint8_t>(block[block.size() - 4])) << 24) |
                    (static_cast<uint32_t>(static_cast<uint8_t>(block[block.size() - 3])) << 16) |
                    (static_cast<uint32_t>(static_cast<uint8_t>(block[block.size() - 2])) << 8) |
                    static_cast<uint32_t>(static_cast<uint8_t>(block[block.size() - 1]));
    if (crc32(0, reinterpret_cast<const Bytef*>(out.data()), static_cast<uInt>(out.size())) != want)
      throw Failure{"snappy block checksum mismatch"};
    return out;
  }
  if (codec == "zstandard") {
    unsigned long long size = ZSTD_getFrameContentSize(block.data(), block.size());
    if (size == ZSTD_CONTENTSIZE_ERROR) throw Failure{"bad zstandard block"};
    if (size != ZSTD_CONTENTSIZE_UNKNOWN) {
      std::string out(size, '\0');
      size_t n = ZSTD_decompress(out.data(), out.size(), block.data(), block.size());
      if (ZSTD_isError(n)) throw Failure{"bad zstandard block"};
      out.resize(n);
      return out;
    }
    // Streamed frames do not say their size.
    std::string out;
    ZSTD_DStream* ds = ZSTD_createDStream();
    ZSTD_inBuffer in{block.data(), block.size(), 0};
    char buf[65536];
    while (in.pos < in.size) {
      ZSTD_outBuffer o{buf, sizeof buf, 0};
      size_t rc = ZSTD_decompressStream(ds, &o, &in);
      if (ZSTD_isError(rc)) {
        ZSTD_freeDStream(ds);
        throw Failure{"bad zstandard block"};
      }
      out.append(buf, o.pos);
      if (rc == 0 && in.pos == in.size) break;
    }
    ZSTD_freeDStream(ds);
    return out;
  }
  throw Failure{"unsupported Avro codec '" + codec + "'"};
}

}  // namespace

namespace {

void PutLong(std::string& out, int64_t v) {
  uint64_t z = (static_cast<uint64_t>(v) << 1) ^ static_cast<uint64_t>(v >> 63);
  while (z >= 0x80) {
    out += static_cast<char>((z & 0x7f) | 0x80);
    z >>= 7;
  }
  out += static_cast<char>(z);
}

void PutBytes(std::string& out, std::string_view bytes) {
  PutLong(out, static_cast<int64_t>(bytes.size()));
  out += bytes;
}

int64_t AsInt(const Datum& d) {
  return std::holds_alternative<int64_t>(d.value) ? std::get<int64_t>(d.value) : 0;
}

const std::string& AsStr(const Datum& d) {
  static const std::string empty;
  return std::holds_alternative<std::string>(d.value) ? std::get<std::string>(d.value) : empty;
}

}  // namespace

void Encode(const Schema& s, const Datum& d, std::string& out) {
  switch (s.kind) {
    case Kind::kNull:
      return;
    case Kind::kBoolean:
      out += static_cast<char>(AsInt(d) != 0);
      return;
    case Kind::kInt:
    case Kind::kLong:
    case Kind::kEnum:
      PutLong(out, AsInt(d));
      return;
    case Kind::kFloat: {
      float f = std::holds_alternative<double>(d.value)
                    ? static_cast<float>(std::get<double>(d.value))
                    : 0;
      out.append(reinterpret_cast<const char*>(&f), 4);
      return;
    }
    case Kind::kDouble: {
      double f = std::holds_alternative<double>(d.value) ? std::get<double>(d.value) : 0;
      out.append(reinterpret_cast<const char*>(&f), 8);
      return;
    }
    case Kind::kBytes:
    case Kind::kString:
      PutBytes(out, AsStr(d));
      return;
    case Kind::kFixed:
      out += AsStr(d);
      return;
    case Kind::kRecord:
      for (size_t i = 0; i < s.children.size(); ++i)
        Encode(*s.children[i], i < d.items.size() ? d.items[i] : Datum{}, out);
      return;
    case Kind::kArray:
    case Kind::kMap: {
      size_t per = s.kind == Kind::kMap ? 2 : 1;
      if (!d.items.empty()) {
        PutLong(out, static_cast<int64_t>(d.items.size() / per));
        for (size_t i = 0; i < d.items.size(); i += per) {
          if (per == 2) PutBytes(out, AsStr(d.items[i]));
          Encode(*s.children[0], d.items[i + per - 1], out);
        }
      }
      PutLong(out, 0);
      return;
    }
    case Kind::kUnion: {
      size_t branch = 0;
      for (size_t i = 0; i < s.children.size(); ++i) {
        bool is_null = s.children[i]->kind == Kind::kNull;
        if (is_null == d.IsNull()) {
          branch = i;
          break;
        }
      }
      PutLong(out, static_cast<int64_t>(branch));
      Encode(*s.children[branch], d, out);
      return;
    }
  }
}

std::string WriteContainer(const Schema& schema,
                           const std::vector<std::pair<std::string, std::string>>& meta,
                           const std::vector<Datum>& records) {
  std::string out = "Obj\x01";
  std::vector<std::pair<std::string, std::string>> header;
  for (const auto& kv : meta) {
    if (kv.first != "avro.codec") header.push_back(kv);
  }
  header.emplace_back("avro.codec", "null");
  PutLong(out, static_cast<int64_t>(header.size()));
  for (const auto& [k, v] : header) {
    PutBytes(out, k);
    PutBytes(out, v);
  }
  PutLong(out, 0);
  const std::string sync = "lakedev-manifest";  // any 16 bytes
  out += sync;
  if (!records.empty()) {
    std::string block;
    for (const auto& r : records)
      Encode(schema, r, block);
    PutLong(out, static_cast<int64_t>(records.size()));
    PutBytes(out, block);
    out += sync;
  }
  return out;
}

int Schema::FieldIndex(std::string_view name) const {
  for (size_t i = 0; i < field_names.size(); ++i) {
    if (field_names[i] == name) return static_cast<int>(i);
  }
  return -1;
}

std::shared_ptr<Schema> ParseSchema(const std::string& json) {
  std::map<std::string, std::shared_ptr<Schema>> named;
  try {
    return FromJson(Json::parse(json), named);
  } catch (const Failure& f) {
    throw Error(ErrorKind::kIo, "bad Avro schema: " + f.what);
  } catch (const std::exception& e) {
    throw Error(ErrorKind::kIo, std::string("bad Avro schema: ") + e.what());
  }
}

std::string File::Meta(std::string_view key) const {
  for (const auto& [k, v] : meta_) {
    if (k == key) return v;
  }
  return "";
}

File File::Parse(std::string bytes, const std::string& name) {
  File f;
  try {
    Reader r(bytes.data(), bytes.size());
    if (r.Remaining() < 4 || std::memcmp(r.Bytes(4).data(), "Obj\x01", 4) != 0)
      throw Failure{"not an Avro container file (no Obj\\x01 magic)"};
    for (int64_t n = r.Long(); n != 0; n = r.Long()) {
      if (n < 0) {
        n = -n;
        r.Long();
      }
      for (int64_t i = 0; i < n; ++i) {
        std::string key(r.Sized());
        f.meta_.emplace_back(std::move(key), std::string(r.Sized()));
      }
    }
    std::string sync(r.Bytes(16));
    std::string schema = f.Meta("avro.schema");
    if (schema.empty()) throw Failure{"no avro.schema in the header"};
    f.schema_ = ParseSchema(schema);
    std::string codec = f.Meta("avro.codec");
    while (!r.AtEnd()) {
      int64_t count = r.Long();
      std::string block = Decompress(codec, r.Sized());
      if (r.Bytes(16) != sync) throw Failure{"sync marker mismatch"};
      Reader b(block.data(), block.size());
      for (int64_t i = 0; i < count; ++i)
        f.records_.push_back(Decode(*f.schema_, b));
    }
  } catch (const Failure& e) {
    throw Error(ErrorKind::kIo, name + ": " + e.what, {}, "the file is damaged or not a manifest");
  }
  return f;
}

}  // namespace lakedev::lake::avro
