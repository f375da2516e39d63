#include "lib/naming/name_pattern.hpp"

namespace footage::naming {

// Export names seen in the wild (none vendor-documented). Most specific first; each has a test.
const std::vector<NamePattern>& builtin_patterns() {
    static const std::vector<NamePattern> patterns = {
        {"canon", "NVR_MEDIA_{camera}_{date}_{time}_{end_date}_{end_time}", "UTC",
         "NVR_MEDIA_lobby_20201103_070000_20201103_080000.mp4"},
        {"dahua-export-split", "{recorder}_ch{channel}_{*}_{date}_{time}_{end_date}_{end_time}", "",
         "NVR_ch2_main_20260507_000000_20260507_010000.dav"},
        {"dahua-export", "{recorder}_ch{channel}_{*}_{start}_{end}", "",
         "NVR_ch1_main_20201103140000_20201103150000.dav"},
        {"dahua-disk", "{date}/{channel}/dav/{**}/{time}-{end_time}{*}", "",
         "2020-11-03/001/dav/14/14.00.00-14.59.59[R][0@0][0].dav"},
        {"brickcom", "{date}-{time}-{end_time}_{ip}-CH{channel}", "",
         "20201103-140000-150000_192.168.1.20-CH2.avi"},
        {"ip-channel", "{ip}_{channel}_{start}_{end}", "",
         "192.168.1.64_01_20201103140000_20201103150000.mp4"},
        {"ip-channel-start", "{ip}_{channel}_{start}", "", "192.168.1.64_01_20201103140000.mp4"},
        {"hikvision", "ch{channel}_{start}_{end}", "", "ch01_20201103140000_20201103150000.mp4"},
        {"hikvision-start", "ch{channel}_{start}", "", "ch01_20201103140000.mp4"},
        {"camera-folder", "{camera}/{date}/{time}", "", "cam03/2020-11-03/14-00-00.mp4"},
    };
    return patterns;
}

}  // namespace footage::naming
