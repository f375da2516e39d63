#include "lib/util/unicode_nfc.hpp"

#include <unicode/unorm2.h>
#include <unicode/ustring.h>

#include <algorithm>
#include <vector>

namespace footage {

std::string to_nfc(std::string_view utf8) {
    if (std::all_of(utf8.begin(), utf8.end(), [](char c) { return (c & 0x80) == 0; })) {
        return std::string(utf8);  // ASCII is already NFC
    }
    UErrorCode status = U_ZERO_ERROR;
    const UNormalizer2* nfc = unorm2_getNFCInstance(&status);
    if (U_FAILURE(status) || utf8.size() > 1'000'000) {
        return std::string(utf8);
    }
    const auto length = static_cast<int32_t>(utf8.size());
    std::vector<UChar> wide(utf8.size() + 1);
    int32_t wide_length = 0;
    u_strFromUTF8(wide.data(), static_cast<int32_t>(wide.size()), &wide_length, utf8.data(), length,
                  &status);
    if (U_FAILURE(status)) {
        return std::string(utf8);  // not UTF-8: compared byte for byte
    }
    // Composition never lengthens a string by more than a factor of 3 (Unicode UAX #15).
    std::vector<UChar> composed(static_cast<size_t>(wide_length) * 3 + 1);
    int32_t composed_length =
        unorm2_normalize(nfc, wide.data(), wide_length, composed.data(),
                         static_cast<int32_t>(composed.size()), &status);
    if (U_FAILURE(status)) {
        return std::string(utf8);
    }
    std::string out(static_cast<size_t>(composed_length) * 3 + 1, '\0');
    int32_t out_length = 0;
    u_strToUTF8(out.data(), static_cast<int32_t>(out.size()), &out_length, composed.data(),
                composed_length, &status);
    if (U_FAILURE(status)) {
        return std::string(utf8);
    }
    out.resize(static_cast<size_t>(out_length));
    return out;
}

}  // namespace footage
