// Grouping length-prefixed NAL units into pictures (lib/media/nal_access_units), as repair reads
// a power-cut MP4's mdat: several slices of one picture stay one picture, parameter sets and SEI
// open the next, keyframes are IDR/IRAP, and a cut or foreign byte ends the scan with a reason.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "lib/media/nal_access_units.hpp"

namespace footage::media {
namespace {

std::string units(const std::vector<std::vector<unsigned char>>& nals, int length_size = 4) {
    std::string bytes;
    for (const std::vector<unsigned char>& nal : nals) {
        for (int shift = 8 * (length_size - 1); shift >= 0; shift -= 8) {
            bytes.push_back(static_cast<char>((nal.size() >> shift) & 0xff));
        }
        bytes.append(nal.begin(), nal.end());
    }
    return bytes;
}

// H.264: the bit after the header byte is first_mb_in_slice's first bit (1 means macroblock 0).
const std::vector<unsigned char> kSps = {0x67, 0x64, 0x00, 0x0a};
const std::vector<unsigned char> kPps = {0x68, 0xeb, 0xe3};
const std::vector<unsigned char> kIdrFirst = {0x65, 0x88, 0x84, 0x00};
const std::vector<unsigned char> kIdrSecond = {0x65, 0x40, 0x12, 0x00};  // first_mb != 0
const std::vector<unsigned char> kPFirst = {0x41, 0x9a, 0x24};
const std::vector<unsigned char> kPSecond = {0x41, 0x20, 0x24};

TEST(NalAccessUnits, SlicesOfOnePictureStayTogetherAndKeyframesAreIdr) {
    const std::string bytes =
        units({kSps, kPps, kIdrFirst, kIdrSecond, kPFirst, kPSecond, kPFirst});
    const AccessUnitScan scan = scan_access_units(bytes, NalCodec::h264, 4);
    ASSERT_EQ(scan.units.size(), 3u);
    EXPECT_TRUE(scan.units[0].keyframe);
    EXPECT_EQ(scan.units[0].offset, 0u);
    EXPECT_EQ(scan.units[0].size, 4u * 4 + 4 + 3 + 4 + 4);  // SPS, PPS and both IDR slices
    EXPECT_FALSE(scan.units[1].keyframe);
    EXPECT_EQ(scan.units[1].size, 2u * (4 + 3));
    EXPECT_EQ(scan.used_bytes, bytes.size());
    EXPECT_EQ(scan.stopped, "");
}

TEST(NalAccessUnits, ACutUnitEndsTheScanAndKeepsOnlyWholePictures) {
    std::string bytes = units({kSps, kPps, kIdrFirst, kPFirst, kPSecond, kPFirst});
    // Cut inside the last P picture's slice, after the bit that says it begins a picture: the
    // two pictures before it are whole.
    bytes.resize(bytes.size() - 1);
    AccessUnitScan scan = scan_access_units(bytes, NalCodec::h264, 4);
    EXPECT_EQ(scan.units.size(), 2u);
    EXPECT_NE(scan.stopped.find("cut short"), std::string::npos) << scan.stopped;
    // Cut inside the second slice of a picture: that picture is dropped, not taken as whole.
    bytes = units({kSps, kPps, kIdrFirst, kPFirst, kPSecond});
    bytes.resize(bytes.size() - 1);
    scan = scan_access_units(bytes, NalCodec::h264, 4);
    EXPECT_EQ(scan.units.size(), 1u);
    // Cut right after its header byte, nothing says whether it begins a picture or continues
    // the one before: that one is not taken as whole either.
    bytes = units({kSps, kPps, kIdrFirst, kPFirst, kPSecond, kPFirst});
    bytes.resize(bytes.size() - 2);
    scan = scan_access_units(bytes, NalCodec::h264, 4);
    EXPECT_EQ(scan.units.size(), 1u);
    // Zeroed space after the pictures (the last one may have lost slices to it), and bytes that
    // are no H.264 NAL unit.
    scan = scan_access_units(units({kSps, kPps, kIdrFirst, kPFirst}) + std::string(8, '\0'),
                             NalCodec::h264, 4);
    EXPECT_EQ(scan.units.size(), 1u);
    EXPECT_NE(scan.stopped.find("length of 0"), std::string::npos) << scan.stopped;
    scan = scan_access_units(units({{0x40, 0x01, 0x0c}}), NalCodec::h264, 4);  // an H.265 VPS
    EXPECT_TRUE(scan.units.empty());
    EXPECT_NE(scan.stopped.find("not an H.264 NAL unit"), std::string::npos) << scan.stopped;
}

TEST(NalAccessUnits, HevcPicturesAndTwoByteLengths) {
    const std::vector<unsigned char> vps = {0x40, 0x01, 0x0c};
    const std::vector<unsigned char> idr = {0x26, 0x01, 0xaf, 0x00};    // IDR_W_RADL, first slice
    const std::vector<unsigned char> idr2 = {0x26, 0x01, 0x2f, 0x00};   // a later slice of it
    const std::vector<unsigned char> trail = {0x02, 0x01, 0xd0, 0x00};  // TRAIL_R, first slice
    const std::vector<unsigned char> suffix_sei = {0x50, 0x01, 0x05};   // belongs to its picture
    const std::string bytes = units({vps, idr, idr2, suffix_sei, trail, trail}, 2);
    const AccessUnitScan scan = scan_access_units(bytes, NalCodec::hevc, 2);
    ASSERT_EQ(scan.units.size(), 3u);
    EXPECT_TRUE(scan.units[0].keyframe);
    EXPECT_EQ(scan.units[0].size, 2u * 4 + 3 + 4 + 4 + 3);
    EXPECT_FALSE(scan.units[1].keyframe);
    EXPECT_EQ(scan.used_bytes, bytes.size());
}

}  // namespace
}  // namespace footage::media
