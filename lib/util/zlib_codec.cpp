#include "lib/util/zlib_codec.hpp"

#include <stdexcept>

#include <zlib.h>

namespace footage {

std::string deflate_bytes(std::string_view bytes) {
    uLongf size = compressBound(static_cast<uLong>(bytes.size()));
    std::string out(size, '\0');
    if (compress2(reinterpret_cast<Bytef*>(out.data()), &size,
                  reinterpret_cast<const Bytef*>(bytes.data()), static_cast<uLong>(bytes.size()),
                  Z_DEFAULT_COMPRESSION) != Z_OK) {
        throw std::runtime_error("zlib cannot compress");
    }
    out.resize(size);
    return out;
}

std::optional<std::string> inflate_bytes(std::string_view bytes) {
    z_stream stream{};
    if (inflateInit(&stream) != Z_OK) {
        throw std::runtime_error("zlib cannot start");
    }
    stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(bytes.data()));
    stream.avail_in = static_cast<uInt>(bytes.size());
    std::string out;
    char buffer[16384];
    int rc = Z_OK;
    while (rc == Z_OK) {
        stream.next_out = reinterpret_cast<Bytef*>(buffer);
        stream.avail_out = sizeof buffer;
        rc = inflate(&stream, Z_NO_FLUSH);
        out.append(buffer, sizeof buffer - stream.avail_out);
        if (rc == Z_BUF_ERROR && stream.avail_in == 0) {
            break;  // truncated
        }
    }
    inflateEnd(&stream);
    if (rc != Z_STREAM_END) {
        return std::nullopt;
    }
    return out;
}

}  // namespace footage
